import {
  EngineDeployment,
  EngineExecution,
  EngineExternalTask,
  EngineHistoricActivityInstance,
  EngineHistoricProcessInstance,
  EngineIncident,
  EngineJob,
  EngineProcessDefinition,
  EngineResource,
  EngineStartSubscription,
  EngineTask,
  type EngineTx,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import {
  onProcessInstance,
  READ_PROCESS_INSTANCES,
  requirePermission,
  RESOURCES,
} from '../identity/authorization.service.js';
import { requireDefinitionPermission } from './process-definition.service.js';
import { NotFoundError, ProcessEngineError } from '../runtime/errors.js';
import { logOperation } from '../operation-log/operation-log.js';
import { deleteProcessInstance } from './process-instance.service.js';
import { removeInstanceHistory } from './history-cleanup.service.js';

/** Operator actions on definitions, instances and deployments: suspension, deletion, statistics, trees. */

async function instanceOr404(tx: EngineTx, id: string): Promise<EngineExecution> {
  const pi = await tx.get(EngineExecution, id);
  if (!pi || !pi.isProcessInstance) throw new NotFoundError(`Process instance with id ${id} does not exist`);
  return pi;
}

/**
 * Suspends or activates running instances: their executions, user tasks and external tasks are
 * flagged, so tasks cannot be claimed or completed and external tasks are not fetched.
 */
async function setInstancesSuspended(tx: EngineTx, ids: string[], suspended: boolean): Promise<void> {
  for (const id of ids) {
    for (const e of await tx.find(EngineExecution, { processInstanceId: id })) {
      if ((e.suspended ?? false) === suspended) continue;
      e.suspended = suspended;
      await tx.update(EngineExecution, e);
    }
    for (const t of await tx.find(EngineTask, { processInstanceId: id, suspended: !suspended })) {
      t.suspended = suspended;
      await tx.update(EngineTask, t);
    }
    for (const t of await tx.find(EngineExternalTask, { processInstanceId: id, suspended: !suspended })) {
      t.suspended = suspended;
      await tx.update(EngineExternalTask, t);
    }
  }
}

export async function suspendInstances(
  core: EngineCore,
  selector: { processInstanceId?: string; processDefinitionId?: string; processDefinitionKey?: string },
  suspended: boolean,
): Promise<void> {
  await core.command(async ({ tx, now, caller }) => {
    // One instance: UPDATE on it. By definition (`PUT /process-instance/suspended`): READ on all
    // instances, as the REST layer's table asked before issue 11 (Camunda asks UPDATE).
    await requirePermission(
      tx,
      caller,
      selector.processInstanceId !== undefined
        ? onProcessInstance(selector.processInstanceId, 'UPDATE')
        : READ_PROCESS_INSTANCES,
    );
    let roots: EngineExecution[];
    if (selector.processInstanceId !== undefined)
      roots = [await instanceOr404(tx, selector.processInstanceId)];
    else
      roots = await tx.find(EngineExecution, {
        isProcessInstance: true,
        processDefinitionId: selector.processDefinitionId,
        processDefinitionKey: selector.processDefinitionKey,
      });
    await setInstancesSuspended(
      tx,
      roots.map((r) => r.id),
      suspended,
    );
    for (const r of roots)
      await logOperation(tx, now, {
        operationType: suspended ? 'Suspend' : 'Activate',
        entityType: 'ProcessInstance',
        category: 'Operator',
        changes: [
          { property: 'suspensionState', orgValue: null, newValue: suspended ? 'suspended' : 'active' },
        ],
        processDefinitionId: r.processDefinitionId,
        processDefinitionKey: r.processDefinitionKey,
        processInstanceId: r.id,
      });
  });
}

/** Suspends or activates definitions (a suspended one cannot be started), optionally their instances. */
export async function suspendDefinitions(
  core: EngineCore,
  selector: { id?: string; key?: string },
  change: { suspended: boolean; includeProcessInstances: boolean },
): Promise<void> {
  const { suspended, includeProcessInstances } = change;
  await core.command(async ({ tx, now, caller }) => {
    await requirePermission(tx, caller, { resource: RESOURCES.PROCESS_DEFINITION, permission: 'SUSPEND' });
    const defs = await tx.find(EngineProcessDefinition, { id: selector.id, key: selector.key });
    if (defs.length === 0)
      throw new NotFoundError(
        selector.id !== undefined
          ? `No matching definition with id ${selector.id}`
          : `No matching process definition with key: ${selector.key} and no tenant-id`,
      );
    for (const d of defs) {
      if (d.suspended !== suspended) {
        // Definitions have no revision column: the flag is the only thing that changes.
        await tx.removeWhere(EngineProcessDefinition, { id: d.id });
        await tx.insert(EngineProcessDefinition, { ...d, suspended });
      }
      await logOperation(tx, now, {
        operationType: suspended ? 'SuspendProcessDefinition' : 'ActivateProcessDefinition',
        entityType: 'ProcessDefinition',
        category: 'Operator',
        changes: [
          { property: 'suspensionState', orgValue: null, newValue: suspended ? 'suspended' : 'active' },
          { property: 'includeProcessInstances', orgValue: null, newValue: String(includeProcessInstances) },
        ],
        processDefinitionId: d.id,
        processDefinitionKey: d.key,
        deploymentId: d.deploymentId,
      });
      if (includeProcessInstances) {
        const roots = await tx.find(EngineExecution, { isProcessInstance: true, processDefinitionId: d.id });
        await setInstancesSuspended(
          tx,
          roots.map((r) => r.id),
          suspended,
        );
      }
    }
  });
}

/** Running instances of these definitions; without `cascade` their existence refuses the delete. */
async function deleteRunningInstances(core: EngineCore, defIds: string[], cascade: boolean, what: string) {
  const running = defIds.length
    ? await core.query((tx) =>
        tx.find(EngineExecution, { isProcessInstance: true, processDefinitionId: defIds }),
      )
    : [];
  if (running.length > 0 && !cascade)
    throw new ProcessEngineError(
      `Deletion of process definition without cascading failed. There are ${running.length} process instances of ${what}.`,
    );
  for (const pi of running) await deleteProcessInstance(core, pi.id, 'deployment deleted');
}

/** Removes definitions (and with `cascade` their history), their jobs, start subscriptions and incidents. */
async function removeDefinitions(tx: EngineTx, defIds: string[], cascade: boolean): Promise<void> {
  if (defIds.length === 0) return;
  if (cascade) {
    for (const h of await tx.find(EngineHistoricProcessInstance, { processDefinitionId: defIds }))
      await removeInstanceHistory(tx, h);
  }
  await tx.removeWhere(EngineJob, { processDefinitionId: defIds });
  await tx.removeWhere(EngineStartSubscription, { processDefinitionId: defIds });
  await tx.closeIncidents({ processDefinitionId: defIds }, 'deleted');
  await tx.removeWhere(EngineIncident, { processDefinitionId: defIds });
  await tx.removeWhere(EngineProcessDefinition, { id: defIds });
}

/**
 * Deletes a deployment: its resources and definitions. With running instances it refuses unless
 * `cascade`, which first deletes the instances (each EXTERNALLY_TERMINATED in its own transaction)
 * and then their history, as Camunda's cascading delete does.
 */
export async function deleteDeployment(
  core: EngineCore,
  id: string,
  options: { cascade: boolean },
): Promise<void> {
  const { cascade } = options;
  const defIds = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, {
      resource: RESOURCES.DEPLOYMENT,
      permission: 'DELETE',
      resourceId: id,
    });
    if (!(await tx.get(EngineDeployment, id)))
      throw new NotFoundError(`Deployment with id '${id}' do not exist`);
    return (await tx.find(EngineProcessDefinition, { deploymentId: id })).map((d) => d.id);
  });
  await deleteRunningInstances(core, defIds, cascade, `the deployment '${id}'`);
  await core.command(async ({ tx, now }) => {
    await removeDefinitions(tx, defIds, cascade);
    await tx.removeWhere(EngineResource, { deploymentId: id });
    await tx.removeWhere(EngineDeployment, { id });
    await logOperation(tx, now, {
      operationType: 'Delete',
      entityType: 'Deployment',
      category: 'Operator',
      changes: [{ property: 'cascade', orgValue: null, newValue: String(cascade) }],
      deploymentId: id,
    });
  });
}

