import type { Context } from 'koa';
import {
  EngineHistoricExternalTaskLog,
  EngineHistoricIdentityLink,
  EngineHistoricIncident,
  EngineHistoricTaskInstance,
  EngineHistoricVariableUpdate,
  EngineUserOperationLog,
  type Where,
} from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { formatCamundaDate, toDto, type StoredValue } from '../variables/typed-value.js';
import { historicProcessInstanceDto } from './dto-mappers.js';
import { historicProcessInstanceQuery } from './history.routes.js';
import { countOf, pageOf, type ListQuery } from './list-query.js';
import { queryBool, queryList, queryString, readJson, sendJson, sortByOf, sortOrderOf } from './http.js';
import { useBodyAsQuery } from './query-body.js';
import type { RouteDeps } from './rest-context.js';

/** `2026-11-27T10:00:00.000+0700` and ISO forms alike; a bad date is a 400 naming the parameter. */
function queryDate(ctx: Context, key: string): Date | undefined {
  const v = queryString(ctx, key);
  if (v === undefined) return undefined;
  const iso = v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw invalidRequest(`Cannot set query parameter '${key}' to value '${v}'`);
  return d;
}

/** Exclusive time bounds, either or both (compared in the database). */
const between = (after?: Date, before?: Date) =>
  after && before
    ? ({ op: 'between', after, before } as const)
    : after
      ? ({ op: 'gt', value: after } as const)
      : before
        ? ({ op: 'lt', value: before } as const)
        : undefined;

const OPLOG_SORT = { timestamp: 'timestamp' } as const;

