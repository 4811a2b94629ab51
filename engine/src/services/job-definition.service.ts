import {
  EngineIncident,
  EngineJob,
  EngineJobDefinitionState,
  EngineProcessDefinition,
  jobDefinitionIdOf,
  type EngineTx,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, UPDATE_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import type { Page, QueryParams } from './query-params.js';
import type { FlowNode } from '../bpmn/model.js';
import { NotFoundError } from '../runtime/errors.js';
import { logOperation } from '../operation-log/operation-log.js';

/** Camunda's job definition, derived from a deployed model plus what an operator set on it. */
export interface JobDefinition {
  id: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  activityId: string;
  jobType: string;
  jobConfiguration: string;
  overridingJobPriority: number | null;
  suspended: boolean;
  tenantId: string | null;
  deploymentId: string;
}

/** The job kinds an element makes, with Camunda's job type and configuration. */
function jobKinds(node: FlowNode): { handlerType: string; jobType: string; jobConfiguration: string }[] {
  const out: { handlerType: string; jobType: string; jobConfiguration: string }[] = [];
  if (node.timer) {
    const t = node.timer;
    const configuration = `${t.kind === 'timeDate' ? 'DATE' : t.kind === 'timeDuration' ? 'DURATION' : 'CYCLE'}: ${t.expression}`;
    const jobType =
      node.kind === 'timerStartEvent'
        ? 'timer-start-event'
        : node.kind === 'timerBoundaryEvent'
          ? 'timer-transition'
          : node.kind === 'eventSubStartEvent'
            ? 'timer-start-event-subprocess'
            : 'timer-intermediate-transition';
    out.push({ handlerType: 'timer', jobType, jobConfiguration: configuration });
  }
  if (node.asyncBefore)
    out.push({
      handlerType: 'async-before',
      jobType: 'async-continuation',
      jobConfiguration: 'async-before',
    });
  if (node.asyncAfter)
    out.push({ handlerType: 'async-after', jobType: 'async-continuation', jobConfiguration: 'async-after' });
  return out;
}

/** Every job definition of the deployed definitions (optionally of some only). */
export async function jobDefinitions(
  core: EngineCore,
  tx: EngineTx,
  only?: { processDefinitionId?: string; processDefinitionKey?: string },
): Promise<JobDefinition[]> {
  const defs = await tx.find(
    EngineProcessDefinition,
    { id: only?.processDefinitionId, key: only?.processDefinitionKey },
    { order: { key: 'ASC', version: 'ASC' } },
  );
  const states = new Map(
    (defs.length
      ? await tx.find(EngineJobDefinitionState, { processDefinitionId: defs.map((d) => d.id) })
      : []
    ).map((s) => [s.id, s]),
  );
  const out: JobDefinition[] = [];
  for (const def of defs) {
    const model = await core.models.get(tx, def.id);
    for (const node of model.nodes.values())
      for (const k of jobKinds(node)) {
        const id = jobDefinitionIdOf(def.id, node.id, k.handlerType);
        const state = states.get(id);
        out.push({
          id,
          processDefinitionId: def.id,
          processDefinitionKey: def.key,
          activityId: node.id,
          jobType: k.jobType,
          jobConfiguration: k.jobConfiguration,
          overridingJobPriority: state?.overridingJobPriority ?? null,
          suspended: state?.suspended ?? false,
          tenantId: def.tenantId,
          deploymentId: def.deploymentId,
        });
      }
  }
  return out;
}

export async function jobDefinitionById(core: EngineCore, tx: EngineTx, id: string): Promise<JobDefinition> {
  const processDefinitionId = id.split('#')[0]!;
  const found = (await jobDefinitions(core, tx, { processDefinitionId })).find((d) => d.id === id);
  if (!found) throw new NotFoundError(`Job Definition with id ${id} does not exist`);
  return found;
}

/** The jobs a definition made: same process definition and activity, same kind. */
async function jobsOf(tx: EngineTx, d: JobDefinition): Promise<EngineJob[]> {
  return (
    await tx.find(EngineJob, { processDefinitionId: d.processDefinitionId, activityId: d.activityId })
  ).filter((j) => jobDefinitionIdOf(j.processDefinitionId, j.activityId, j.handlerType) === d.id);
}

async function saveState(
  tx: EngineTx,
  d: JobDefinition,
  change: Partial<Pick<EngineJobDefinitionState, 'suspended' | 'overridingJobPriority'>>,
): Promise<void> {
  const existing = await tx.get(EngineJobDefinitionState, d.id);
  if (existing) {
    Object.assign(existing, change);
    await tx.update(EngineJobDefinitionState, existing);
  } else
    await tx.insert(EngineJobDefinitionState, {
      id: d.id,
      rev: 1,
      processDefinitionId: d.processDefinitionId,
      activityId: d.activityId,
      suspended: d.suspended,
      overridingJobPriority: d.overridingJobPriority,
      ...change,
    });
}

/** Suspends or activates job definitions; their future jobs follow, existing ones with `includeJobs`. */
export async function suspendJobDefinitions(
  core: EngineCore,
  select: (tx: EngineTx) => Promise<JobDefinition[]>,
  suspended: boolean,
  includeJobs: boolean,
): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    for (const d of await select(tx)) {
      await saveState(tx, d, { suspended });
      if (includeJobs)
        for (const j of await jobsOf(tx, d))
          if (j.suspended !== suspended) {
            j.suspended = suspended;
            await tx.update(EngineJob, j);
          }
      await logOperation(tx, now, {
        operationType: suspended ? 'SuspendJobDefinition' : 'ActivateJobDefinition',
        entityType: 'JobDefinition',
        category: 'Operator',
        changes: [
          { property: 'suspensionState', orgValue: null, newValue: suspended ? 'suspended' : 'active' },
        ],
        processDefinitionId: d.processDefinitionId,
        processDefinitionKey: d.processDefinitionKey,
      });
    }
  });
}

