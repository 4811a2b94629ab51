import { EngineTask, EngineVariable, type EngineComment, type EngineTx } from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import {
  addComment,
  candidateGroupCounts,
  changeIdentityLink,
  comments,
  delegateTask,
  identityLinks,
  modifyTaskVariables,
  resolveTask,
  setTaskLocalVariables,
  updateTask,
} from '../services/task-actions.service.js';
import { readTaskVariables } from '../services/task-variables.service.js';
import { fromDtoMap, VariableValueError } from '../variables/typed-value.js';
import { formatCamundaDate, parseCamundaDate } from '../variables/typed-value.js';
import { variableMap } from './dto-mappers.js';
import {
  checkLength,
  noContent,
  optInt,
  optString,
  queryList,
  queryString,
  readJson,
  reqString,
  sendJson,
} from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';
import { variablesResource } from './variables-resource.js';

const commentDto = (c: EngineComment, baseUrl: string) => ({
  id: c.id,
  userId: c.userId,
  taskId: c.taskId,
  processInstanceId: c.processInstanceId,
  time: formatCamundaDate(c.time),
  message: c.message,
  removalTime: null,
  rootProcessInstanceId: c.processInstanceId,
  links: [{ method: 'GET', href: `${baseUrl}/task/${c.taskId}/comment/${c.id}`, rel: 'self' }],
});

const typedError = (taskId: string, detail: string) =>
  `Cannot modify variables for task ${taskId}: ${detail}`;

function typed<T>(taskId: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof VariableValueError) throw invalidRequest(typedError(taskId, err.message));
    throw err;
  }
}

/**
 * Of the task's process instance, the variable the task sees: its own first, then its scope's,
 * then the instance's; never another task's own.
 */
async function visibleTaskVariable(
  tx: EngineTx,
  task: EngineTask,
  name: string,
): Promise<EngineVariable | null> {
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

async function taskOr404(tx: EngineTx, id: string): Promise<EngineTask> {
  const task = await tx.get(EngineTask, id);
  if (!task) throw notFound(`task ${id} doesn't exist`, 'InvalidRequestException');
  return task;
}

function dateField(body: Record<string, unknown>, key: string): Date | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  const d = typeof v === 'string' ? parseCamundaDate(v) : null;
  if (!d) throw invalidRequest(`${key} must be a date (yyyy-MM-dd'T'HH:mm:ss.SSSZ)`);
  return d;
}

/** Delegation, identity links, comments, task variables and form variables of a task. */
export function taskActionRoutes(deps: RouteDeps): void {
  const { router, core } = deps;
  router.get('/task/report/candidate-group-count', async (ctx) => {
    sendJson(ctx, await candidateGroupCounts(core));
  });
  router.put('/task/:id', async (ctx) => {
    const body = await readJson(ctx);
    const priority = optInt(body, 'priority') ?? 50;
    await updateTask(core, ctx.params.id!, {
      name: checkLength(optString(body, 'name'), 'name', 255),
      description: checkLength(optString(body, 'description'), 'description', 4000),
      priority,
      assignee: checkLength(optString(body, 'assignee'), 'assignee', 255),
      owner: checkLength(optString(body, 'owner'), 'owner', 255),
      dueDate: dateField(body, 'due'),
      followUpDate: dateField(body, 'followUp'),
    });
    noContent(ctx);
  });
  router.post('/task/:id/delegate', async (ctx) => {
    const userId = checkLength(optString(await readJson(ctx), 'userId'), 'userId', 255);
    if (!userId) throw invalidRequest('userId must not be null');
    await delegateTask(core, ctx.params.id!, userId);
    noContent(ctx);
  });
  router.post('/task/:id/resolve', async (ctx) => {
    const body = await readJson(ctx);
    const variables = typed(ctx.params.id!, () => fromDtoMap(body.variables));
    await resolveTask(core, ctx.params.id!, variables);
    noContent(ctx);
  });

  router.get('/task/:id/identity-links', async (ctx) => {
    sendJson(ctx, await identityLinks(core, ctx.params.id!, queryString(ctx, 'type')));
  });
  const link = async (body: Record<string, unknown>) => ({
    userId: checkLength(optString(body, 'userId'), 'userId', 255),
    groupId: checkLength(optString(body, 'groupId'), 'groupId', 255),
    type: reqString(body, 'type'),
  });
  router.post('/task/:id/identity-links', async (ctx) => {
    await changeIdentityLink(core, ctx.params.id!, await link(await readJson(ctx)), true);
    noContent(ctx);
  });
  router.post('/task/:id/identity-links/delete', async (ctx) => {
    await changeIdentityLink(core, ctx.params.id!, await link(await readJson(ctx)), false);
    noContent(ctx);
  });

  router.get('/task/:id/comment', async (ctx) => {
    sendJson(
      ctx,
      (await comments(core, ctx.params.id!)).map((c) => commentDto(c, baseUrlOf(ctx))),
    );
  });
  router.post('/task/:id/comment/create', async (ctx) => {
    const message = reqString(await readJson(ctx), 'message');
    if (message.length > 4000) throw invalidRequest('A comment has at most 4000 characters');
    sendJson(ctx, commentDto(await addComment(core, ctx.params.id!, message), baseUrlOf(ctx)));
  });
  router.get('/task/:id/comment/:commentId', async (ctx) => {
    const c = (await comments(core, ctx.params.id!)).find((x) => x.id === ctx.params.commentId);
    if (!c)
      throw notFound(
        `Task comment with id ${ctx.params.commentId} does not exist for task id '${ctx.params.id}'.`,
        'InvalidRequestException',
      );
    sendJson(ctx, commentDto(c, baseUrlOf(ctx)));
  });

  const variablesOf = (taskId: string) => readTaskVariables(core, taskId, 'visible');
  variablesResource(deps, {
    path: '/task/:id/variables',
    noun: 'task',
    list: variablesOf,
    readOne: async (tx, id, name) => visibleTaskVariable(tx, await taskOr404(tx, id), name),
    write: (id, modifications, deletions) => modifyTaskVariables(core, id, modifications, deletions),
    putError: (id, _name, detail) => typedError(id, detail),
    modifyError: typedError,
  });
  variablesResource(deps, {
    path: '/task/:id/localVariables',
    noun: 'task',
    list: (taskId) => readTaskVariables(core, taskId, 'local'),
    readOne: async (tx, id, name) => {
      const task = await taskOr404(tx, id);
      return tx.findOne(EngineVariable, { taskId: task.id, name });
    },
    write: (id, modifications, deletions) => setTaskLocalVariables(core, id, modifications, deletions),
    putError: (id, _name, detail) => typedError(id, detail),
    modifyError: typedError,
  });
  /**
   * A Camunda Form has no generated form fields, so Camunda answers the variables visible to the
   * task; `variableNames` narrows them.
   */
  router.get('/task/:id/form-variables', async (ctx) => {
    const names = queryList(ctx, 'variableNames');
    const vars = await variablesOf(ctx.params.id!);
    sendJson(ctx, variableMap(names ? vars.filter((v) => names.includes(v.name)) : vars));
  });
}
