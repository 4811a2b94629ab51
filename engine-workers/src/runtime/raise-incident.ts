import type { EngineAuth } from '../config.js';

/** Where the engine's Camunda 7 REST API is (the workers reach the engine only over REST). */
export interface IncidentEngine {
  /** REST base, e.g. http://localhost:8080/engine-rest. */
  url: string;
  auth?: EngineAuth;
}

/** A custom incident to raise on a process instance (Camunda 7 `create-incident`). */
export interface CustomIncident {
  processInstanceId: string;
  /** The custom type, e.g. `notificationFailed` (at most 64 characters). */
  incidentType: string;
  /** What the incident is about, e.g. the outbox row's id (at most 64 characters). */
  configuration: string;
  /** The outside server's last answer, shortened; never a secret. */
  message: string;
}

/** The engine answered a raise or resolve with an error other than "no such thing". */
export class IncidentRestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'IncidentRestError';
  }
}

/** The longest incident message we send (the engine keeps 4000; a person reads the start). */
export const INCIDENT_MESSAGE_MAX = 500;

function headers(engine: IncidentEngine): Record<string, string> {
  return {
    accept: 'application/json',
    'content-type': 'application/json',
    ...(engine.auth
      ? {
          authorization: `Basic ${Buffer.from(`${engine.auth.user}:${engine.auth.password}`).toString('base64')}`,
        }
      : {}),
  };
}

async function call(engine: IncidentEngine, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${engine.url.replace(/\/+$/, '')}${path}`, {
    method,
    headers: headers(engine),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
}

async function failure(res: Response, what: string): Promise<IncidentRestError> {
  const text = (await res.text().catch(() => '')).slice(0, 300);
  return new IncidentRestError(`${what} answered ${res.status} ${text}`.trim(), res.status);
}

/**
 * Raises a custom incident on the process instance once: an open incident of the same type and
 * configuration on that instance is returned instead of a second one (so a worker that raised it
 * and died before recording the id finds it again). Returns the incident's id, or null when the
 * process instance no longer runs (an ended instance cannot carry an incident). Any other engine
 * answer throws IncidentRestError (the caller tries again later).
 *
 * The process instance's id is also the id of its root execution (Camunda 7), so the incident is
 * created with `POST /execution/{processInstanceId}/create-incident`.
 */
export async function raiseIncident(engine: IncidentEngine, i: CustomIncident): Promise<string | null> {
  const query = new URLSearchParams({
    processInstanceId: i.processInstanceId,
    incidentType: i.incidentType,
    configuration: i.configuration,
  });
  const found = await call(engine, 'GET', `/incident?${query.toString()}`);
  if (!found.ok) throw await failure(found, 'GET /incident');
  const open = (await found.json()) as { id: string }[];
  if (open[0]) return open[0].id;
  const res = await call(
    engine,
    'POST',
    `/execution/${encodeURIComponent(i.processInstanceId)}/create-incident`,
    {
      incidentType: i.incidentType,
      configuration: i.configuration,
      message: i.message.slice(0, INCIDENT_MESSAGE_MAX),
    },
  );
  if (!res.ok) {
    // Ours answers 404 for an execution that is gone; Camunda 7 and Operaton answer 400
    // ("Cannot find an execution"): ask whether the instance still runs before giving up.
    if ((res.status === 404 || res.status === 400) && !(await instanceRuns(engine, i.processInstanceId)))
      return null;
    throw await failure(res, 'POST /execution/{id}/create-incident');
  }
  return ((await res.json()) as { id: string }).id;
}

async function instanceRuns(engine: IncidentEngine, processInstanceId: string): Promise<boolean> {
  const res = await call(engine, 'GET', `/process-instance/${encodeURIComponent(processInstanceId)}`);
  if (res.status === 404) return false;
  if (!res.ok) throw await failure(res, 'GET /process-instance/{id}');
  return true;
}

/**
 * Resolves a custom incident (`DELETE /incident/{id}`). True when it was resolved now, false when
 * it was already gone (resolved by someone else, or its instance ended).
 */
export async function resolveIncident(engine: IncidentEngine, incidentId: string): Promise<boolean> {
  const res = await call(engine, 'DELETE', `/incident/${encodeURIComponent(incidentId)}`);
  if (res.status === 404) return false;
  if (!res.ok) throw await failure(res, 'DELETE /incident/{id}');
  return true;
}
