/**
 * The soak's verdict, from the engine's history and runtime (over REST) and the workers' records
 * (SQL): a list of problems, empty when every guarantee held. It reads only end states, never
 * timings, so the same database always gets the same verdict.
 */
import type { Connection } from 'mysql2/promise';
import type { RestClient } from '../rest-client.js';

/** What the driver saw from outside the engines. */
export interface DriverRecord {
  /** Business keys of every start sent (answered or not). */
  attempted: Set<string>;
  /** Instance id per business key, for the starts the engine answered 200. */
  acknowledged: Map<string, string>;
  /** User task id → how many completions the engines answered 204. */
  userTaskCompletions: Map<string, number>;
}

/** The soak process's wait states and events, each passed exactly once by every instance. */
export const SOAK_ACTIVITIES = [
  'start',
  'fork',
  'receive',
  'appraise',
  'check',
  'wait',
  'sign',
  'end',
] as const;

type Row = Record<string, unknown>;

export async function soakVerdict(api: RestClient, db: Connection, driver: DriverRecord): Promise<string[]> {
  const problems: string[] = [];
  const list = async (path: string): Promise<Row[]> => {
    const res = await api.get(path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Row[];
  };

  // Every instance the engine holds came from one start the driver sent, and finished.
  const instances = await list('/history/process-instance?processDefinitionKey=soak');
  const byKey = new Map<string, Row[]>();
  for (const pi of instances) {
    const key = String(pi.businessKey);
    byKey.set(key, [...(byKey.get(key) ?? []), pi]);
    if (!driver.attempted.has(key))
      problems.push(`instance ${String(pi.id)} has a business key never sent: ${key}`);
    if (pi.state !== 'COMPLETED' || !pi.endTime)
      problems.push(`instance ${String(pi.id)} (${key}) did not finish: state ${String(pi.state)}`);
  }
  for (const [key, pis] of byKey)
    if (pis.length > 1) problems.push(`business key ${key} started ${pis.length} instances`);
  for (const [key, id] of driver.acknowledged)
    if (!instances.some((pi) => pi.id === id)) problems.push(`acknowledged start ${key} (${id}) is lost`);
  // The finished count (kept beside the history in the same transactions) survived the kills.
  const finished = instances.filter((pi) => pi.endTime).length;
  const counted = await api.get('/history/process-instance/count?processDefinitionKey=soak&finished=true');
  const count = (counted.body as { count?: unknown } | undefined)?.count;
  if (count !== finished)
    problems.push(`the finished count says ${String(count)}, the history holds ${finished}`);

  // Each instance passed each activity exactly once, to its end.
  const ids = new Set(instances.map((pi) => String(pi.id)));
  for (const activityId of SOAK_ACTIVITIES) {
    const acts = await list(`/history/activity-instance?activityId=${activityId}`);
    const per = countBy(acts.filter((a) => a.endTime && !a.canceled).map((a) => String(a.processInstanceId)));
    for (const id of ids)
      if ((per.get(id) ?? 0) !== 1)
        problems.push(`instance ${id} passed ${activityId} ${per.get(id) ?? 0} times`);
  }

  // The engine accepted one completion per external task, one run per timer.
  for (const activityId of ['receive', 'appraise', 'sign']) {
    const logs = await list(
      `/history/external-task-log?processDefinitionKey=soak&successLog=true&activityIdIn=${activityId}`,
    );
    for (const [taskId, n] of countBy(logs.map((l) => String(l.externalTaskId))))
      if (n > 1) problems.push(`external task ${taskId} (${activityId}) completed ${n} times`);
    const per = countBy(logs.map((l) => String(l.processInstanceId)));
    for (const id of ids)
      if ((per.get(id) ?? 0) !== 1)
        problems.push(`instance ${id}: ${per.get(id) ?? 0} completions of ${activityId}`);
  }
  // The timer and the asynchronous continuation before signing: each job ran once.
  for (const [activityId, job] of [
    ['wait', 'timer'],
    ['sign', 'async continuation'],
  ] as const) {
    const logs = await list(
      `/history/job-log?processDefinitionKey=soak&successLog=true&activityIdIn=${activityId}`,
    );
    const runs = countBy(logs.map((l) => String(l.processInstanceId)));
    for (const id of ids)
      if ((runs.get(id) ?? 0) !== 1)
        problems.push(`instance ${id}: its ${job} ran ${runs.get(id) ?? 0} times`);
  }

  // Nothing left behind: no instance, task, job, lock or incident (the database is the soak's own).
  for (const what of ['process-instance', 'execution', 'external-task', 'job', 'task', 'incident']) {
    const left = await list(`/${what}`);
    if (left.length > 0)
      problems.push(`${left.length} ${what}(s) left behind, e.g. ${JSON.stringify(left[0]).slice(0, 300)}`);
  }

  // The workers' side: an effect before every accepted completion, and no task accepted twice.
  const [completions] = await db.query<Row[] & import('mysql2').RowDataPacket[]>(
    'SELECT c.task_id, COUNT(*) AS n, (SELECT COUNT(*) FROM soak_effect e WHERE e.task_id = c.task_id) AS effects FROM soak_completion c GROUP BY c.task_id',
  );
  for (const c of completions) {
    if (Number(c.n) > 1)
      problems.push(`the engine accepted ${String(c.n)} completions of external task ${String(c.task_id)}`);
    if (Number(c.effects) < 1)
      problems.push(`external task ${String(c.task_id)} completed without its side effect`);
  }
  for (const [taskId, n] of driver.userTaskCompletions)
    if (n > 1) problems.push(`the engines accepted ${n} completions of user task ${taskId}`);
  return problems;
}

function countBy(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}
