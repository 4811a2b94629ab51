// The officers' side of the bench scenarios: plain fetch against the Camunda 7 REST API, each call
// timed into `stats[name]` (milliseconds, as the client sees them, loopback HTTP included).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** How many times a call that lost a concurrent-update race is tried again, as a client would. */
export const CONFLICT_RETRIES = 30;

/**
 * Waits a little longer before each new try (up to 20, 40, 60 … 200 ms, random so that two calls
 * that deadlocked on each other do not meet again), as a client backing off would.
 */
export const backOff = (attempt) => sleep(Math.random() * 20 * Math.min(attempt + 1, 10));

/** Camunda's answer to a lost race (optimistic locking, or a database deadlock reported as one). */
const isConflict = (body) => typeof body === 'string' && body.includes('OptimisticLockingException');

/**
 * Timed REST calls into `stats[name]`; a call that answers OptimisticLockingException is tried
 * again (each try timed) and counted in `stats.conflicts` — the harness reports the count.
 */
export function timedRest(engineUrl, stats) {
  async function call(name, path, init) {
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      const res = await fetch(`${engineUrl}${path}`, init);
      const body = res.status === 204 ? null : await res.text();
      (stats[name] ??= []).push(performance.now() - t0);
      if (res.ok) return body ? JSON.parse(body) : null;
      if (isConflict(body) && attempt < CONFLICT_RETRIES) {
        stats.conflicts = (stats.conflicts ?? 0) + 1;
        await backOff(attempt);
        continue;
      }
      throw new Error(`${name} ${path} (try ${attempt + 1}): HTTP ${res.status} ${body}`);
    }
  }
  return {
    get: (name, path) => call(name, path),
    post: (name, path, json) =>
      call(name, path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
      }),
  };
}

/** Deploys one BPMN (deploy-changed-only, so warm-up and measured rounds share the definition). */
export async function deploy(engineUrl, name, bpmn) {
  const form = new FormData();
  form.append('deployment-name', name);
  form.append('deploy-changed-only', 'true');
  form.append('data', new Blob([bpmn], { type: 'application/octet-stream' }), `${name}.bpmn`);
  const res = await fetch(`${engineUrl}/deployment/create`, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`deploy ${name}: HTTP ${res.status} ${await res.text()}`);
}

/** Runs fn(0 … n-1, caller) with `concurrency` callers (numbered 0 … concurrency-1) at once. */
export async function pool(n, concurrency, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      while (next < n) await fn(next++, caller);
    }),
  );
}
