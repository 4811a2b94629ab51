import type Koa from 'koa';
import type { Middleware } from 'koa';
import { createDvcqgEmulator, EMULATORS_MOUNT_PATH } from '@motcua/emulators';

/** An outside system's local emulator served by the portal in development, under `/gia-lap/…`. */
export interface MountedEmulator {
  /** e.g. `/gia-lap/dvcqg`; the emulator's own routes carry this prefix. */
  prefix: string;
  app: Koa;
}

/** The emulators `npm start` serves in development (never with NODE_ENV=production). */
export function developmentEmulators(): MountedEmulator[] {
  const dvcqg = createDvcqgEmulator({ prefix: `${EMULATORS_MOUNT_PATH}/dvcqg` });
  return [{ prefix: dvcqg.prefix, app: dvcqg.app }];
}

/**
 * Hands the emulators' paths to their own apps before the portal's body parsing, sessions and
 * CSRF (they stand for outside systems, called by our workers, not by signed-in users). The
 * portal's security headers, set before, stay on their answers.
 */
export function mountEmulators(emulators: MountedEmulator[]): Middleware {
  const handlers = emulators.map((e) => ({ prefix: e.prefix, handle: e.app.callback() }));
  return async (ctx, next) => {
    const m = handlers.find((h) => ctx.path === h.prefix || ctx.path.startsWith(`${h.prefix}/`));
    if (!m) return next();
    ctx.respond = false;
    await m.handle(ctx.req, ctx.res);
  };
}
