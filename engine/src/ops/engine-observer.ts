/**
 * What the engine reports about its own work, for the metrics. EngineCore, the job executor, the
 * external-task service and the REST app call it; `EngineMetrics` counts, the default ignores.
 */
export interface EngineObserver {
  /** One answered REST request; `route` is the router's template (`/engine-rest/task/{id}`). */
  httpRequest(r: { method: string; route: string; status: number; seconds: number }): void;
  /** One command (transaction): committed, rolled back by an error, or lost an optimistic-locking race. */
  command(outcome: 'committed' | 'rolled-back' | 'conflict'): void;
  /** One job run by the executor. */
  job(outcome: 'executed' | 'failed'): void;
  /** External tasks handed out by one fetchAndLock (their topics, one entry per task). */
  externalTasksFetched(topics: readonly string[]): void;
  /** One external task completed by its worker. */
  externalTaskCompleted(topic: string): void;
}

export const quietObserver: EngineObserver = {
  httpRequest: () => {},
  command: () => {},
  job: () => {},
  externalTasksFetched: () => {},
  externalTaskCompleted: () => {},
};
