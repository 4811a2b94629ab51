import { z } from 'zod';
import { parseEnv, portSchema } from '@motcua/domain';

/** The engine's environment; the only reader of process.env in this package. */
const schema = z.object({
  /** `sqlite:<path>` or `mysql://user:pass@host:port/db`. */
  DB_URL: z.string().min(1).default('sqlite:./data/motcua.sqlite'),
  /** Port of the REST API. */
  ENGINE_PORT: portSchema.default(8080),
  /** Interface to bind; 127.0.0.1 keeps the unauthenticated API local. */
  ENGINE_HOST: z.string().min(1).default('127.0.0.1'),
  /** pino level. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type EngineConfig = z.infer<typeof schema>;

export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  return parseEnv(schema, env);
}
