import { z } from 'zod';
import { parseEnv, portSchema } from '@motcua/domain';

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
    /** pino level. */
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .refine((c) => (c.ENGINE_REST_USER === undefined) === (c.ENGINE_REST_PASSWORD === undefined), {
    message: 'set ENGINE_REST_USER and ENGINE_REST_PASSWORD together',
    path: ['ENGINE_REST_USER'],
  });

export type EngineConfig = z.infer<typeof schema>;

export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  return parseEnv(schema, env);
}