/**
 * Deletes process definitions (`DELETE /process-definition/{id}`, or every version of a key);
 * their deployment and its resources stay, as in Camunda.
 */
export async function deleteDefinitions(
  core: EngineCore,
  selector: { id?: string; key?: string },
  options: { cascade: boolean },
): Promise<void> {
  const { cascade } = options;
  const defs = await core.query(async (tx, caller) => {
    const rows = await tx.find(EngineProcessDefinition, { id: selector.id, key: selector.key });
    if (rows.length === 0)
      throw new NotFoundError(
        selector.id !== undefined
          ? `No process definition found with id '${selector.id}'`
          : `No process definition found with key '${selector.key}'`,
      );
    for (const key of new Set(rows.map((d) => d.key)))
      await requireDefinitionPermission(tx, caller, { key }, 'DELETE');
    return rows;
  });
  const defIds = defs.map((d) => d.id);
  await deleteRunningInstances(core, defIds, cascade, `the process definition`);
  await core.command(async ({ tx, now }) => {
    await removeDefinitions(tx, defIds, cascade);
    for (const d of defs)
      await logOperation(tx, now, {
        operationType: 'Delete',
        entityType: 'ProcessDefinition',
        category: 'Operator',
        changes: [{ property: 'cascade', orgValue: null, newValue: String(cascade) }],
        processDefinitionId: d.id,
        processDefinitionKey: d.key,
        deploymentId: d.deploymentId,
      });
  });
}

