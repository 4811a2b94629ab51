import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { EngineCore } from '../engine-core.js';
import { ADMIN_GROUP, authenticate, type Principal } from '../identity/identity.service.js';
import { sendJson } from './http.js';

export interface RestCredentials {
  user: string;
  password: string;
}

/** How the REST API protects itself (compiled from ENGINE_AUTH, ENGINE_REST_USER/PASSWORD, ENGINE_CORS_ORIGINS). */
export interface RestSecurity {
  /** `none`: open, as Camunda Run's REST API by default; `basic`: HTTP Basic against the engine's users. */
  auth: 'none' | 'basic';
  /** A built-in administrator (member of `camunda-admin`), e.g. for the portal and the workers. */
  admin?: RestCredentials;
  /** With `basic`: the services check the caller's authorizations (default true; false = unchecked). */
  authorization?: boolean;
  /** Origins allowed by CORS; empty = no CORS headers (same-origin only). `*` allows any. */
  corsOrigins?: string[];
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
/** A verified password is remembered for a minute, so a polling worker does not pay scrypt each call. */
const CACHE_MS = 60_000;

function unauthorized(ctx: Context): void {
  ctx.set('WWW-Authenticate', 'Basic realm="motcua-engine"');
  sendJson(ctx, { type: 'AuthenticationException', message: 'Authentication required', code: null }, 401);
}

/**
 * HTTP Basic authentication: the built-in administrator (compared in constant time) or a user of
 * the engine's identity service. Sets `ctx.state.principal` (the operation log's user, see engineOf) and the caller.
 */
export function authentication(core: EngineCore, security: RestSecurity) {
  const admin = security.admin ? digest(`${security.admin.user}:${security.admin.password}`) : null;
  const cache = new Map<string, { principal: Principal; until: number }>();
  return async (ctx: Context, next: Next) => {
    // A CORS preflight carries no credentials; Camunda's own OPTIONS (resource links) does.
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) return next();
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(ctx.get('Authorization'));
    if (!m) return unauthorized(ctx);
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return unauthorized(ctx);
    const user = decoded.slice(0, colon);
    const key = digest(decoded);
    let principal: Principal | null;
    if (admin && timingSafeEqual(key, admin)) principal = { userId: user, groupIds: [ADMIN_GROUP] };
    else {
      const cacheKey = key.toString('hex');
      const hit = cache.get(cacheKey);
      if (hit && hit.until > Date.now()) principal = hit.principal;
      else {
        principal = await core.query((tx) => authenticate(tx, user, decoded.slice(colon + 1)));
        if (principal) {
          if (cache.size > 1000) cache.clear();
          cache.set(cacheKey, { principal, until: Date.now() + CACHE_MS });
        }
      }
    }
    if (!principal) return unauthorized(ctx);
    ctx.state.principal = principal;
    // Services check this caller's authorizations (engineOf); none when checks are turned off.
    ctx.state.caller = security.authorization === false ? null : principal;
    // What the caller authenticated with, digested when asked: `PUT /user/{id}/credentials` asks
    // for it again; no other route needs it, so other calls do not pay the hash.
    ctx.state.passwordDigest = () => digest(decoded.slice(colon + 1));
    await next();
    // A changed password, deleted user or membership must not live on in the cache.
    if (ctx.method !== 'GET' && /^\/engine-rest\/(user|group)\b/.test(ctx.path)) cache.clear();
  };
}

/** CORS for the configured origins (Camunda Run's `camunda.bpm.run.cors`); none configured = no headers. */
export function cors(origins: string[]) {
  return async (ctx: Context, next: Next) => {
    const origin = ctx.get('Origin');
    const allowed = origin && (origins.includes('*') || origins.includes(origin));
    if (allowed) {
      ctx.set('Access-Control-Allow-Origin', origins.includes('*') ? '*' : origin);
      ctx.set('Vary', 'Origin');
      if (ctx.method === 'OPTIONS') {
        ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
        ctx.set(
          'Access-Control-Allow-Headers',
          ctx.get('Access-Control-Request-Headers') || 'Authorization, Content-Type',
        );
        ctx.set('Access-Control-Max-Age', '600');
        ctx.status = 204;
        return;
      }
    }
    await next();
  };
}
