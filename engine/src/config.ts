import { z } from 'zod';
import { parseEnv, portSchema } from '@motcua/domain';
import type { RestSecurity } from './rest/security.js';

/** The engine's environment; the only reader of process.env in this package. */
const schema = z
  .object({
    /** `sqlite:<path>` or `mysql://user:pass@host:port/db`. */
    DB_URL: z.string().min(1).default('sqlite:./data/motcua.sqlite'),
    /** Port of the REST API. */
    ENGINE_PORT: portSchema.default(8080),
    /** Interface to bind; 127.0.0.1 keeps the unauthenticated API local. */
    ENGINE_HOST: z.string().min(1).default('127.0.0.1'),
    /** Optional HTTP Basic credentials for the REST API; set both or neither. */
    ENGINE_REST_USER: z.string().min(1).optional(),
    ENGINE_REST_PASSWORD: z.string().min(8).optional(),
    /**
     * `none` (default): the REST API is open, so keep ENGINE_HOST on 127.0.0.1; `basic`: HTTP Basic
     * against the engine's users (and ENGINE_REST_USER as built-in administrator), as Camunda Run's
     * `camunda.bpm.run.auth.enabled`. Setting ENGINE_REST_USER alone also turns `basic` on.
     */
    ENGINE_AUTH: z.enum(['none', 'basic']).optional(),
    /** With basic auth: check authorizations on every call (`false` = any authenticated user may do anything). */
    ENGINE_AUTHORIZATION: z.enum(['true', 'false']).default('true'),
    /** Comma-separated origins allowed by CORS (`*` for any); unset = no CORS headers. */
    ENGINE_CORS_ORIGINS: z.string().optional(),
    /** Largest File/Bytes variable or task attachment, in bytes (default 10 MiB). */
    ENGINE_MAX_FILE_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(256 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /**
     * Bearer token Prometheus sends to `GET /metrics` (at least 16 characters); unset = metrics off
     * (404). `/health/live` and `/health/ready` need none.
     */
    METRICS_TOKEN: z.string().min(16).optional(),
    /**
     * How long the job executor keeps a job it acquired (Camunda's `lockTimeInMillis`): an engine
     * that dies holding jobs delays them this long before another engine takes them over.
     */
    ENGINE_JOB_LOCK_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(5 * 60_000),
    /** How often the job executor looks for due jobs (timers, retries), ms. */
    ENGINE_JOB_POLL_MS: z.coerce.number().int().min(50).default(1000),
    /** pino level. */
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .refine((c) => (c.ENGINE_REST_USER === undefined) === (c.ENGINE_REST_PASSWORD === undefined), {
    message: 'set ENGINE_REST_USER and ENGINE_REST_PASSWORD together',
    path: ['ENGINE_REST_USER'],
  });

export type EngineConfig = z.infer<typeof schema>;

/** The REST API's protection from the config (see `RestSecurity`). */
export function restSecurityOf(c: EngineConfig): RestSecurity {
  const admin =
    c.ENGINE_REST_USER !== undefined && c.ENGINE_REST_PASSWORD !== undefined
      ? { user: c.ENGINE_REST_USER, password: c.ENGINE_REST_PASSWORD }
      : undefined;
  return {
    auth: c.ENGINE_AUTH ?? (admin ? 'basic' : 'none'),
    admin,
    authorization: c.ENGINE_AUTHORIZATION === 'true',
    corsOrigins:
      c.ENGINE_CORS_ORIGINS?.split(',')
        .map((o) => o.trim())
        .filter(Boolean) ?? [],
  };
}

export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  return parseEnv(schema, env);
}