/** POST variants of history queries, variable-update details and the user-operation log. */
export function historyExtraRoutes({ router, core }: RouteDeps): void {
  router.post('/history/process-instance', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(
      ctx,
      (await pageOf(core, ctx, historicProcessInstanceQuery(ctx))).map(historicProcessInstanceDto),
    );
  });
  router.post('/history/process-instance/count', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, { count: await countOf(core, historicProcessInstanceQuery(ctx)) });
  });

  // ---- details: one row per variable write (Camunda's HistoricVariableUpdate)
  const detailQuery = (ctx: Context): ListQuery<EngineHistoricVariableUpdate> => {
    const sortBy = sortByOf(ctx, ['time', 'variableName', 'processInstanceId', 'variableRevision'] as const);
    const column = {
      time: 'time',
      variableName: 'name',
      processInstanceId: 'processInstanceId',
      variableRevision: 'revision',
    } as const;
    const nameLike = queryString(ctx, 'variableNameLike');
    const after = queryDate(ctx, 'occurredAfter');
    const before = queryDate(ctx, 'occurredBefore');
    const where: Where<EngineHistoricVariableUpdate> = {
      processInstanceId: queryList(ctx, 'processInstanceIdIn') ?? queryString(ctx, 'processInstanceId'),
      executionId: queryString(ctx, 'executionId'),
      taskId: queryString(ctx, 'taskId'),
      activityInstanceId: queryString(ctx, 'activityInstanceId'),
      variableInstanceId: queryString(ctx, 'variableInstanceId'),
      type: queryList(ctx, 'variableTypeIn'),
      name: nameLike !== undefined ? { op: 'like', value: nameLike } : undefined,
      time: between(after, before),
      revision: queryBool(ctx, 'initial') ? 1 : undefined,
    };
    return {
      entity: EngineHistoricVariableUpdate,
      where,
      order: sortBy
        ? { [column[sortBy]]: sortOrderOf(ctx), id: sortOrderOf(ctx) }
        : { time: 'ASC', id: 'ASC' },
    };
  };
  // No form-field details are written: a formFields query matches nothing.
  const listDetails = async (ctx: Context) =>
    queryBool(ctx, 'formFields') ? [] : pageOf(core, ctx, detailQuery(ctx));
  const detailDto = (d: EngineHistoricVariableUpdate) => {
    const { value, type, valueInfo } = toDto({ type: d.type as StoredValue['type'], text: d.textValue });
    return {
      id: d.id,
      type: 'variableUpdate',
      processDefinitionKey: null,
      processDefinitionId: null,
      processInstanceId: d.processInstanceId,
      activityInstanceId: d.activityInstanceId,
      executionId: d.executionId,
      caseDefinitionKey: null,
      caseDefinitionId: null,
      caseInstanceId: null,
      caseExecutionId: null,
      taskId: d.taskId,
      tenantId: null,
      userOperationId: null,
      time: formatCamundaDate(d.time),
      removalTime: null,
      rootProcessInstanceId: d.processInstanceId,
      variableName: d.name,
      variableInstanceId: d.variableInstanceId,
      variableType: type,
      value,
      valueInfo,
      initial: d.revision === 1,
      revision: d.revision,
      errorMessage: null,
    };
  };
  router.get('/history/detail', async (ctx) => {
    sendJson(ctx, (await listDetails(ctx)).map(detailDto));
  });
  router.get('/history/detail/count', async (ctx) => {
    sendJson(ctx, { count: queryBool(ctx, 'formFields') ? 0 : await countOf(core, detailQuery(ctx)) });
  });
  router.post('/history/detail', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, (await listDetails(ctx)).map(detailDto));
  });
  router.get('/history/detail/:id', async (ctx) => {
    const d = await core.query((tx) => tx.get(EngineHistoricVariableUpdate, ctx.params.id!));
    if (!d)
      throw notFound(`Historic detail with Id '${ctx.params.id}' does not exist`, 'InvalidRequestException');
    sendJson(ctx, detailDto(d));
  });

  // ---- incidents' history (open, resolved, deleted)
  const INC_SORT = {
    incidentId: 'id',
    createTime: 'createTime',
    endTime: 'endTime',
    incidentType: 'incidentType',
    activityId: 'activityId',
    processInstanceId: 'processInstanceId',
  } as const;
  const incidentQuery = (ctx: Context): ListQuery<EngineHistoricIncident> => {
    const sortBy = sortByOf(ctx, Object.keys(INC_SORT) as (keyof typeof INC_SORT)[]);
    const open = queryBool(ctx, 'open');
    const resolved = queryBool(ctx, 'resolved');
    const deleted = queryBool(ctx, 'deleted');
    const states = [open && 'open', resolved && 'resolved', deleted && 'deleted'].filter(
      (x): x is string => !!x,
    );
    const messageLike = queryString(ctx, 'incidentMessageLike');
    return {
      entity: EngineHistoricIncident,
      where: {
        id: queryString(ctx, 'incidentId'),
        incidentType: queryString(ctx, 'incidentType'),
        incidentMessage:
          messageLike !== undefined
            ? { op: 'like', value: messageLike }
            : queryString(ctx, 'incidentMessage'),
        processDefinitionId: queryString(ctx, 'processDefinitionId'),
        processInstanceId: queryString(ctx, 'processInstanceId'),
        executionId: queryString(ctx, 'executionId'),
        activityId: queryString(ctx, 'activityId'),
        configuration: queryString(ctx, 'configuration'),
        state: states.length ? states : undefined,
      },
      order: sortBy
        ? { [INC_SORT[sortBy]]: sortOrderOf(ctx), id: sortOrderOf(ctx) }
        : { createTime: 'ASC', id: 'ASC' },
    };
  };
  const historicIncidentDto = (i: EngineHistoricIncident) => ({
    id: i.id,
    processDefinitionKey: i.processDefinitionId.split(':')[0] ?? null,
    processDefinitionId: i.processDefinitionId,
    processInstanceId: i.processInstanceId,
    executionId: i.executionId,
    rootProcessInstanceId: i.processInstanceId,
    createTime: formatCamundaDate(i.createTime),
    endTime: formatCamundaDate(i.endTime),
    removalTime: null,
    incidentType: i.incidentType,
    activityId: i.activityId,
    failedActivityId: i.activityId,
    causeIncidentId: i.id,
    rootCauseIncidentId: i.id,
    configuration: i.configuration,
    historyConfiguration: null,
    incidentMessage: i.incidentMessage,
    tenantId: i.tenantId,
    jobDefinitionId: null,
    open: i.state === 'open',
    deleted: i.state === 'deleted',
    resolved: i.state === 'resolved',
    annotation: i.annotation,
  });
  router.get('/history/incident', async (ctx) => {
    sendJson(ctx, (await pageOf(core, ctx, incidentQuery(ctx))).map(historicIncidentDto));
  });
  router.get('/history/incident/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, incidentQuery(ctx)) });
  });

  // ---- identity-link log: candidates and assignees of tasks, added and deleted
  const LINK_SORT = {
    time: 'time',
    type: 'type',
    userId: 'userId',
    groupId: 'groupId',
    taskId: 'taskId',
    operationType: 'operationType',
    assignerId: 'assignerId',
  } as const;
  /**
   * The log rows name the task; a definition filter finds the definition's tasks in the task
   * history first (null: no task of it, the query matches nothing).
   */
  const linkLogQuery = async (ctx: Context): Promise<ListQuery<EngineHistoricIdentityLink> | null> => {
    const sortBy = sortByOf(ctx, [
      ...Object.keys(LINK_SORT),
      'processDefinitionId',
      'processDefinitionKey',
      'tenantId',
    ] as const);
    let taskIds: string[] | undefined;
    const defId = queryString(ctx, 'processDefinitionId');
    const defKey = queryString(ctx, 'processDefinitionKey');
    if (defId !== undefined || defKey !== undefined) {
      taskIds = (
        await core.query((tx) =>
          tx.find(EngineHistoricTaskInstance, { processDefinitionId: defId, processDefinitionKey: defKey }),
        )
      ).map((t) => t.id);
      if (taskIds.length === 0) return null;
    }
    const given = queryString(ctx, 'taskId');
    return {
      entity: EngineHistoricIdentityLink,
      where: {
        type: queryString(ctx, 'type'),
        userId: queryString(ctx, 'userId'),
        groupId: queryString(ctx, 'groupId'),
        taskId: given !== undefined ? (taskIds && !taskIds.includes(given) ? [] : given) : taskIds,
        operationType: queryString(ctx, 'operationType'),
        assignerId: queryString(ctx, 'assignerId'),
        time: between(queryDate(ctx, 'dateAfter'), queryDate(ctx, 'dateBefore')),
      },
      order:
        sortBy && sortBy in LINK_SORT
          ? { [LINK_SORT[sortBy as keyof typeof LINK_SORT]]: sortOrderOf(ctx), id: sortOrderOf(ctx) }
          : { time: 'ASC', id: 'ASC' },
    };
  };
  const listLinkLog = async (ctx: Context) => {
    const q = await linkLogQuery(ctx);
    if (!q) return [];
    const page = await pageOf(core, ctx, q);
    const tasks = new Map(
      (page.length
        ? await core.query((tx) =>
            tx.find(EngineHistoricTaskInstance, { id: [...new Set(page.map((r) => r.taskId))] }),
          )
        : []
      ).map((t) => [t.id, t]),
    );
    return page.map((r) => ({ row: r, task: tasks.get(r.taskId) }));
  };
  router.get('/history/identity-link-log', async (ctx) => {
    sendJson(
      ctx,
      (await listLinkLog(ctx)).map(({ row, task }) => ({
        id: row.id,
        time: formatCamundaDate(row.time),
        type: row.type,
        userId: row.userId,
        groupId: row.groupId,
        taskId: row.taskId,
        processDefinitionId: task?.processDefinitionId ?? null,
        processDefinitionKey: task?.processDefinitionKey ?? null,
        operationType: row.operationType,
        assignerId: row.assignerId,
        tenantId: task?.tenantId ?? null,
        removalTime: null,
        rootProcessInstanceId: task?.processInstanceId ?? null,
      })),
    );
  });
  router.get('/history/identity-link-log/count', async (ctx) => {
    const q = await linkLogQuery(ctx);
    sendJson(ctx, { count: q ? await countOf(core, q) : 0 });
  });

  // ---- external-task log: created, failed, successful, deleted
  const EXT_LOG_SORT = {
    timestamp: 'timestamp',
    externalTaskId: 'externalTaskId',
    topicName: 'topicName',
    workerId: 'workerId',
    retries: 'retries',
    priority: 'priority',
    activityId: 'activityId',
    processInstanceId: 'processInstanceId',
    processDefinitionId: 'processDefinitionId',
    processDefinitionKey: 'processDefinitionKey',
  } as const;
  const externalTaskLogQuery = (ctx: Context): ListQuery<EngineHistoricExternalTaskLog> => {
    const sortBy = sortByOf(ctx, Object.keys(EXT_LOG_SORT) as (keyof typeof EXT_LOG_SORT)[]);
    const states = (['created', 'failed', 'successful', 'deleted'] as const).filter((st) =>
      queryBool(
        ctx,
        { created: 'creationLog', failed: 'failureLog', successful: 'successLog', deleted: 'deletionLog' }[
          st
        ],
      ),
    );
    const lower = queryString(ctx, 'priorityHigherThanOrEquals');
    const upper = queryString(ctx, 'priorityLowerThanOrEquals');
    const priority = [
      ...(lower === undefined ? [] : [{ op: 'gte', value: Number(lower) } as const]),
      ...(upper === undefined ? [] : [{ op: 'lte', value: Number(upper) } as const]),
    ];
    return {
      entity: EngineHistoricExternalTaskLog,
      where: {
        id: queryString(ctx, 'logId'),
        externalTaskId: queryString(ctx, 'externalTaskId'),
        topicName: queryString(ctx, 'topicName'),
        workerId: queryString(ctx, 'workerId'),
        errorMessage: queryString(ctx, 'errorMessage'),
        activityId: queryList(ctx, 'activityIdIn'),
        activityInstanceId: queryList(ctx, 'activityInstanceIdIn'),
        executionId: queryList(ctx, 'executionIdIn'),
        processInstanceId: queryString(ctx, 'processInstanceId'),
        processDefinitionId: queryString(ctx, 'processDefinitionId'),
        processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
        tenantId: queryList(ctx, 'tenantIdIn'),
        state: states.length ? [...states] : undefined,
        priority: priority.length ? { op: 'all', of: priority } : undefined,
      },
      order: sortBy
        ? { [EXT_LOG_SORT[sortBy]]: sortOrderOf(ctx), id: sortOrderOf(ctx) }
        : { timestamp: 'ASC', id: 'ASC' },
    };
  };
  const externalTaskLogDto = (r: EngineHistoricExternalTaskLog) => ({
    id: r.id,
    externalTaskId: r.externalTaskId,
    timestamp: formatCamundaDate(r.timestamp),
    topicName: r.topicName,
    workerId: r.workerId,
    retries: r.retries,
    priority: r.priority,
    errorMessage: r.errorMessage,
    activityId: r.activityId,
    activityInstanceId: r.activityInstanceId,
    executionId: r.executionId,
    processInstanceId: r.processInstanceId,
    processDefinitionId: r.processDefinitionId,
    processDefinitionKey: r.processDefinitionKey,
    tenantId: r.tenantId,
    creationLog: r.state === 'created',
    failureLog: r.state === 'failed',
    successLog: r.state === 'successful',
    deletionLog: r.state === 'deleted',
    removalTime: null,
    rootProcessInstanceId: r.processInstanceId,
  });
  router.get('/history/external-task-log', async (ctx) => {
    sendJson(ctx, (await pageOf(core, ctx, externalTaskLogQuery(ctx))).map(externalTaskLogDto));
  });
  router.get('/history/external-task-log/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, externalTaskLogQuery(ctx)) });
  });
  router.post('/history/external-task-log', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, (await pageOf(core, ctx, externalTaskLogQuery(ctx))).map(externalTaskLogDto));
  });
  router.post('/history/external-task-log/count', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, { count: await countOf(core, externalTaskLogQuery(ctx)) });
  });
  const logOr404 = async (id: string) => {
    const r = await core.query((tx) => tx.get(EngineHistoricExternalTaskLog, id));
    if (!r)
      throw notFound(`Historic external task log with id ${id} does not exist`, 'InvalidRequestException');
    return r;
  };
  router.get('/history/external-task-log/:id', async (ctx) => {
    sendJson(ctx, externalTaskLogDto(await logOr404(ctx.params.id!)));
  });
  router.get('/history/external-task-log/:id/error-details', async (ctx) => {
    const r = await logOr404(ctx.params.id!);
    ctx.status = 200;
    ctx.set('Content-Type', 'text/plain');
    ctx.body = r.errorDetails ?? '';
  });

  // ---- user-operation log: who did what, when, from which value to which
  const operationQuery = (ctx: Context): ListQuery<EngineUserOperationLog> => {
    const sortBy = sortByOf(ctx, Object.keys(OPLOG_SORT) as (keyof typeof OPLOG_SORT)[]);
    const after = queryDate(ctx, 'afterTimestamp');
    const before = queryDate(ctx, 'beforeTimestamp');
    return {
      entity: EngineUserOperationLog,
      where: {
        deploymentId: queryString(ctx, 'deploymentId'),
        processDefinitionId: queryString(ctx, 'processDefinitionId'),
        processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
        processInstanceId: queryString(ctx, 'processInstanceId'),
        executionId: queryString(ctx, 'executionId'),
        taskId: queryString(ctx, 'taskId'),
        externalTaskId: queryString(ctx, 'externalTaskId'),
        userId: queryString(ctx, 'userId'),
        operationId: queryString(ctx, 'operationId'),
        operationType: queryString(ctx, 'operationType'),
        entityType: queryList(ctx, 'entityTypeIn') ?? queryString(ctx, 'entityType'),
        category: queryList(ctx, 'categoryIn') ?? queryString(ctx, 'category'),
        property: queryString(ctx, 'property'),
        timestamp: between(after, before),
      },
      order: sortBy ? { timestamp: sortOrderOf(ctx), id: sortOrderOf(ctx) } : { timestamp: 'ASC', id: 'ASC' },
    };
  };
  const operationDto = (o: EngineUserOperationLog) => ({
    id: o.id,
    userId: o.userId,
    timestamp: formatCamundaDate(o.timestamp),
    operationId: o.operationId,
    operationType: o.operationType,
    entityType: o.entityType,
    category: o.category,
    annotation: o.annotation,
    property: o.property,
    orgValue: o.orgValue,
    newValue: o.newValue,
    deploymentId: o.deploymentId,
    processDefinitionId: o.processDefinitionId,
    processDefinitionKey: o.processDefinitionKey,
    processInstanceId: o.processInstanceId,
    executionId: o.executionId,
    caseDefinitionId: null,
    caseInstanceId: null,
    caseExecutionId: null,
    taskId: o.taskId,
    externalTaskId: o.externalTaskId,
    batchId: null,
    jobId: null,
    jobDefinitionId: null,
    removalTime: null,
    rootProcessInstanceId: o.processInstanceId,
  });
  router.get('/history/user-operation', async (ctx) => {
    sendJson(ctx, (await pageOf(core, ctx, operationQuery(ctx))).map(operationDto));
  });
  router.get('/history/user-operation/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, operationQuery(ctx)) });
  });
}
