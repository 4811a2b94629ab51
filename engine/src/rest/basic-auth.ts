import { timingSafeEqual, createHash } from 'node:crypto';
import type { Context, Next } from 'koa';
import { sendJson } from './http.js';

export interface RestCredentials {
  user: string;
  password: string;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Optional HTTP Basic authentication for every route (Camunda Run's opt-in REST auth). The
 * external-task client sends it with its BasicAuthInterceptor. Compared in constant time.
 */
export function basicAuth(credentials: RestCredentials) {
  const expected = digest(`${credentials.user}:${credentials.password}`);
  return async (ctx: Context, next: Next) => {
    const header = ctx.get('Authorization');
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    const given = m ? digest(Buffer.from(m[1]!, 'base64').toString('utf8')) : null;
    if (!given || !timingSafeEqual(given, expected)) {
      ctx.set('WWW-Authenticate', 'Basic realm="motcua-engine"');
      sendJson(ctx, { type: 'AuthenticationException', message: 'Authentication required', code: null }, 401);
      return;
    }
    await next();
  };
}
