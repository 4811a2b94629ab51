import type { Context } from 'koa';
import { InvalidArgumentError, ProcessEngineError } from '../runtime/errors.js';
import { RestError } from './rest-error.js';
import { deployedTaskForm } from '../services/form.service.js';
import { instanceVariables } from '../services/process-instance-query.service.js';
import {
  candidateGroupCounts,
  changeIdentityLink,
  delegateTask,
  identityLinks,
  modifyTaskVariables,
  resolveTask,
  setTaskLocalVariables,
  updateTask,
} from '../services/task-actions.service.js';
import { deleteTask, handleTaskBpmnError, handleTaskEscalation } from '../services/task-events.service.js';
import {
  assignTask,
  claimTask,
  completeTask,
  countTasks,
  getTask,
  listTasks,
} from '../services/task.service.js';
import {
  readLocalTaskVariable,
  readTaskVariables,
  readVisibleTaskVariable,
} from '../services/task-variables.service.js';
import {
  fromDtoMap,
  parseCamundaDate,
  VariableValueError,
  type StoredValue,
} from '../variables/typed-value.js';
import { taskDto, variableMap } from './dto-mappers.js';
import {
  checkLength,
  noContent,
  optBool,
  optInt,
  optString,
  queryList,
  queryString,
  readJson,
  reqString,
  sendJson,
  sendRawJson,
} from './http.js';
import { engineOf, type RouteDeps } from './rest-context.js';
import type { EngineCore } from '../engine-core.js';
import { refuseUnsupportedBody } from './supported-parameters.js';
import { taskQuery, taskQueryFromBody } from './task-query.js';
import { variablesResource } from './variables-resource.js';

/** The variables of a body (`variables`); an invalid typed value is a 400 in the caller's words. */
function variablesOf(
  body: Record<string, unknown>,
  message: (detail: string) => string,
): Map<string, StoredValue> {
  try {
    return fromDtoMap(body.variables);
  } catch (err) {
    if (err instanceof VariableValueError) throw new InvalidArgumentError(message(err.message));
    throw err;
  }
}

const modifyError = (taskId: string, detail: string) =>
  `Cannot modify variables for task ${taskId}: ${detail}`;

function dateField(body: Record<string, unknown>, key: string): Date | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  const d = typeof v === 'string' ? parseCamundaDate(v) : null;
  if (!d) throw new InvalidArgumentError(`${key} must be a date (yyyy-MM-dd'T'HH:mm:ss.SSSZ)`);
  return d;
}

/**
 * `/task`: the query (GET and POST, with `orQueries`), one task, its form, the lifecycle (claim,
 * assign, delegate, resolve, complete, update, delete, BPMN error and escalation), identity links,
 * the variables sub-resources and the candidate-group report. Comments and attachments are in
 * task-comment.routes.ts and task-attachment.routes.ts.
 */
