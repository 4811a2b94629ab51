import { EngineIncident, EngineJob, type EngineTx } from '@motcua/db';
import type { EngineCore } from '../engine-core.js';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { logOperation } from '../operation-log/operation-log.js';
import { parseCamundaDate } from '../variables/typed-value.js';
import { noContent, optBool, optInt, optString, readJson } from './http.js';
import type { RouteDeps } from './rest-context.js';

async function jobOr404(tx: EngineTx, id: string): Promise<EngineJob> {
  const j = await tx.get(EngineJob, id);
  if (!j) throw notFound(`Job with id ${id} does not exist`, 'InvalidRequestException');
  return j;
}

/** One logged change of a job's field (Camunda: SetJobDuedate, SuspendJob, SetPriority, Delete). */
function changeJob(
  core: EngineCore,
  id: string,
  operationType: string,
  apply: (j: EngineJob) => { property: string; orgValue: string | null; newValue: string | null },
) {
  return core.command(async ({ tx, now }) => {
    const job = await jobOr404(tx, id);
    const change = apply(job);
    await tx.update(EngineJob, job);
    await logOperation(tx, now, {
      operationType,
      entityType: 'Job',
      category: 'Operator',
      changes: [change],
      processDefinitionId: job.processDefinitionId,
      processDefinitionKey: job.processDefinitionKey,
      processInstanceId: job.processInstanceId,
    });
  });
}

const text = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Operator actions on jobs beside the job executor's own routes (job.routes.ts): due date,
 * suspension (a suspended job is not acquired), priority, deletion.
 */
export function jobAdminRoutes({ router, core }: RouteDeps): void {
  router.put('/job/suspended', async (ctx) => {
    const body = await readJson(ctx);
    const suspended = optBool(body, 'suspended');
    if (suspended === null) throw invalidRequest('suspended must be true or false');
    const where = {
      processInstanceId: optString(body, 'processInstanceId') ?? undefined,
      processDefinitionId: optString(body, 'processDefinitionId') ?? undefined,
      processDefinitionKey: optString(body, 'processDefinitionKey') ?? undefined,
    };
    if (Object.values(where).every((v) => v === undefined))
      throw invalidRequest('Give processInstanceId, processDefinitionId or processDefinitionKey');
    await core.command(async ({ tx }) => {
      for (const j of await tx.find(EngineJob, { ...where, suspended: !suspended })) {
        j.suspended = suspended;
        await tx.update(EngineJob, j);
      }
    });
    noContent(ctx);
  });
  router.put('/job/:id/duedate', async (ctx) => {
    const raw = optString(await readJson(ctx), 'duedate');
    const due = raw === null ? null : parseCamundaDate(raw);
    if (raw !== null && !due) throw invalidRequest(`duedate '${raw}' is not a date`);
    await changeJob(core, ctx.params.id!, 'SetDueDate', (j) => {
      const change = { property: 'duedate', orgValue: text(j.dueDate), newValue: text(due) };
      j.dueDate = due;
      return change;
    });
    noContent(ctx);
  });
  router.put('/job/:id/suspended', async (ctx) => {
    const suspended = optBool(await readJson(ctx), 'suspended');
    if (suspended === null) throw invalidRequest('suspended must be true or false');
    await changeJob(core, ctx.params.id!, suspended ? 'SuspendJob' : 'ActivateJob', (j) => {
      const change = {
        property: 'suspensionState',
        orgValue: String(j.suspended),
        newValue: String(suspended),
      };
      j.suspended = suspended;
      return change;
    });
    noContent(ctx);
  });
  router.put('/job/:id/priority', async (ctx) => {
    const priority = optInt(await readJson(ctx), 'priority');
    if (priority === null) throw invalidRequest('priority must not be null');
    await changeJob(core, ctx.params.id!, 'SetPriority', (j) => {
      const change = { property: 'priority', orgValue: String(j.priority), newValue: String(priority) };
      j.priority = priority;
      return change;
    });
    noContent(ctx);
  });
  router.delete('/job/:id', async (ctx) => {
    await core.command(async ({ tx, now }) => {
      const job = await jobOr404(tx, ctx.params.id!);
      // Operaton (the reference) deletes any job, also the timer an instance waits on — that
      // instance then waits until it is modified or deleted; only a job being executed is refused.
      if (job.lockOwner !== null && job.lockExpirationTime !== null && job.lockExpirationTime > now)
        throw invalidRequest('Cannot delete job when the job is being executed. Try again later.', 500);
      await tx.removeWhere(EngineIncident, { configuration: job.id });
      await tx.remove(EngineJob, job);
      await logOperation(tx, now, {
        operationType: 'Delete',
        entityType: 'Job',
        category: 'Operator',
        changes: [],
        processDefinitionId: job.processDefinitionId,
        processDefinitionKey: job.processDefinitionKey,
      });
    });
    noContent(ctx);
  });
}
