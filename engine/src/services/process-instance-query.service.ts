import { EngineExecution, EngineVariable, type EngineTx, type ProcessInstanceQuery } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import {
  onProcessInstance,
  READ_PROCESS_INSTANCES,
  requirePermission,
  type Caller,
} from '../identity/authorization.service.js';
import { NotFoundError } from '../runtime/errors.js';

/**
 * Reading process instances: the query, one instance, its variables. The query and its count need
 * READ on all instances; one instance and what hangs under it need READ on that instance.
 */

const absent = (id: string) => new NotFoundError(`Process instance with id ${id} does not exist`);

/** The instances of a query (`GET`/`POST /process-instance`): filters, sorting and paging in the database. */
export function listProcessInstances(core: EngineCore, q: ProcessInstanceQuery): Promise<EngineExecution[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, READ_PROCESS_INSTANCES);
    return tx.queryProcessInstances(q);
  });
}

/** How many instances the query's filters match (its paging is ignored). */
export function countProcessInstances(core: EngineCore, q: ProcessInstanceQuery): Promise<number> {
  const { skip: _skip, take: _take, ...filters } = q;
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, READ_PROCESS_INSTANCES);
    return tx.countProcessInstances(filters);
  });
}

export async function getProcessInstance(core: EngineCore, id: string): Promise<EngineExecution> {
  const [pi] = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, onProcessInstance(id, 'READ'));
    return tx.queryProcessInstances({ processInstanceIds: [id] });
  });
  if (!pi) throw absent(id);
  return pi;
}

/** The instance's own variables (its root scope), by name. */
export function processInstanceVariables(core: EngineCore, id: string): Promise<EngineVariable[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, onProcessInstance(id, 'READ'));
    const [pi] = await tx.queryProcessInstances({ processInstanceIds: [id] });
    if (!pi) throw absent(id);
    return tx.find(EngineVariable, { executionId: id, taskId: null }, { order: { name: 'ASC' } });
  });
}

/** One variable of the instance's root scope, inside the reading transaction (`…/{name}/data`). */
export async function readProcessInstanceVariable(
  tx: EngineTx,
  id: string,
  name: string,
  caller: Caller,
): Promise<EngineVariable | null> {
  await requirePermission(tx, caller, onProcessInstance(id, 'READ'));
  const pi = await tx.get(EngineExecution, id);
  if (!pi || !pi.isProcessInstance) throw absent(id);
  return tx.findOne(EngineVariable, { executionId: id, taskId: null, name });
}

/** The process instance's own variables by name (`withVariablesInReturn` of a completion). */
export function instanceVariables(core: EngineCore, processInstanceId: string): Promise<EngineVariable[]> {
  return core.query((tx) =>
    tx.find(EngineVariable, { processInstanceId, taskId: null }, { order: { name: 'ASC' } }),
  );
}