export function taskRoutes(deps: RouteDeps): void {
  const { router, core } = deps;
  router.get('/task/report/candidate-group-count', async (ctx) => {
    sendJson(ctx, await candidateGroupCounts(engineOf(core, ctx)));
  });

  // ---- the query
  router.get('/task', async (ctx) => {
    sendJson(ctx, (await listTasks(engineOf(core, ctx), taskQuery(ctx))).map(taskDto));
  });
  const bodyQuery = async (ctx: Context) => {
    const body = await readJson(ctx);
    refuseUnsupportedBody(ctx, body);
    return taskQueryFromBody(ctx, body);
  };
  router.post('/task', async (ctx) => {
    sendJson(ctx, (await listTasks(engineOf(core, ctx), await bodyQuery(ctx))).map(taskDto));
  });
  router.post('/task/count', async (ctx) => {
    sendJson(ctx, { count: await countTasks(engineOf(core, ctx), await bodyQuery(ctx)) });
  });
  router.get('/task/count', async (ctx) => {
    sendJson(ctx, { count: await countTasks(engineOf(core, ctx), taskQuery(ctx)) });
  });

  // ---- one task and its form
  router.get('/task/:id', async (ctx) => {
    sendJson(
      ctx,
      taskDto(
        await getTask(engineOf(core, ctx), ctx.params.id!, `No matching task with id ${ctx.params.id}`),
      ),
    );
  });
  router.get('/task/:id/form', async (ctx) => {
    const dto = taskDto(
      await getTask(engineOf(core, ctx), ctx.params.id!, `Cannot get form for task ${ctx.params.id}`),
    );
    sendJson(ctx, { key: dto.formKey, camundaFormRef: dto.camundaFormRef, contextPath: null });
  });
  router.get('/task/:id/deployed-form', async (ctx) => {
    sendRawJson(ctx, await deployedTaskForm(engineOf(core, ctx), ctx.params.id!));
  });

  // ---- lifecycle
  router.post('/task/:id/claim', async (ctx) => {
    const body = await readJson(ctx);
    const userId = checkLength(optString(body, 'userId'), 'userId', 255);
    if (!userId) throw new InvalidArgumentError('userId must not be null');
    await claimTask(engineOf(core, ctx), ctx.params.id!, userId);
    noContent(ctx);
  });
  router.post('/task/:id/unclaim', async (ctx) => {
    await assignTask(engineOf(core, ctx), ctx.params.id!, null);
    noContent(ctx);
  });
  router.post('/task/:id/assignee', async (ctx) => {
    const body = await readJson(ctx);
    await assignTask(
      engineOf(core, ctx),
      ctx.params.id!,
      checkLength(optString(body, 'userId'), 'userId', 255),
    );
    noContent(ctx);
  });
  const complete = async (ctx: Context) => {
    const body = await readJson(ctx);
    const id = ctx.params.id!;
    const variables = variablesOf(body, (detail) => `Cannot complete task ${id}: ${detail}`);
    let result;
    try {
      result = await completeTask(engineOf(core, ctx), id, variables);
    } catch (err) {
      if (err instanceof ProcessEngineError) {
        throw new RestError(500, 'RestException', `Cannot complete task ${id}: ${err.message}`);
      }
      throw err;
    }
    if (optBool(body, 'withVariablesInReturn'))
      // The instance's variables after the task's own check: completing implies reading them.
      sendJson(ctx, variableMap(await instanceVariables(core, result.processInstanceId)));
    else noContent(ctx);
  };
  router.post('/task/:id/complete', complete);
  router.post('/task/:id/submit-form', complete);
  router.put('/task/:id', async (ctx) => {
    const body = await readJson(ctx);
    const priority = optInt(body, 'priority') ?? 50;
    await updateTask(engineOf(core, ctx), ctx.params.id!, {
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
    if (!userId) throw new InvalidArgumentError('userId must not be null');
    await delegateTask(engineOf(core, ctx), ctx.params.id!, userId);
    noContent(ctx);
  });
  router.post('/task/:id/resolve', async (ctx) => {
    const body = await readJson(ctx);
    const variables = variablesOf(body, (detail) => modifyError(ctx.params.id!, detail));
    await resolveTask(engineOf(core, ctx), ctx.params.id!, variables);
    noContent(ctx);
  });
  // BPMN error, escalation and deletion with Operaton 1.0.3's statuses (see task-events.service.ts).
  router.post('/task/:id/bpmnError', async (ctx) => {
    const body = await readJson(ctx);
    const errorCode = optString(body, 'errorCode');
    // Operaton's words and type for a missing code (its REST layer checks it, not the engine).
    if (errorCode === null) throw new RestError(400, 'RestException', 'errorCode is null', 0);
    await handleTaskBpmnError(
      engineOf(core, ctx),
      ctx.params.id!,
      errorCode,
      optString(body, 'errorMessage'),
      variablesOf(body, (detail) => detail),
    );
    noContent(ctx);
  });
  router.post('/task/:id/bpmnEscalation', async (ctx) => {
    const body = await readJson(ctx);
    await handleTaskEscalation(
      engineOf(core, ctx),
      ctx.params.id!,
      optString(body, 'escalationCode'),
      variablesOf(body, (detail) => detail),
    );
    noContent(ctx);
  });
  router.delete('/task/:id', async (ctx) => {
    await deleteTask(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });

  // ---- identity links
  router.get('/task/:id/identity-links', async (ctx) => {
    sendJson(ctx, await identityLinks(engineOf(core, ctx), ctx.params.id!, queryString(ctx, 'type')));
  });
  const link = (body: Record<string, unknown>) => ({
    userId: checkLength(optString(body, 'userId'), 'userId', 255),
    groupId: checkLength(optString(body, 'groupId'), 'groupId', 255),
    type: reqString(body, 'type'),
  });
  router.post('/task/:id/identity-links', async (ctx) => {
    await changeIdentityLink(engineOf(core, ctx), ctx.params.id!, link(await readJson(ctx)), {
      action: 'add',
    });
    noContent(ctx);
  });
  router.post('/task/:id/identity-links/delete', async (ctx) => {
    await changeIdentityLink(engineOf(core, ctx), ctx.params.id!, link(await readJson(ctx)), {
      action: 'delete',
    });
    noContent(ctx);
  });

  // ---- variables: those the task sees, and its own
  const visibleVariables = (engine: EngineCore, taskId: string) =>
    readTaskVariables(engine, taskId, 'visible');
  variablesResource(deps, {
    path: '/task/:id/variables',
    noun: 'task',
    list: visibleVariables,
    readOne: readVisibleTaskVariable,
    write: (engine, id, modifications, deletions) =>
      modifyTaskVariables(engine, id, modifications, deletions),
    putError: (id, _name, detail) => modifyError(id, detail),
    modifyError,
  });
  variablesResource(deps, {
    path: '/task/:id/localVariables',
    noun: 'task',
    list: (engine, taskId) => readTaskVariables(engine, taskId, 'local'),
    readOne: readLocalTaskVariable,
    write: (engine, id, modifications, deletions) =>
      setTaskLocalVariables(engine, id, modifications, deletions),
    putError: (id, _name, detail) => modifyError(id, detail),
    modifyError,
  });
  /**
   * A Camunda Form has no generated form fields, so Camunda answers the variables visible to the
   * task; `variableNames` narrows them.
   */
  router.get('/task/:id/form-variables', async (ctx) => {
    const names = queryList(ctx, 'variableNames');
    const vars = await visibleVariables(engineOf(engineOf(core, ctx), ctx), ctx.params.id!);
    sendJson(ctx, variableMap(names ? vars.filter((v) => names.includes(v.name)) : vars));
  });
}
