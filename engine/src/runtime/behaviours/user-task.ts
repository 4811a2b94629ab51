import {
  EngineExecution,
  EngineHistoricActivityInstance,
  EngineIdentityLink,
  EngineTask,
} from '@motcua/db/engine';
import { isExpression } from '../../expressions/index.js';
import { nodeOf, type UserTaskNode } from '../../bpmn/model.js';
import { parseCamundaDate, type StoredValue } from '../../variables/typed-value.js';
import type { CommandContext } from '../command-context.js';
import { ProcessEngineError } from '../errors.js';
import * as history from '../history.js';
import { addIsoDuration } from '../iso-duration.js';
import { newId } from '../ids.js';
import type { ElementBehaviour } from './element-behaviour.js';
import { requireExecution } from '../execution-tree.js';
import { fireListeners } from '../listeners.js';
import { evalText } from '../runtime-expressions.js';
import { leave } from '../token-flow.js';

/** User tasks: the task row with its assignee, candidates, dates and form; completing it moves the token on. */

export const userTaskBehaviour: ElementBehaviour<UserTaskNode> = {
  async execute({ ctx, exec, node, actInst, record, armBoundaryEvents }) {
    await fireListeners(ctx, exec, node, 'create', await createUserTask(ctx, exec, node, actInst, record));
    await armBoundaryEvents();
    await ctx.saveExecution(exec);
  },
};

/** Completes a user task: variables, task history, then the token moves on. */
export async function completeUserTask(
  ctx: CommandContext,
  task: EngineTask,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<void> {
  const exec = await requireExecution(ctx, task.executionId);
  await ctx.setVariables(exec, variables, { activityInstanceId: task.activityInstanceId, taskId: task.id });
  const taskModel = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  await fireListeners(ctx, exec, nodeOf(taskModel, task.taskDefinitionKey), 'complete', task);
  await ctx.removeTask(task);
  await history.taskEnded(ctx, task, { reason: 'completed', recordAssignee: true });
  const model = await ctx.models.get(ctx.tx, exec.processDefinitionId);
  await leave(ctx, model, exec, nodeOf(model, task.taskDefinitionKey));
}

/** `a, b` or `${list}` → names. */
function nameList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}

/** A due/follow-up date: a Date variable, a date string, or an ISO period from now (`P10D`), as Camunda. */
function dateOf(value: unknown, what: string, now: Date): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value;
  const d = parseCamundaDate(String(value)) ?? addIsoDuration(now, String(value));
  if (!d) {
    throw new ProcessEngineError(
      `${what} '${String(value)}' is neither a date (yyyy-MM-dd'T'HH:mm:ss) nor an ISO period (P10D)`,
    );
  }
  return d;
}

async function createUserTask(
  ctx: CommandContext,
  exec: EngineExecution,
  node: UserTaskNode,
  actInst: EngineHistoricActivityInstance,
  record: () => Promise<void>,
): Promise<EngineTask> {
  const def = node.userTask;
  const resolve = await ctx.resolver(exec);
  const assigneeValue = evalText(def.assignee, resolve);
  const assignee = assigneeValue === null || assigneeValue === '' ? null : String(assigneeValue);
  const priorityValue = evalText(def.priority, resolve);
  const priority = priorityValue === null ? 50 : Number(priorityValue);
  if (!Number.isInteger(priority))
    throw new ProcessEngineError(`Priority of task '${node.id}' is not an integer: ${String(priorityValue)}`);
  const formRefVersion = def.formRefVersion === null ? null : Number(evalText(def.formRefVersion, resolve));
  const root = await requireExecution(ctx, exec.processInstanceId);
  // Camunda evaluates task names too (`Review ${loopCounter}`).
  const name =
    node.name !== null && isExpression(node.name) ? String(evalText(node.name, resolve)) : node.name;
  const task: EngineTask = {
    id: newId(),
    rev: 1,
    name,
    description: def.documentation,
    executionId: exec.id,
    processInstanceId: exec.processInstanceId,
    processDefinitionId: exec.processDefinitionId,
    processDefinitionKey: exec.processDefinitionKey,
    businessKey: root.businessKey,
    taskDefinitionKey: node.id,
    activityInstanceId: actInst.id,
    assignee,
    owner: null,
    priority,
    created: ctx.now,
    lastUpdated: null,
    dueDate: dateOf(evalText(def.dueDate, resolve), 'Due date', ctx.now),
    followUpDate: dateOf(evalText(def.followUpDate, resolve), 'Follow-up date', ctx.now),
    formKey: def.formKey,
    formRefKey: def.formRef === null ? null : String(evalText(def.formRef, resolve)),
    formRefBinding: def.formRef === null ? null : (def.formRefBinding ?? 'latest'),
    formRefVersion: formRefVersion !== null && Number.isInteger(formRefVersion) ? formRefVersion : null,
    suspended: false,
    tenantId: exec.tenantId,
  };
  await ctx.tx.insert(EngineTask, task);
  const links: EngineIdentityLink[] = [
    ...nameList(evalText(def.candidateGroups, resolve)).map((groupId) => ({
      id: newId(),
      taskId: task.id,
      type: 'candidate',
      userId: null,
      groupId,
    })),
    ...nameList(evalText(def.candidateUsers, resolve)).map((userId) => ({
      id: newId(),
      taskId: task.id,
      type: 'candidate',
      userId,
      groupId: null,
    })),
  ];
  await ctx.tx.insertMany(EngineIdentityLink, links);
  await history.taskCreated(ctx, task, exec, actInst);
  actInst.taskId = task.id;
  actInst.assignee = assignee;
  await record();
  return task;
}
