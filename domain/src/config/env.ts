import { z } from 'zod';

/**
 * Reads a runnable's configuration from the environment once, with a zod schema. A bad variable
 * stops start-up with one message naming every bad variable. Only `config.ts` files call this.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}

/** A TCP port from an env var. */
export const portSchema = z.coerce.number().int().min(1).max(65535);
