import { join } from 'node:path';
import type { Middleware } from 'koa';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import type { DemoIdentity } from '../demo-identities.js';
import { loadOrCreateIdpKeys } from './idp-keys.js';
import { idpErrorPage, idpLogoutDonePage, idpLogoutPage } from './idp-pages.js';

import { IDP_PREFIX } from './idp-paths.js';

export { IDP_PREFIX };

/** A relying party registered at the embedded provider. */
export interface IdpClient {
  clientId: string;
  clientSecret: string;
  clientName: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

export interface EmbeddedIdpOptions {
  /** `<portal origin>/oidc`. */
  issuer: string;
  clients: IdpClient[];
  identities: readonly DemoIdentity[];
  /** The demo password every identity signs in with. */
  password: string;
  /** Keeps the signing and cookie keys (idp-keys.json). */
  dataDir: string;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto for the URLs it builds. */
  proxy?: boolean;
}

export interface EmbeddedIdp {
  provider: Provider;
  issuer: string;
  clients: IdpClient[];
  /** User names of the demo identities, shown on the login page. */
  usernames: string[];
  /** Finds an identity by user name or citizen ID and checks the password. */
  authenticate(login: string, password: string): Promise<DemoIdentity | null>;
  /** Runs the provider's own endpoints under /oidc (not the interaction pages, which are ours). */
  middleware: Middleware;
}

const SECONDS = { minute: 60, hour: 3600 };

/**
 * The development identity provider (oidc-provider 9): authorization code with PKCE (S256, always
 * required), ID tokens carrying `name` and `so_dinh_danh`, RP-initiated logout, and our own
 * Vietnamese pages for login, consent, logout and errors (its default pages carry inline styles,
 * which the portal's CSP forbids). Accounts and sessions live in memory: restart and everyone
 * signs in again. Never started in production unless configured (see config.ts).
 */
export async function createEmbeddedIdp(o: EmbeddedIdpOptions): Promise<EmbeddedIdp> {
  const keys = loadOrCreateIdpKeys(join(o.dataDir, 'idp-keys.json'));
  const passwordHash = await hashPassword(o.password);
  const bySub = new Map(o.identities.map((i) => [i.citizenId, i]));

  const provider = new Provider(o.issuer, {
    clients: o.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      client_name: c.clientName,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [keys.signingJwk] },
    cookies: { keys: [keys.cookieKey] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'so_dinh_danh'] },
    // The relying party reads the citizen ID from the ID token, as from the national SSO.
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) => {
      const identity = bySub.get(sub);
      if (!identity) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: identity.name, so_dinh_danh: identity.citizenId }),
      };
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `${IDP_PREFIX}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = idpLogoutPage({ form, host: ctx.host });
        },
        postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = idpLogoutDonePage();
        },
      },
    },
    renderError: (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = idpErrorPage({
        error: out.error,
        ...(out.error_description ? { description: out.error_description } : {}),
      });
    },
    ttl: {
      AuthorizationCode: SECONDS.minute,
      AccessToken: 10 * SECONDS.minute,
      IdToken: SECONDS.hour,
      Interaction: 10 * SECONDS.minute,
      Session: 8 * SECONDS.hour,
      Grant: 8 * SECONDS.hour,
    },
  });
  provider.proxy = o.proxy ?? false;

  return {
    provider,
    issuer: o.issuer,
    clients: o.clients,
    usernames: o.identities.map((i) => i.username),
    async authenticate(login, password) {
      const key = login.trim().toLowerCase();
      const identity = o.identities.find((i) => i.username === key || i.citizenId === key);
      const ok = await verifyPassword(passwordHash, password);
      return identity && ok ? identity : null;
    },
    middleware: mountProvider(provider),
  };
}

/**
 * Hands requests under /oidc to the provider as its own Koa application (its own context, cookie
 * keys and error handling), with the URL relative to /oidc and `originalUrl` kept, from which it
 * derives its mount path. The portal's security headers are already on the response. The
 * interaction pages under /oidc/interaction/ are the portal's routes and pass through.
 */
function mountProvider(provider: Provider): Middleware {
  const handle = provider.callback();
  return async (ctx, next) => {
    const path = ctx.path;
    if (path !== IDP_PREFIX && !path.startsWith(`${IDP_PREFIX}/`)) return next();
    if (path.startsWith(`${IDP_PREFIX}/interaction/`)) return next();
    const req = ctx.req as typeof ctx.req & { originalUrl?: string };
    req.originalUrl = req.url;
    req.url = (req.url ?? '').slice(IDP_PREFIX.length) || '/';
    ctx.respond = false;
    await handle(req, ctx.res);
  };
}
