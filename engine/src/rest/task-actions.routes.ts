import type { EngineComment } from '@motcua/db';
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
import {
  fromDto,
  fromDtoMap,
  toDto,
  VariableValueError,
  type StoredValue,
} from '../variables/typed-value.js';
import { formatCamundaDate, parseCamundaDate } from '../variables/typed-value.js';
import { variableMap } from './dto-mappers.js';
import {
  checkLength,
  noContent,
  optInt,
  optString,
  optStringArray,
  queryList,
  queryString,
  readJson,
  reqString,
  sendJson,
} from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';

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

function typed<T>(taskId: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof VariableValueError)
      throw invalidRequest(`Cannot modify variables for task ${taskId}: ${err.message}`);
    throw err;
  }
}

function dateField(body: Record<string, unknown>, key: string): Date | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  const d = typeof v === 'string' ? parseCamundaDate(v) : null;
  if (!d) throw invalidRequest(`${key} must be a date (yyyy-MM-dd'T'HH:mm:ss.SSSZ)`);
  return d;
}

/** Delegation, identity links, comments, task variables and form variables of a task. */
export function taskActionRoutes({ router, core }: RouteDeps): void {
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
  router.get('/task/:id/variables/:varName', async (ctx) => {
    const v = (await variablesOf(ctx.params.id!)).find((x) => x.name === ctx.params.varName);
    if (!v)
      throw notFound(
        `task variable with name ${ctx.params.varName} does not exist`,
        'InvalidRequestException',
      );
    sendJson(ctx, toDto({ type: v.type as StoredValue['type'], text: v.textValue }));
  });
  router.put('/task/:id/variables/:varName', async (ctx) => {
    const name = ctx.params.varName!;
    const body = await readJson(ctx);
    const value = typed(ctx.params.id!, () => fromDto(name, body));
    await modifyTaskVariables(core, ctx.params.id!, new Map([[name, value]]), []);
    noContent(ctx);
  });
  router.delete('/task/:id/variables/:varName', async (ctx) => {
    await modifyTaskVariables(core, ctx.params.id!, new Map(), [ctx.params.varName!]);
    noContent(ctx);
  });
  router.post('/task/:id/variables', async (ctx) => {
    const body = await readJson(ctx);
    const modifications = typed(ctx.params.id!, () => fromDtoMap(body.modifications));
    await modifyTaskVariables(core, ctx.params.id!, modifications, optStringArray(body, 'deletions') ?? []);
    noContent(ctx);
  });
  const localVariablesOf = (taskId: string) => readTaskVariables(core, taskId, 'local');
  router.get('/task/:id/localVariables', async (ctx) => {
    sendJson(ctx, variableMap(await localVariablesOf(ctx.params.id!)));
  });
  router.get('/task/:id/localVariables/:varName', async (ctx) => {
    const v = (await localVariablesOf(ctx.params.id!)).find((x) => x.name === ctx.params.varName);
    if (!v)
      throw notFound(
        `task variable with name ${ctx.params.varName} does not exist`,
        'InvalidRequestException',
      );
    sendJson(ctx, toDto({ type: v.type as StoredValue['type'], text: v.textValue }));
  });
  router.put('/task/:id/localVariables/:varName', async (ctx) => {
    const name = ctx.params.varName!;
    const body = await readJson(ctx);
    const value = typed(ctx.params.id!, () => fromDto(name, body));
    await setTaskLocalVariables(core, ctx.params.id!, new Map([[name, value]]), []);
    noContent(ctx);
  });
  router.post('/task/:id/localVariables', async (ctx) => {
    const body = await readJson(ctx);
    const modifications = typed(ctx.params.id!, () => fromDtoMap(body.modifications));
    await setTaskLocalVariables(core, ctx.params.id!, modifications, optStringArray(body, 'deletions') ?? []);
    noContent(ctx);
  });
  router.delete('/task/:id/localVariables/:varName', async (ctx) => {
    await setTaskLocalVariables(core, ctx.params.id!, new Map(), [ctx.params.varName!]);
    noContent(ctx);
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