/** Overriding priority for the definition's future jobs, and existing ones with `includeJobs`. */
export async function setJobDefinitionPriority(
  core: EngineCore,
  id: string,
  priority: number | null,
  includeJobs: boolean,
): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    const d = await jobDefinitionById(core, tx, id);
    await saveState(tx, d, { overridingJobPriority: priority });
    if (includeJobs && priority !== null)
      for (const j of await jobsOf(tx, d)) {
        j.priority = priority;
        await tx.update(EngineJob, j);
      }
    await logOperation(tx, now, {
      operationType: 'SetPriority',
      entityType: 'JobDefinition',
      category: 'Operator',
      changes: [
        {
          property: 'overridingPriority',
          orgValue: d.overridingJobPriority === null ? null : String(d.overridingJobPriority),
          newValue: priority === null ? null : String(priority),
        },
      ],
      processDefinitionId: d.processDefinitionId,
      processDefinitionKey: d.processDefinitionKey,
    });
  });
}

/** Retries for the definition's failed jobs (retries 0). */
export async function setJobDefinitionRetries(core: EngineCore, id: string, retries: number): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    const d = await jobDefinitionById(core, tx, id);
    for (const j of await jobsOf(tx, d))
      if (j.retries === 0 && retries > 0) {
        j.retries = retries;
        await tx.update(EngineJob, j);
        // Retries given back resolve the job's failedJob incident, as PUT /job/{id}/retries does.
        await tx.removeWhere(EngineIncident, { configuration: j.id, incidentType: 'failedJob' });
      }
  });
}

export const JOB_DEFINITION_SORT = [
  'jobDefinitionId',
  'activityId',
  'processDefinitionId',
  'processDefinitionKey',
  'jobType',
  'jobConfiguration',
  'tenantId',
] as const;

/** The job definition query (`GET`/`POST /job-definition`, `…/count`); `page` null: all of them. */
export function listJobDefinitions(
  core: EngineCore,
  p: QueryParams,
  page: Page | null,
): Promise<JobDefinition[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    const sortBy = p.sortBy(JOB_DEFINITION_SORT);
    const ids = p.list('jobDefinitionId');
    const activities = p.list('activityIdIn');
    const active = p.bool('active');
    const suspended = p.bool('suspended');
    // Read before filtering, so a malformed value is a 400 even when nothing is deployed.
    const jobType = p.string('jobType');
    const jobConfiguration = p.string('jobConfiguration');
    const withOverridingJobPriority = p.bool('withOverridingJobPriority');
    const tenants = p.list('tenantIdIn');
    const withoutTenantId = p.bool('withoutTenantId');
    const includeWithoutTenant = p.bool('includeJobDefinitionsWithoutTenantId');
    const tenantMatches = (tenantId: string | null) =>
      (!withoutTenantId || tenantId === null) &&
      (!tenants ||
        (tenantId !== null && tenants.includes(tenantId)) ||
        (includeWithoutTenant === true && tenantId === null));
    const rows = (
      await jobDefinitions(core, tx, {
        processDefinitionId: p.string('processDefinitionId'),
        processDefinitionKey: p.string('processDefinitionKey'),
      })
    ).filter(
      (d) =>
        (!ids || ids.includes(d.id)) &&
        (!activities || activities.includes(d.activityId)) &&
        (jobType === undefined || d.jobType === jobType) &&
        (jobConfiguration === undefined || d.jobConfiguration === jobConfiguration) &&
        (!active || !d.suspended) &&
        (!suspended || d.suspended) &&
        (!withOverridingJobPriority || d.overridingJobPriority !== null) &&
        tenantMatches(d.tenantId),
    );
    if (sortBy) {
      const key = (sortBy === 'jobDefinitionId' ? 'id' : sortBy) as keyof JobDefinition;
      const dir = p.sortOrder() === 'DESC' ? -1 : 1;
      rows.sort((a, b) => String(a[key] ?? '').localeCompare(String(b[key] ?? '')) * dir);
    }
    if (!page) return rows;
    const { skip = 0, take } = page;
    return rows.slice(skip, take === undefined ? undefined : skip + take);
  });
}

export function getJobDefinition(core: EngineCore, id: string): Promise<JobDefinition> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, UPDATE_PROCESS_INSTANCES);
    return jobDefinitionById(core, tx, id);
  });
}

/** Which job definitions a suspension means: one by id, or those of a definition (by id or key). */
export type JobDefinitionSelector =
  { id: string } | { processDefinitionId?: string; processDefinitionKey?: string };

export function suspendJobDefinitionsOf(
  core: EngineCore,
  selector: JobDefinitionSelector,
  change: { suspended: boolean; includeJobs: boolean },
): Promise<void> {
  return suspendJobDefinitions(
    core,
    async (tx) =>
      'id' in selector
        ? [await jobDefinitionById(core, tx, selector.id)]
        : jobDefinitions(core, tx, selector),
    change.suspended,
    change.includeJobs,
  );
}
