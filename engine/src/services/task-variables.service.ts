import { EngineTask, EngineVariable, type EngineTx } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import type { Caller } from '../identity/authorization.service.js';
import { requireTaskPermission } from './task-authorization.js';
import { CommandContext } from '../runtime/command-context.js';
import { NotFoundError } from '../runtime/errors.js';

/**
 * The variables of a task, read as Camunda's TaskService does: `local` — the task's own
 * (`/task/{id}/localVariables`); `visible` — its own, then those of its execution's scopes up to
 * the process instance, the nearest winning a name (`/task/{id}/variables`, form variables).
 * Another task's own variables are never among them. Sorted by name.
 */
export async function readTaskVariables(
  core: EngineCore,
  taskId: string,
  which: 'local' | 'visible',
): Promise<EngineVariable[]> {
  return core.query(async (tx, caller) => {
    await requireTaskPermission(tx, caller, taskId, 'READ');
    const task = await tx.get(EngineTask, taskId);
    if (!task) throw new NotFoundError(`task ${taskId} doesn't exist`);
    // A read-only context: it loads the instance's variables by scope, nothing is written.
    const ctx = new CommandContext(tx, core.clock.now(), core.models);
    const exec = which === 'visible' ? await ctx.execution(task.executionId) : null;
    const vars = exec ? await ctx.taskVisibleVariables(task, exec) : await ctx.taskVariables(task);
    return [...vars.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  });
}

async function taskOr404(tx: EngineTx, id: string): Promise<EngineTask> {
  const task = await tx.get(EngineTask, id);
  if (!task) throw new NotFoundError(`task ${id} doesn't exist`);
  return task;
}

/**
 * One variable the task sees (`/task/{id}/variables/{name}/data`), inside the reading transaction:
 * its own first, then its scope's, then the instance's; never another task's own.
 */
export async function readVisibleTaskVariable(
  tx: EngineTx,
  taskId: string,
  name: string,
  caller: Caller,
): Promise<EngineVariable | null> {
  await requireTaskPermission(tx, caller, taskId, 'READ');
  const task = await taskOr404(tx, taskId);
  const rows = await tx.find(EngineVariable, { processInstanceId: task.processInstanceId, name });
  const scoped = rows.filter((v) => v.taskId === null);
  return (
    rows.find((v) => v.taskId === task.id) ??
    scoped.find((v) => v.executionId === task.executionId) ??
    scoped.find((v) => v.executionId === task.processInstanceId) ??
    scoped[0] ??
    null
  );
}

/** One of the task's own variables (`/task/{id}/localVariables/{name}/data`). */
export async function readLocalTaskVariable(
  tx: EngineTx,
  taskId: string,
  name: string,
  caller: Caller,
): Promise<EngineVariable | null> {
  await requireTaskPermission(tx, caller, taskId, 'READ');
  const task = await taskOr404(tx, taskId);
  return tx.findOne(EngineVariable, { taskId: task.id, name });
}
