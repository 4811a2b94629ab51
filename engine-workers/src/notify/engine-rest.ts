import { EngineClient, type EngineClientOptions, type Query } from '@motcua/engine-client';

/** Where the engine's Camunda 7 REST API is, and its credentials (the workers reach it only over REST). */
export type EngineRest = EngineClientOptions;

/**
 * A GET on the engine's REST API through `@motcua/engine-client` (its errors: EngineError with
 * Camunda's type, OperationalError when unreachable); 15 s unless the options say otherwise.
 */
export function engineGet<T>(engine: EngineRest, path: string, query: Query = {}): Promise<T> {
  return new EngineClient({ timeoutMs: 15_000, ...engine }).get<T>(path, query);
}
