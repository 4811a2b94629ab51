import { z } from 'zod';
import { parseEnv, portSchema } from '@motcua/domain';

/** `1`, `true`, `yes`, `on` (any case) are true; `0`, `false`, `no`, `off` and empty are false. */
const flag = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return false;
    const s = v.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: `expected true/false, got "${v}"` });
    return z.NEVER;
  });

/** Like `flag`, but true when unset. */
const flagDefaultTrue = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return true;
    const s = v.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: `expected true/false, got "${v}"` });
    return z.NEVER;
  });

/** The settings of one provider from its `OIDC_…` or `OIDC_OFFICER_…` variables, when configured. */
function providerSettings(e: Record<string, unknown>, prefix: 'OIDC_' | 'OIDC_OFFICER_', allowHttp: boolean) {
  const get = (k: string) => e[`${prefix}${k}`] as string | undefined;
  const issuer = get('ISSUER');
  const clientId = get('CLIENT_ID');
  if (!issuer || !clientId) return undefined;
  return {
    issuer,
    clientId,
    clientSecret: get('CLIENT_SECRET'),
    redirectUri: get('REDIRECT_URI'),
    postLogoutRedirectUri: get('POST_LOGOUT_REDIRECT_URI'),
    scope: get('SCOPE') ?? 'openid profile',
    acrValues: get('ACR_VALUES'),
    idClaim: get('CITIZEN_ID_CLAIM') ?? 'so_dinh_danh',
    allowHttp,
  };
}

