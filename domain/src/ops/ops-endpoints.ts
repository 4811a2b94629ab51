/**
 * The operations endpoints every runnable serves next to its own API: liveness, readiness and
 * Prometheus metrics. Framework-neutral and free of I/O: the caller passes the request's method,
 * path and Authorization header and the checks to run, and writes the answer back itself.
 *
 * - `GET /health/live`: 200 while the process serves requests (a load balancer's or an
 *   orchestrator's restart probe). Never touches the database.
 * - `GET /health/ready`: 200 when every check passes, else 503; the body names each check and its
 *   state (`up`/`down`, `applied`/`pending`) and nothing else: no error text, host or version.
 * - `GET /metrics`: the Prometheus text format behind `Authorization: Bearer <token>`; 404 when
 *   no token is configured (metrics off), 401 for a missing or wrong token.
 */

export const LIVENESS_PATH = '/health/live';
export const READINESS_PATH = '/health/ready';
export const METRICS_PATH = '/metrics';

/** One readiness check's outcome: `ok` decides the status, `state` is what the body shows. */
export interface ReadinessCheck {
  ok: boolean;
  state: string;
}

export interface OpsEndpoints {
  /** The checks behind `/health/ready`, by name (`database`, `migrations`, `engine`). */
  readiness(): Promise<Record<string, ReadinessCheck>>;
  /** The registry's exposition; null when this process keeps no metrics. */
  metrics: (() => Promise<{ contentType: string; body: string }>) | null;
  /** The bearer token `/metrics` requires; null or empty turns `/metrics` off (404). */
  metricsToken: string | null;
}

export interface OpsRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  authorization: string | undefined;
}

export interface OpsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** True for the paths this module answers (the caller hands every other request to its app). */
export function isOpsPath(path: string): boolean {
  return path === LIVENESS_PATH || path === READINESS_PATH || path === METRICS_PATH;
}

const json = (status: number, value: unknown, extra: Record<string, string> = {}): OpsAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
  body: JSON.stringify(value),
});

/** Compares in time independent of where the strings differ (the token is a secret; its length is not). */
function sameSecret(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** The answer to an operations request, or null when `path` is not one of them. */
export async function answerOpsRequest(req: OpsRequest, ops: OpsEndpoints): Promise<OpsAnswer | null> {
  if (!isOpsPath(req.path)) return null;
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return json(405, { status: 'method-not-allowed' }, { allow: 'GET, HEAD' });
  if (req.path === LIVENESS_PATH) return json(200, { status: 'up' });
  if (req.path === READINESS_PATH) {
    let checks: Record<string, ReadinessCheck>;
    try {
      checks = await ops.readiness();
    } catch {
      return json(503, { status: 'not-ready' });
    }
    const ready = Object.values(checks).every((c) => c.ok);
    return json(ready ? 200 : 503, {
      status: ready ? 'ready' : 'not-ready',
      checks: Object.fromEntries(Object.entries(checks).map(([name, c]) => [name, c.state])),
    });
  }
  if (!ops.metricsToken || !ops.metrics) return json(404, { status: 'not-found' });
  const given = /^Bearer (.+)$/i.exec(req.authorization ?? '')?.[1] ?? '';
  if (!sameSecret(given, ops.metricsToken))
    return json(401, { status: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="metrics"' });
  const { contentType, body } = await ops.metrics();
  return { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' }, body };
}

/** Runs a check with a time limit: a database that hangs makes the probe fail, not hang. */
export async function withinMs<T>(ms: number, work: Promise<T>, onTimeout: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(onTimeout), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
