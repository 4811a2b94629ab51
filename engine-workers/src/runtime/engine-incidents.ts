/**
 * Custom incidents on the engine's REST API (Camunda 7): raise one on an execution, find an open
 * one by type and configuration, resolve one. For failures outside a service task (a national
 * portal sync that keeps failing), so operators see them beside the failed tasks.
 */

export interface EngineEndpoint {
  /** Engine REST base, e.g. http://localhost:8080/engine-rest. */
  url: string;
  /** HTTP Basic credentials (never logged). */
  auth?: { user: string; password: string };
}

export interface CustomIncident {
  /** The execution (a process instance id is its root execution's id). */
  executionId: string;
  incidentType: string;
  /** What the incident is about, to find it again (at most 64 characters). */
  configuration: string;
  message: string;
}

/** The engine answered with an error (Camunda-style JSON: `type`, `message`). */
export class EngineIncidentError extends Error {
  override readonly name = 'EngineIncidentError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_MESSAGE = 500;

/** Bearer tokens and secrets a portal's answer might echo are not put into the engine. */
export function incidentMessage(text: string): string {
  const clean = text
    .replace(/(bearer\s+)[\w.~+/=-]+/gi, '$1***')
    .replace(
      /((?:access_token|client_secret|token|secret|password)["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
      '$1***',
    );
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE - 1)}…` : clean;
}

async function call<T>(engine: EngineEndpoint, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (engine.auth)
    headers.authorization = `Basic ${Buffer.from(`${engine.auth.user}:${engine.auth.password}`).toString('base64')}`;
  const res = await fetch(`${engine.url.replace(/\/+$/, '')}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text.slice(0, 300);
    try {
      message = String((JSON.parse(text) as { message?: unknown }).message ?? message);
    } catch {
      // not JSON: the text as it came
    }
    throw new EngineIncidentError(res.status, `${method} ${path}: HTTP ${res.status} ${message}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `POST /execution/{id}/create-incident`; the new incident's id. */
export async function raiseIncident(engine: EngineEndpoint, incident: CustomIncident): Promise<string> {
  const created = await call<{ id: string }>(
    engine,
    'POST',
    `/execution/${encodeURIComponent(incident.executionId)}/create-incident`,
    {
      incidentType: incident.incidentType,
      configuration: incident.configuration.slice(0, 64),
      message: incidentMessage(incident.message),
    },
  );
  return created.id;
}

/** The open incident of that type and configuration on the process instance, if any. */
export async function findOpenIncident(
  engine: EngineEndpoint,
  q: { processInstanceId: string; incidentType: string; configuration: string },
): Promise<string | null> {
  const p = new URLSearchParams({
    processInstanceId: q.processInstanceId,
    incidentType: q.incidentType,
    configuration: q.configuration.slice(0, 64),
  });
  const [found] = await call<Array<{ id: string }>>(engine, 'GET', `/incident?${p}`);
  return found?.id ?? null;
}

/** `DELETE /incident/{id}`: resolves a custom incident; one already gone counts as resolved. */
export async function resolveIncident(engine: EngineEndpoint, incidentId: string): Promise<void> {
  try {
    await call(engine, 'DELETE', `/incident/${encodeURIComponent(incidentId)}`);
  } catch (err) {
    if (!(err instanceof EngineIncidentError && err.status === 404)) throw err;
  }
}
