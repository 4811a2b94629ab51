import { randomBytes } from 'node:crypto';
import type { SsoStore } from '@motcua/db/portal';
import { DEMO_IDENTITIES } from './demo-identities.js';
import type { EmbeddedIdp, IdpClient } from './embedded-idp/embedded-idp.js';
import { IDP_PREFIX } from './embedded-idp/idp-paths.js';
import { OidcRelyingParty, type OidcProviderSettings, type SsoProviderName } from './oidc-relying-party.js';
import { SIGNED_OUT_PATH, SSO_PATHS } from './sso.routes.js';

/** How the portal signs people in (from config.ts). */
export interface SsoOptions {
  /** The local password sign-in (AUTH_PASSWORD_LOGIN). */
  passwordLogin: boolean;
  /** Run the development identity provider at /oidc (OIDC_EMBEDDED_IDP); doors not configured use it. */
  embeddedIdp: boolean;
  /** Citizens and businesses: the national portal's SSO / VNeID (OIDC_ISSUER, …). */
  citizen?: OidcProviderSettings | undefined;
  /** Officers: the ministry's IdP (OIDC_OFFICER_ISSUER, …). */
  officer?: OidcProviderSettings | undefined;
}

/** What the portal app mounts. */
export interface PortalSso {
  store: SsoStore;
  passwordLogin: boolean;
  parties: Map<SsoProviderName, OidcRelyingParty>;
  embeddedIdp?: EmbeddedIdp;
  /**
   * Origins a form of ours may end up at through redirects (CSP form-action): the providers'
   * (sign-out goes to their end_session_endpoint) and, with the embedded provider, every origin
   * the portal answers on (its login form on one may send the browser back to another).
   */
  formActionOrigins: string[];
}

const EMBEDDED_CLIENTS: Record<SsoProviderName, { clientId: string; clientName: string }> = {
  citizen: { clientId: 'motcua-cong-dan', clientName: 'Cổng dịch vụ công Bộ KH&CN' },
  officer: { clientId: 'motcua-can-bo', clientName: 'Hệ thống một cửa Bộ KH&CN (cán bộ)' },
};

/**
 * Builds the sign-in doors once the portal's address is known. With the embedded provider, each
 * door without its own settings gets a client there, with a fresh secret per start (both ends live
 * in this process), registered for every origin the portal answers on (public URL, 127.0.0.1 and
 * localhost at its port).
 */
export async function setupSso(
  options: SsoOptions,
  o: {
    store: SsoStore;
    publicUrl: string;
    listenUrl: string;
    dataDir: string;
    demoPassword: string | null;
    secureCookies: boolean;
  },
): Promise<PortalSso> {
  const parties = new Map<SsoProviderName, OidcRelyingParty>();
  let embeddedIdp: EmbeddedIdp | undefined;
  const formActionOrigins = new Set<string>();
  if (options.embeddedIdp) {
    if (!o.demoPassword) {
      throw new Error(
        'OIDC_EMBEDDED_IDP needs the demo accounts (MOTCUA_DEMO=true): its identities use the demo password',
      );
    }
    const origins = originsOf(o.publicUrl, o.listenUrl);
    for (const origin of origins) formActionOrigins.add(origin);
    const issuer = `${o.publicUrl.replace(/\/+$/, '')}${IDP_PREFIX}`;
    const clients: IdpClient[] = [];
    for (const name of ['citizen', 'officer'] as const) {
      if (options[name]) continue;
      const c: IdpClient = {
        ...EMBEDDED_CLIENTS[name],
        clientSecret: randomBytes(24).toString('base64url'),
        redirectUris: origins.map((origin) => `${origin}${SSO_PATHS[name].callback}`),
        postLogoutRedirectUris: origins.map((origin) => `${origin}${SIGNED_OUT_PATH}`),
      };
      clients.push(c);
      parties.set(
        name,
        new OidcRelyingParty(name, {
          issuer,
          clientId: c.clientId,
          clientSecret: c.clientSecret,
          scope: 'openid profile',
          idClaim: 'so_dinh_danh',
          allowHttp: issuer.startsWith('http:'),
        }),
      );
    }
    // Loaded only when wanted: oidc-provider is development machinery here.
    const { createEmbeddedIdp } = await import('./embedded-idp/embedded-idp.js');
    embeddedIdp = await createEmbeddedIdp({
      issuer,
      clients,
      identities: DEMO_IDENTITIES,
      password: o.demoPassword,
      dataDir: o.dataDir,
      proxy: o.secureCookies,
    });
  }
  for (const name of ['citizen', 'officer'] as const) {
    const settings = options[name];
    if (settings) parties.set(name, new OidcRelyingParty(name, settings));
  }
  for (const party of parties.values()) formActionOrigins.add(new URL(party.settings.issuer).origin);
  return {
    store: o.store,
    passwordLogin: options.passwordLogin,
    parties,
    ...(embeddedIdp ? { embeddedIdp } : {}),
    formActionOrigins: [...formActionOrigins],
  };
}

function originsOf(...urls: string[]): string[] {
  const origins = new Set<string>();
  for (const u of urls) {
    const url = new URL(u);
    origins.add(url.origin);
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') {
      const port = url.port ? `:${url.port}` : '';
      origins.add(`${url.protocol}//127.0.0.1${port}`);
      origins.add(`${url.protocol}//localhost${port}`);
    }
  }
  return [...origins];
}