const schema = z
  .object({
    /** Port the portal listens on. Default 3000. */
    PORT: portSchema.default(3000),
    /** Interface to bind. Default 127.0.0.1 (put a reverse proxy in front for the outside). */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Camunda 7 REST base of the engine (ours or Operaton). */
    ENGINE_URL: z.url().default('http://localhost:8080/engine-rest'),
    /** Where local data lives (SQLite file, the demo password file). Default ./data. */
    DATA_DIR: z.string().min(1).default('./data'),
    /** `sqlite:<path>` or `mysql://user:pass@host:port/db`. Default sqlite:${DATA_DIR}/motcua.sqlite. */
    DB_URL: z.string().min(1).optional(),
    /** Seed the demo accounts congdan / canbo / lanhdao. On in `npm start`. */
    MOTCUA_DEMO: flag,
    /**
     * Serve the outside systems' local emulators under `/gia-lap/` (national portal …). On under
     * `npm start`; refused with NODE_ENV=production.
     */
    PORTAL_EMULATORS: flag,
    NODE_ENV: z.string().optional(),
    /** Password of the demo accounts; else one is generated per data dir and printed at start. */
    MOTCUA_DEMO_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
    /**
     * Set when the portal is served over https behind a TLS-terminating proxy: cookies get `Secure`,
     * HSTS is sent, and the proxy's X-Forwarded-Proto/-For headers are trusted.
     */
    PORTAL_SECURE_COOKIES: flag,
    /** Largest uploaded document file, in bytes. Default 10 MiB; at most 64 MiB (and below MariaDB's max_allowed_packet). */
    PORTAL_MAX_FILE_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** Largest total of one dossier's document files, in bytes. Default 50 MiB. */
    PORTAL_MAX_DOSSIER_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(50 * 1024 * 1024),
    /** Hours an upload waits for its application or supplement before it is deleted. Default 24. */
    PORTAL_UPLOAD_STAGING_HOURS: z.coerce.number().positive().max(720).default(24),
    /** Development only: run the SMTP emulator on this port and list its mail at /gia-lap/hop-thu/ (`npm start` sets it). */
    EMULATOR_SMTP_PORT: portSchema.optional(),
    /** Development only: run the SMS gateway emulator on this port and list its messages at /gia-lap/sms/. */
    EMULATOR_SMS_PORT: portSchema.optional(),
    /** The SMS emulator's API key (the workers' SMS_API_KEY). Default `dev-sms-key`. */
    EMULATOR_SMS_KEY: z.string().min(1).default('dev-sms-key'),
    /** HTTP Basic user for the engine REST API (with ENGINE_PASSWORD; both or neither). */
    ENGINE_USER: z.string().min(1).optional(),
    /** HTTP Basic password for the engine REST API (with ENGINE_USER). */
    ENGINE_PASSWORD: z.string().min(1).optional(),
    /** The local password sign-in (development, units without an identity provider). Default true. */
    AUTH_PASSWORD_LOGIN: flagDefaultTrue,
    /**
     * Run the development identity provider at /oidc with the demo identities (needs MOTCUA_DEMO).
     * `npm start` turns it on unless NODE_ENV=production; otherwise off unless set.
     */
    OIDC_EMBEDDED_IDP: flag,
    /** Allow http:// issuers (a local test provider). Default false: identity providers are https. */
    OIDC_ALLOW_HTTP: flag,
    /** Citizens (national SSO / VNeID): issuer URL (discovery at <issuer>/.well-known/openid-configuration). */
    OIDC_ISSUER: z.url().optional(),
    /** Citizens (national SSO / VNeID): the client id registered at the provider (with OIDC_ISSUER). */
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** Citizens (national SSO / VNeID): the client secret (client_secret_basic); never logged. */
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Citizens (national SSO / VNeID): the callback registered there; default <portal origin> + the door's callback path. */
    OIDC_REDIRECT_URI: z.url().optional(),
    /** Citizens (national SSO / VNeID): where the provider returns after sign-out; default <portal origin>/dang-xuat/xong. */
    OIDC_POST_LOGOUT_REDIRECT_URI: z.url().optional(),
    /** Citizens (national SSO / VNeID): scopes asked for. Default `openid profile`. */
    OIDC_SCOPE: z.string().min(1).default('openid profile'),
    /** Citizens (national SSO / VNeID): acr_values sent (the national SSO uses LoA1). */
    OIDC_ACR_VALUES: z.string().min(1).optional(),
    /** Citizens (national SSO / VNeID): the claim holding the citizen ID (số định danh). Default so_dinh_danh. */
    OIDC_CITIZEN_ID_CLAIM: z.string().min(1).default('so_dinh_danh'),
    /** Officers (the ministry's IdP): issuer URL (discovery at <issuer>/.well-known/openid-configuration). */
    OIDC_OFFICER_ISSUER: z.url().optional(),
    /** Officers (the ministry's IdP): the client id registered at the provider (with OIDC_OFFICER_ISSUER). */
    OIDC_OFFICER_CLIENT_ID: z.string().min(1).optional(),
    /** Officers (the ministry's IdP): the client secret (client_secret_basic); never logged. */
    OIDC_OFFICER_CLIENT_SECRET: z.string().min(1).optional(),
    /** Officers (the ministry's IdP): the callback registered there; default <portal origin> + the door's callback path. */
    OIDC_OFFICER_REDIRECT_URI: z.url().optional(),
    /** Officers (the ministry's IdP): where the provider returns after sign-out; default <portal origin>/dang-xuat/xong. */
    OIDC_OFFICER_POST_LOGOUT_REDIRECT_URI: z.url().optional(),
    /** Officers (the ministry's IdP): scopes asked for. Default `openid profile`. */
    OIDC_OFFICER_SCOPE: z.string().min(1).default('openid profile'),
    /** Officers (the ministry's IdP): acr_values sent (the national SSO uses LoA1). */
    OIDC_OFFICER_ACR_VALUES: z.string().min(1).optional(),
    /** Officers (the ministry's IdP): the claim holding the citizen ID (số định danh). Default so_dinh_danh. */
    OIDC_OFFICER_CITIZEN_ID_CLAIM: z.string().min(1).default('so_dinh_danh'),
    /** The origin browsers use, e.g. https://dichvucong.most.gov.vn. Default http://localhost:${PORT}. */
    PORTAL_PUBLIC_URL: z.url().optional(),
    /** Minutes without a request before a session ends. Default 30. */
    PORTAL_SESSION_IDLE_MINUTES: z.coerce
      .number()
      .positive()
      .max(24 * 60)
      .default(30),
    /**
     * Bearer token Prometheus sends to `GET /metrics` (at least 16 characters); unset = metrics off
     * (404). `/health/live` and `/health/ready` need none.
     */
    METRICS_TOKEN: z.string().min(16).optional(),
    /** pino level of the JSON logs on stdout. */
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    /** Hours after sign-in before a session ends whatever happens. Default 12. */
    PORTAL_SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
  })
  .refine((e) => Boolean(e.OIDC_ISSUER) === Boolean(e.OIDC_CLIENT_ID), {
    message: 'set both OIDC_ISSUER and OIDC_CLIENT_ID, or neither',
    path: ['OIDC_CLIENT_ID'],
  })
  .refine((e) => Boolean(e.OIDC_OFFICER_ISSUER) === Boolean(e.OIDC_OFFICER_CLIENT_ID), {
    message: 'set both OIDC_OFFICER_ISSUER and OIDC_OFFICER_CLIENT_ID, or neither',
    path: ['OIDC_OFFICER_CLIENT_ID'],
  })
  .refine(
    (e) => e.AUTH_PASSWORD_LOGIN || e.OIDC_EMBEDDED_IDP || Boolean(e.OIDC_ISSUER || e.OIDC_OFFICER_ISSUER),
    {
      message:
        'AUTH_PASSWORD_LOGIN=false needs an identity provider (OIDC_ISSUER, OIDC_OFFICER_ISSUER or OIDC_EMBEDDED_IDP)',
      path: ['AUTH_PASSWORD_LOGIN'],
    },
  )
  .refine((e) => !e.OIDC_EMBEDDED_IDP || e.MOTCUA_DEMO, {
    message: 'OIDC_EMBEDDED_IDP serves the demo identities: it needs MOTCUA_DEMO=true',
    path: ['OIDC_EMBEDDED_IDP'],
  })
  .refine((e) => (e.ENGINE_USER === undefined) === (e.ENGINE_PASSWORD === undefined), {
    message: 'set both ENGINE_USER and ENGINE_PASSWORD, or neither',
    path: ['ENGINE_PASSWORD'],
  })
  .refine((e) => !(e.PORTAL_EMULATORS && e.NODE_ENV === 'production'), {
    message: 'the emulators are for development: not with NODE_ENV=production',
    path: ['PORTAL_EMULATORS'],
  })
  .refine(
    (e) =>
      e.NODE_ENV !== 'production' ||
      (e.EMULATOR_SMTP_PORT === undefined && e.EMULATOR_SMS_PORT === undefined),
    {
      message: 'the emulators are for development only: unset EMULATOR_* when NODE_ENV=production',
      path: ['NODE_ENV'],
    },
  )
  .refine((e) => e.PORTAL_MAX_DOSSIER_BYTES >= e.PORTAL_MAX_FILE_BYTES, {
    message: 'PORTAL_MAX_DOSSIER_BYTES must not be below PORTAL_MAX_FILE_BYTES',
    path: ['PORTAL_MAX_DOSSIER_BYTES'],
  })
  .transform((e) => ({
    port: e.PORT,
    host: e.HOST,
    engineUrl: e.ENGINE_URL.replace(/\/+$/, ''),
    dataDir: e.DATA_DIR,
    dbUrl: e.DB_URL ?? `sqlite:${e.DATA_DIR.replace(/\/+$/, '')}/motcua.sqlite`,
    demo: e.MOTCUA_DEMO,
    demoPassword: e.MOTCUA_DEMO_PASSWORD,
    secureCookies: e.PORTAL_SECURE_COOKIES,
    emulators: e.PORTAL_EMULATORS,
    documents: {
      maxFileBytes: e.PORTAL_MAX_FILE_BYTES,
      maxDossierBytes: e.PORTAL_MAX_DOSSIER_BYTES,
      stagingMs: e.PORTAL_UPLOAD_STAGING_HOURS * 3600_000,
    },
    sso: {
      passwordLogin: e.AUTH_PASSWORD_LOGIN,
      embeddedIdp: e.OIDC_EMBEDDED_IDP,
      citizen: providerSettings(e, 'OIDC_', e.OIDC_ALLOW_HTTP),
      officer: providerSettings(e, 'OIDC_OFFICER_', e.OIDC_ALLOW_HTTP),
    },
    publicUrl: (e.PORTAL_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    sessions: {
      idleTimeoutMs: e.PORTAL_SESSION_IDLE_MINUTES * 60_000,
      absoluteTimeoutMs: e.PORTAL_SESSION_ABSOLUTE_HOURS * 3600_000,
    },
    messageEmulators:
      e.NODE_ENV !== 'production' && (e.EMULATOR_SMTP_PORT !== undefined || e.EMULATOR_SMS_PORT !== undefined)
        ? { smtpPort: e.EMULATOR_SMTP_PORT, smsPort: e.EMULATOR_SMS_PORT, smsApiKey: e.EMULATOR_SMS_KEY }
        : undefined,
    engineAuth:
      e.ENGINE_USER !== undefined && e.ENGINE_PASSWORD !== undefined
        ? { user: e.ENGINE_USER, password: e.ENGINE_PASSWORD }
        : undefined,
    metrics: { token: e.METRICS_TOKEN, processMetrics: true },
    logLevel: e.LOG_LEVEL,
    /** NODE_ENV=production: no plain-text banner on stdout, only the JSON logs. */
    production: e.NODE_ENV === 'production',
  }));

export type PortalConfig = z.infer<typeof schema>;

/** Reads the portal's configuration from the environment; the only reader of process.env here. */
export function loadPortalConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  return parseEnv(schema, env);
}
