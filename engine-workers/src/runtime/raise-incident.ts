import { EngineClient, EngineError, type EngineClientOptions } from '@motcua/engine-client';

/** Where the engine's Camunda 7 REST API is (the workers reach the engine only over REST). */
export type IncidentEngine = EngineClientOptions;

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

/** The longest incident message we send (the engine keeps 4000; a person reads the start). */
export const INCIDENT_MESSAGE_MAX = 500;

const clientOf = (engine: IncidentEngine) => new EngineClient({ timeoutMs: 15_000, ...engine });

const isAnswer = (err: unknown, ...statuses: number[]): err is EngineError =>
  err instanceof EngineError && statuses.includes(err.status);

/**
 * Raises a custom incident on the process instance once: an open incident of the same type and
 * configuration on that instance is returned instead of a second one (so a worker that raised it
 * and died before recording the id finds it again). Returns the incident's id, or null when the
 * process instance no longer runs (an ended instance cannot carry an incident). Any other engine
 * answer throws an EngineError (the caller tries again later).
 *
 * The process instance's id is also the id of its root execution (Camunda 7), so the incident is
 * created with `POST /execution/{processInstanceId}/create-incident`.
 */
export async function raiseIncident(engine: IncidentEngine, i: CustomIncident): Promise<string | null> {
  const client = clientOf(engine);
  const [open] = await client.incidents({
    processInstanceId: i.processInstanceId,
    incidentType: i.incidentType,
    configuration: i.configuration,
  });
  if (open) return open.id;
  try {
    return await client.createIncident(i.processInstanceId, {
      incidentType: i.incidentType,
      configuration: i.configuration,
      message: i.message.slice(0, INCIDENT_MESSAGE_MAX),
    });
  } catch (err) {
    // Ours answers 404 for an execution that is gone; Camunda 7 and Operaton answer 400
    // ("Cannot find an execution"): ask whether the instance still runs before giving up.
    if (isAnswer(err, 404, 400) && !(await instanceRuns(client, i.processInstanceId))) return null;
    throw err;
  }
}

async function instanceRuns(client: EngineClient, processInstanceId: string): Promise<boolean> {
  try {
    await client.processInstance(processInstanceId);
    return true;
  } catch (err) {
    if (isAnswer(err, 404)) return false;
    throw err;
  }
}

/**
 * Resolves a custom incident (`DELETE /incident/{id}`). True when it was resolved now, false when
 * it was already gone (resolved by someone else, or its instance ended).
 */
export async function resolveIncident(engine: IncidentEngine, incidentId: string): Promise<boolean> {
  try {
    await clientOf(engine).resolveIncident(incidentId);
    return true;
  } catch (err) {
    if (isAnswer(err, 404)) return false;
    throw err;
  }
}
