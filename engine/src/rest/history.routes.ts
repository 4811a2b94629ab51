import type { Context } from 'koa';
import {
  EngineHistoricActivityInstance,
  EngineHistoricProcessInstance,
  EngineHistoricTaskInstance,
  EngineHistoricVariableInstance,
  EngineIncident,
  type Where,
} from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { queryText } from '../variables/typed-value.js';
import {
  historicTaskInstanceDto,
  historicActivityInstanceDto,
  historicProcessInstanceDto,
  historicVariableInstanceDto,
  incidentDto,
} from './dto-mappers.js';
import { queryBool, queryList, queryString, readJson, sendJson, sortByOf, sortOrderOf } from './http.js';
import { useBodyAsQuery } from './query-body.js';
import { countOf, pageOf, type ListQuery } from './list-query.js';
import type { RouteDeps } from './rest-context.js';

function finishedFilter<T extends { endTime: Date | null }>(ctx: Context): Where<T>['endTime'] {
  const finished = queryBool(ctx, 'finished');
  const unfinished = queryBool(ctx, 'unfinished');
  // Nothing is both finished and unfinished: an impossible end time.
  if (finished && unfinished) return { op: 'lt', value: new Date(0) };
  if (finished) return { op: 'notNull' };
  if (unfinished) return null;
  return undefined;
}

function processInstanceWhere(ctx: Context): Where<EngineHistoricProcessInstance> {
  const ids = queryList(ctx, 'processInstanceIds');
  const keyLike = queryString(ctx, 'processInstanceBusinessKeyLike');
  return {
    id: ids ?? queryString(ctx, 'processInstanceId'),
    businessKey:
      keyLike !== undefined ? { op: 'like', value: keyLike } : queryString(ctx, 'processInstanceBusinessKey'),
    processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
    processDefinitionId: queryString(ctx, 'processDefinitionId'),
    superProcessInstanceId: queryString(ctx, 'superProcessInstanceId'),
    state: queryString(ctx, 'state'),
    endTime: finishedFilter(ctx),
  };
}

// A sort's tie-breaker (id) runs in the sort's direction: the (…, sortColumn) index, which ends
// in the primary key on MariaDB, is then read backwards for a descending sort instead of sorting
// every matching row (issue 17). Camunda leaves the order of ties open.
const PI_SORT: Record<string, keyof EngineHistoricProcessInstance> = {
  instanceId: 'id',
  definitionKey: 'processDefinitionKey',
  definitionId: 'processDefinitionId',
  businessKey: 'businessKey',
  startTime: 'startTime',
  endTime: 'endTime',
};
const TASK_SORT: Record<string, keyof EngineHistoricTaskInstance> = {
  taskId: 'id',
  activityInstanceId: 'activityInstanceId',
  processDefinitionId: 'processDefinitionId',
  processInstanceId: 'processInstanceId',
  executionId: 'executionId',
  startTime: 'startTime',
  endTime: 'endTime',
  taskName: 'name',
  assignee: 'assignee',
  owner: 'owner',
  dueDate: 'dueDate',
  followUpDate: 'followUpDate',
  deleteReason: 'deleteReason',
  taskDefinitionKey: 'taskDefinitionKey',
  priority: 'priority',
};
const ACT_SORT: Record<string, keyof EngineHistoricActivityInstance> = {
  activityInstanceId: 'id',
  instanceId: 'processInstanceId',
  executionId: 'executionId',
  activityId: 'activityId',
  activityName: 'activityName',
  activityType: 'activityType',
  startTime: 'startTime',
  endTime: 'endTime',
};

/** The historic process instance query of `ctx.query` (also behind `POST /history/process-instance`). */
export function historicProcessInstanceQuery(ctx: Context): ListQuery<EngineHistoricProcessInstance> {
  const sortBy = sortByOf(ctx, Object.keys(PI_SORT));
  return {
    entity: EngineHistoricProcessInstance,
    where: processInstanceWhere(ctx),
    order: sortBy ? { [PI_SORT[sortBy]!]: sortOrderOf(ctx), id: sortOrderOf(ctx) } : { id: 'ASC' },
  };
}

