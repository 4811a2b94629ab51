/**
 * What a worker reports after a technical failure. Camunda semantics: the engine keeps the count;
 * a task that never failed has `retries` null, so the worker starts from its configured number.
 * When the count reaches 0 the engine raises an incident and stops handing the task out.
 */
export interface RetryPolicy {
  /** Attempts a task gets before it becomes an incident (≥ 1). */
  retries: number;
  /** Wait before the first retry, in ms; doubled each further failure. */
  backoffMs: number;
  /** Upper bound of the wait, in ms. */
  maxBackoffMs: number;
}

export interface RetryDecision {
  /** Retries left after this failure (0 = incident). */
  retries: number;
  /** When the task may be fetched again, in ms from now. */
  retryTimeout: number;
}

export function nextRetry(taskRetries: number | null | undefined, policy: RetryPolicy): RetryDecision {
  const current = typeof taskRetries === 'number' && taskRetries >= 0 ? taskRetries : policy.retries;
  const retries = Math.max(0, current - 1);
  if (retries === 0) return { retries, retryTimeout: 0 };
  // Failures so far, counting this one: 1 on the first failure → backoffMs, then 2×, 4×, …
  const failures = Math.max(1, policy.retries - retries);
  const retryTimeout = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (failures - 1));
  return { retries, retryTimeout };
}