export interface ActivityInstanceNode {
  id: string;
  parentActivityInstanceId: string | null;
  activityId: string;
  activityType: string;
  processInstanceId: string;
  processDefinitionId: string;
  childActivityInstances: ActivityInstanceNode[];
  childTransitionInstances: never[];
  executionIds: string[];
  activityName: string | null;
  name: string | null;
  incidentIds: string[];
  incidents: { id: string; activityId: string }[];
}

/**
 * The instance's activity-instance tree (Camunda's `GET …/activity-instances`) from the open
 * historic activity instances: the root is the process instance, children hang under their
 * parent activity instance (subprocess scopes) or under the root.
 */
export async function activityInstanceTree(core: EngineCore, id: string): Promise<ActivityInstanceNode> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, onProcessInstance(id, 'READ'));
    // The document says 500 for an unknown instance; Operaton (the reference) answers 404.
    const pi = await tx.get(EngineExecution, id);
    if (!pi || !pi.isProcessInstance)
      throw new NotFoundError(`Process instance with id ${id} does not exist`);
    const open = await tx.find(
      EngineHistoricActivityInstance,
      { processInstanceId: id, endTime: null },
      { order: { startTime: 'ASC', id: 'ASC' } },
    );
    const incidents = await tx.find(EngineIncident, { processInstanceId: id });
    const def = await tx.get(EngineProcessDefinition, pi.processDefinitionId);
    const node = (a: EngineHistoricActivityInstance, parent: string): ActivityInstanceNode => {
      const mine = incidents.filter((i) => i.activityId === a.activityId);
      return {
        id: a.id,
        parentActivityInstanceId: parent,
        activityId: a.activityId,
        activityType: a.activityType,
        processInstanceId: id,
        processDefinitionId: pi.processDefinitionId,
        childActivityInstances: [],
        childTransitionInstances: [],
        executionIds: [a.executionId],
        activityName: a.activityName,
        name: a.activityName,
        incidentIds: mine.map((i) => i.id),
        incidents: mine.map((i) => ({ id: i.id, activityId: i.activityId })),
      };
    };
    const root: ActivityInstanceNode = {
      id,
      parentActivityInstanceId: null,
      activityId: pi.processDefinitionId,
      activityType: 'processDefinition',
      processInstanceId: id,
      processDefinitionId: pi.processDefinitionId,
      childActivityInstances: [],
      childTransitionInstances: [],
      executionIds: [id],
      activityName: def?.name ?? null,
      name: def?.name ?? null,
      incidentIds: [],
      incidents: [],
    };
    const byId = new Map<string, ActivityInstanceNode>([[id, root]]);
    const openIds = new Set(open.map((a) => a.id));
    // Parents start before their children, so one pass in start order builds the tree.
    for (const a of open) {
      const parentId =
        a.parentActivityInstanceId && openIds.has(a.parentActivityInstanceId)
          ? a.parentActivityInstanceId
          : id;
      const n = node(a, parentId);
      byId.set(a.id, n);
      (byId.get(parentId) ?? root).childActivityInstances.push(n);
    }
    return root;
  });
}

/** Running instances, failed jobs and incidents per definition (`/process-definition/statistics`). */
export async function definitionStatistics(core: EngineCore) {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.PROCESS_DEFINITION, permission: 'READ' });
    const defs = await tx.find(EngineProcessDefinition, {}, { order: { key: 'ASC', version: 'ASC' } });
    const roots = await tx.find(EngineExecution, { isProcessInstance: true });
    const incidents = await tx.find(EngineIncident, {});
    const failedJobs = await tx.find(EngineJob, { retries: 0 });
    return defs.map((d) => ({
      definition: d,
      instances: roots.filter((r) => r.processDefinitionId === d.id).length,
      failedJobs: failedJobs.filter((j) => j.processDefinitionId === d.id).length,
      incidents: incidents.filter((i) => i.processDefinitionId === d.id),
    }));
  });
}

/** Executions, failed jobs and incidents per activity of one definition (`/{id}/statistics`). */
export async function activityStatistics(core: EngineCore, definitionId: string) {
  return core.query(async (tx, caller) => {
    const def = await tx.get(EngineProcessDefinition, definitionId);
    if (!def) throw new NotFoundError(`No matching definition with id ${definitionId}`);
    await requireDefinitionPermission(tx, caller, def, 'READ');
    const open = await tx.find(EngineHistoricActivityInstance, {
      processDefinitionId: definitionId,
      endTime: null,
    });
    const incidents = await tx.find(EngineIncident, { processDefinitionId: definitionId });
    const failedJobs = await tx.find(EngineJob, { processDefinitionId: definitionId, retries: 0 });
    const activities = [
      ...new Set([...open.map((a) => a.activityId), ...incidents.map((i) => i.activityId)]),
    ].sort();
    return activities.map((activityId) => ({
      id: activityId,
      instances: open.filter((a) => a.activityId === activityId).length,
      failedJobs: failedJobs.filter((j) => j.activityId === activityId).length,
      incidents: incidents.filter((i) => i.activityId === activityId),
    }));
  });
}
