import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { dvcqgApiRouter } from './dvcqg-api.js';
import { DVCQG_PAGE_CSS, dvcqgPage } from './dvcqg-page.js';
import { DvcqgState } from './dvcqg-state.js';

export interface DvcqgEmulatorOptions {
  /** Path the emulator answers under, e.g. `/gia-lap/dvcqg` when mounted in the portal. Default ''. */
  prefix?: string;
  /** The client the token endpoint accepts. Default `motcua-dev` / `motcua-dev-secret`. */
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of an access token, ms. Default 300,000 (5 min). */
  tokenTtlMs?: number;
}

export const DVCQG_DEV_CLIENT = { id: 'motcua-dev', secret: 'motcua-dev-secret' } as const;

export interface DvcqgEmulator {
  app: Koa;
  state: DvcqgState;
  prefix: string;
}

/** The national portal emulator as a koa app (mount it, or serve it with `startDvcqgEmulator`). */
export function createDvcqgEmulator(options: DvcqgEmulatorOptions = {}): DvcqgEmulator {
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  const state = new DvcqgState(
    { id: options.clientId ?? DVCQG_DEV_CLIENT.id, secret: options.clientSecret ?? DVCQG_DEV_CLIENT.secret },
    options.tokenTtlMs ?? 300_000,
  );
  const app = new Koa();
  const router = dvcqgApiRouter(state, prefix);
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    ctx.body = dvcqgPage(state, prefix);
  });
  router.get('/trang.css', (ctx) => {
    ctx.type = 'css';
    ctx.body = DVCQG_PAGE_CSS;
  });
  app.use(router.routes()).use(router.allowedMethods());
  return { app, state, prefix };
}

export interface RunningDvcqgEmulator extends DvcqgEmulator {
  /** Base URL, e.g. http://127.0.0.1:43123 (plus the prefix). */
  url: string;
  close(): Promise<void>;
}

/** Serves the emulator on its own port (0 = any free port), for tests. */
export async function startDvcqgEmulator(
  options: DvcqgEmulatorOptions & { port?: number } = {},
): Promise<RunningDvcqgEmulator> {
  const emulator = createDvcqgEmulator(options);
  const server: Server = createServer(emulator.app.callback());
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...emulator,
    url: `http://127.0.0.1:${port}${emulator.prefix}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
