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
    /** HTTP Basic user for the engine REST API (with ENGINE_PASSWORD; both or neither). */
    ENGINE_USER: z.string().min(1).optional(),
    /** HTTP Basic password for the engine REST API (with ENGINE_USER). */
    ENGINE_PASSWORD: z.string().min(1).optional(),
  })
  .refine((e) => (e.ENGINE_USER === undefined) === (e.ENGINE_PASSWORD === undefined), {
    message: 'set both ENGINE_USER and ENGINE_PASSWORD, or neither',
    path: ['ENGINE_PASSWORD'],
  })
  .refine((e) => !(e.PORTAL_EMULATORS && e.NODE_ENV === 'production'), {
    message: 'the emulators are for development: not with NODE_ENV=production',
    path: ['PORTAL_EMULATORS'],
  })
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
    engineAuth:
      e.ENGINE_USER !== undefined && e.ENGINE_PASSWORD !== undefined
        ? { user: e.ENGINE_USER, password: e.ENGINE_PASSWORD }
        : undefined,
  }));

export type PortalConfig = z.infer<typeof schema>;

/** Reads the portal's configuration from the environment; the only reader of process.env here. */
export function loadPortalConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig {
  return parseEnv(schema, env);
}
