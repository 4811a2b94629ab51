import * as oidc from 'openid-client';

/** The two sign-in doors: citizens and businesses (VNeID / national SSO), and the ministry's officers. */
export type SsoProviderName = 'citizen' | 'officer';

/** One identity provider as the portal is configured for it (see config.ts for the variables). */
export interface OidcProviderSettings {
  /** Issuer URL; its discovery document is `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Client secret (client_secret_basic); absent for a public client. Never logged. */
  clientSecret?: string | undefined;
  /** The callback URL registered at the provider; default this portal's origin + callback path. */
  redirectUri?: string | undefined;
  /** Where the provider sends the browser after sign-out; default this portal's `/dang-xuat/xong`. */
  postLogoutRedirectUri?: string | undefined;
  /** Default `openid profile`. */
  scope: string;
  /** e.g. `LoA1` at the national SSO. */
  acrValues?: string | undefined;
  /** The claim holding the citizen ID (số định danh cá nhân). Default `so_dinh_danh`. */
  idClaim: string;
  /** Allow an http:// issuer (the embedded provider in development, local tests). */
  allowHttp: boolean;
}

export interface SignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why a callback was refused, for the audit log (never shown raw, never holding tokens). */
export class OidcExchangeError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`OIDC exchange refused: ${reason}`, options);
    this.name = 'OidcExchangeError';
  }
}

/**
 * openid-client 6 for one provider: discovery (cached; retried after a failure), the authorization
 * URL (code + PKCE S256, state, nonce), the code exchange with its checks (state, nonce, ID token
 * signature, issuer, audience, expiry) and the end-session URL.
 */
export class OidcRelyingParty {
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    readonly name: SsoProviderName,
    readonly settings: OidcProviderSettings,
  ) {}

  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        undefined,
        this.settings.clientSecret ? oidc.ClientSecretBasic(this.settings.clientSecret) : oidc.None(),
        { timeout: 10, ...(this.settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : {}) },
      )
      .catch((err: unknown) => {
        this.discovered = null;
        throw err;
      });
    return this.discovered;
  }

  async authorizationUrl(o: SignInChecks & { redirectUri: string }): Promise<URL> {
    const config = await this.configuration();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: o.redirectUri,
      scope: this.settings.scope,
      response_type: 'code',
      state: o.state,
      nonce: o.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(o.codeVerifier),
      code_challenge_method: 'S256',
      ...(this.settings.acrValues ? { acr_values: this.settings.acrValues } : {}),
    });
  }

  /** Exchanges the code of `callbackUrl`; throws OidcExchangeError on any failed check. */
  async exchange(
    callbackUrl: URL,
    checks: SignInChecks,
  ): Promise<{ claims: Record<string, unknown>; idToken: string }> {
    const config = await this.configuration();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new OidcExchangeError('no-id-token');
      return { claims: { ...claims }, idToken: tokens.id_token };
    } catch (err) {
      if (err instanceof OidcExchangeError) throw err;
      throw new OidcExchangeError(describe(err), { cause: err });
    }
  }

  /** The provider's sign-out URL for this ID token, or null when it has no end_session_endpoint. */
  async endSessionUrl(o: { idToken: string; postLogoutRedirectUri: string }): Promise<URL | null> {
    const config = await this.configuration();
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: o.idToken,
      post_logout_redirect_uri: o.postLogoutRedirectUri,
    });
  }
}

/** A short reason for the audit log: the OAuth error code or the check that failed. */
function describe(err: unknown): string {
  // openid-client wraps oauth4webapi's errors; the detail (OAuth `error`, the failed claim) may
  // sit at any depth of the cause chain.
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.error === 'string') return e.error;
    const cause = e.cause as Record<string, unknown> | undefined;
    if (typeof cause?.claim === 'string') return `${cause.claim}-mismatch`;
    e = cause && typeof cause === 'object' ? cause : undefined;
  }
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.message === 'string' && e.message) return e.message.slice(0, 120);
  return 'unknown';
}