export function historyRoutes({ router, core }: RouteDeps): void {
  /** A GET query and its POST twin (the same filters as a JSON body; paging stays in the URL). */
  const getAndPost = (path: string, handler: (ctx: Context) => Promise<void>) => {
    router.get(path, handler);
    router.post(path, async (ctx) => {
      useBodyAsQuery(ctx, await readJson(ctx));
      await handler(ctx);
    });
  };
  router.get('/history/process-instance', async (ctx) => {
    sendJson(
      ctx,
      (await pageOf(core, ctx, historicProcessInstanceQuery(ctx))).map(historicProcessInstanceDto),
    );
  });
  router.get('/history/process-instance/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, historicProcessInstanceQuery(ctx)) });
  });
  router.get('/history/process-instance/:id', async (ctx) => {
    const h = await core.query((tx) => tx.get(EngineHistoricProcessInstance, ctx.params.id!));
    if (!h)
      throw notFound(
        `Historic process instance with id ${ctx.params.id} does not exist`,
        'InvalidRequestException',
      );
    sendJson(ctx, historicProcessInstanceDto(h));
  });

  const activityQuery = (ctx: Context): ListQuery<EngineHistoricActivityInstance> => {
    const sortBy = sortByOf(ctx, Object.keys(ACT_SORT));
    const canceled = queryBool(ctx, 'canceled');
    const completeScope = queryBool(ctx, 'completeScope');
    return {
      entity: EngineHistoricActivityInstance,
      where: {
        id: queryString(ctx, 'activityInstanceId'),
        processInstanceId: queryString(ctx, 'processInstanceId'),
        processDefinitionId: queryString(ctx, 'processDefinitionId'),
        executionId: queryString(ctx, 'executionId'),
        activityId: queryString(ctx, 'activityId'),
        activityType: queryString(ctx, 'activityType'),
        taskId: queryString(ctx, 'taskId'),
        assignee: queryString(ctx, 'taskAssignee'),
        canceled: canceled === true ? true : undefined,
        completeScope: completeScope === true ? true : undefined,
        endTime: finishedFilter(ctx),
      },
      // Ids are time-ordered, so id breaks ties between activities started in the same millisecond.
      order: sortBy ? { [ACT_SORT[sortBy]!]: sortOrderOf(ctx), id: sortOrderOf(ctx) } : { id: 'ASC' },
    };
  };
  getAndPost('/history/activity-instance', async (ctx) => {
    sendJson(ctx, (await pageOf(core, ctx, activityQuery(ctx))).map(historicActivityInstanceDto));
  });
  getAndPost('/history/activity-instance/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, activityQuery(ctx)) });
  });

  const variableQuery = (ctx: Context): ListQuery<EngineHistoricVariableInstance> => {
    const value = queryString(ctx, 'variableValue');
    const nameLike = queryString(ctx, 'variableNameLike');
    if (value !== undefined && queryString(ctx, 'variableName') === undefined) {
      throw invalidRequest(
        'Only a single variable value parameter specified: variable name and value are required to be able to query after a specific variable value.',
      );
    }
    return {
      entity: EngineHistoricVariableInstance,
      where: {
        name: nameLike !== undefined ? { op: 'like', value: nameLike } : queryString(ctx, 'variableName'),
        textValue: value === undefined ? undefined : queryText(value),
        processInstanceId: queryList(ctx, 'processInstanceIdIn') ?? queryString(ctx, 'processInstanceId'),
        processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
        processDefinitionId: queryString(ctx, 'processDefinitionId'),
      },
      order: { id: 'ASC' },
    };
  };
  getAndPost('/history/variable-instance', async (ctx) => {
    sendJson(ctx, (await pageOf(core, ctx, variableQuery(ctx))).map(historicVariableInstanceDto));
  });
  getAndPost('/history/variable-instance/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, variableQuery(ctx)) });
  });

  const incidentQuery = (ctx: Context): ListQuery<EngineIncident> => ({
    entity: EngineIncident,
    where: {
      id: queryString(ctx, 'incidentId'),
      incidentType: queryString(ctx, 'incidentType'),
      processInstanceId: queryString(ctx, 'processInstanceId'),
      processDefinitionId: queryString(ctx, 'processDefinitionId'),
      activityId: queryString(ctx, 'activityId'),
      executionId: queryString(ctx, 'executionId'),
      configuration: queryString(ctx, 'configuration'),
    },
    order: { incidentTimestamp: 'ASC', id: 'ASC' },
  });
  router.get('/incident', async (ctx) => {
    sendJson(ctx, (await pageOf(core, ctx, incidentQuery(ctx))).map(incidentDto));
  });
  router.get('/incident/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, incidentQuery(ctx)) });
  });
  const taskQuery = (ctx: Context): ListQuery<EngineHistoricTaskInstance> => {
    const sortBy = sortByOf(ctx, Object.keys(TASK_SORT));
    const nameLike = queryString(ctx, 'taskNameLike');
    const assigned = queryBool(ctx, 'assigned');
    const unassigned = queryBool(ctx, 'unassigned');
    return {
      entity: EngineHistoricTaskInstance,
      where: {
        id: queryString(ctx, 'taskId'),
        processInstanceId: queryString(ctx, 'processInstanceId'),
        businessKey: queryString(ctx, 'processInstanceBusinessKey'),
        processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
        processDefinitionId: queryString(ctx, 'processDefinitionId'),
        executionId: queryString(ctx, 'executionId'),
        taskDefinitionKey: queryList(ctx, 'taskDefinitionKeyIn') ?? queryString(ctx, 'taskDefinitionKey'),
        name: nameLike !== undefined ? { op: 'like', value: nameLike } : queryString(ctx, 'taskName'),
        assignee: unassigned ? null : assigned ? { op: 'notNull' } : queryString(ctx, 'taskAssignee'),
        owner: queryString(ctx, 'taskOwner'),
        deleteReason: queryString(ctx, 'taskDeleteReason'),
        endTime: finishedFilter(ctx),
      },
      order: sortBy ? { [TASK_SORT[sortBy]!]: sortOrderOf(ctx), id: sortOrderOf(ctx) } : { id: 'ASC' },
    };
  };
  getAndPost('/history/task', async (ctx) => {
    sendJson(ctx, (await pageOf(core, ctx, taskQuery(ctx))).map(historicTaskInstanceDto));
  });
  getAndPost('/history/task/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, taskQuery(ctx)) });
  });
}
