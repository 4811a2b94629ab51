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
import {
  paging,
  queryBool,
  queryList,
  queryString,
  readJson,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import { useBodyAsQuery } from './query-body.js';
import type { EngineCore } from '../engine-core.js';
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
export function listHistoricProcessInstances(core: EngineCore, ctx: Context, withPaging: boolean) {
  const sortBy = sortByOf(ctx, Object.keys(PI_SORT));
  return core.query((tx) =>
    tx.find(EngineHistoricProcessInstance, processInstanceWhere(ctx), {
      order: sortBy ? { [PI_SORT[sortBy]!]: sortOrderOf(ctx), id: 'ASC' } : { id: 'ASC' },
      ...(withPaging ? paging(ctx) : {}),
    }),
  );
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
  const listProcessInstances = (ctx: Context, withPaging: boolean) =>
    listHistoricProcessInstances(core, ctx, withPaging);
  router.get('/history/process-instance', async (ctx) => {
    sendJson(ctx, (await listProcessInstances(ctx, true)).map(historicProcessInstanceDto));
  });
  router.get('/history/process-instance/count', async (ctx) => {
    sendJson(ctx, { count: (await listProcessInstances(ctx, false)).length });
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

  const listActivities = (ctx: Context, withPaging: boolean) => {
    const sortBy = sortByOf(ctx, Object.keys(ACT_SORT));
    const canceled = queryBool(ctx, 'canceled');
    const completeScope = queryBool(ctx, 'completeScope');
    return core.query((tx) =>
      tx.find(
        EngineHistoricActivityInstance,
        {
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
        {
          // Ids are time-ordered, so id breaks ties between activities started in the same millisecond.
          order: sortBy ? { [ACT_SORT[sortBy]!]: sortOrderOf(ctx), id: 'ASC' } : { id: 'ASC' },
          ...(withPaging ? paging(ctx) : {}),
        },
      ),
    );
  };
  getAndPost('/history/activity-instance', async (ctx) => {
    sendJson(ctx, (await listActivities(ctx, true)).map(historicActivityInstanceDto));
  });
  getAndPost('/history/activity-instance/count', async (ctx) => {
    sendJson(ctx, { count: (await listActivities(ctx, false)).length });
  });

  const listVariables = (ctx: Context, withPaging: boolean) => {
    const value = queryString(ctx, 'variableValue');
    const nameLike = queryString(ctx, 'variableNameLike');
    if (value !== undefined && queryString(ctx, 'variableName') === undefined) {
      throw invalidRequest(
        'Only a single variable value parameter specified: variable name and value are required to be able to query after a specific variable value.',
      );
    }
    return core.query((tx) =>
      tx.find(
        EngineHistoricVariableInstance,
        {
          name: nameLike !== undefined ? { op: 'like', value: nameLike } : queryString(ctx, 'variableName'),
          textValue: value === undefined ? undefined : queryText(value),
          processInstanceId: queryList(ctx, 'processInstanceIdIn') ?? queryString(ctx, 'processInstanceId'),
          processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
          processDefinitionId: queryString(ctx, 'processDefinitionId'),
        },
        { order: { id: 'ASC' }, ...(withPaging ? paging(ctx) : {}) },
      ),
    );
  };
  getAndPost('/history/variable-instance', async (ctx) => {
    sendJson(ctx, (await listVariables(ctx, true)).map(historicVariableInstanceDto));
  });
  getAndPost('/history/variable-instance/count', async (ctx) => {
    sendJson(ctx, { count: (await listVariables(ctx, false)).length });
  });

  const listIncidents = (ctx: Context, withPaging: boolean) =>
    core.query((tx) =>
      tx.find(
        EngineIncident,
        {
          id: queryString(ctx, 'incidentId'),
          incidentType: queryString(ctx, 'incidentType'),
          processInstanceId: queryString(ctx, 'processInstanceId'),
          processDefinitionId: queryString(ctx, 'processDefinitionId'),
          activityId: queryString(ctx, 'activityId'),
          executionId: queryString(ctx, 'executionId'),
          configuration: queryString(ctx, 'configuration'),
        },
        { order: { incidentTimestamp: 'ASC', id: 'ASC' }, ...(withPaging ? paging(ctx) : {}) },
      ),
    );
  router.get('/incident', async (ctx) => {
    sendJson(ctx, (await listIncidents(ctx, true)).map(incidentDto));
  });
  router.get('/incident/count', async (ctx) => {
    sendJson(ctx, { count: (await listIncidents(ctx, false)).length });
  });
  const listTasks = (ctx: Context, withPaging: boolean) => {
    const sortBy = sortByOf(ctx, Object.keys(TASK_SORT));
    const nameLike = queryString(ctx, 'taskNameLike');
    const assigned = queryBool(ctx, 'assigned');
    const unassigned = queryBool(ctx, 'unassigned');
    return core.query((tx) =>
      tx.find(
        EngineHistoricTaskInstance,
        {
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
        {
          order: sortBy ? { [TASK_SORT[sortBy]!]: sortOrderOf(ctx), id: 'ASC' } : { id: 'ASC' },
          ...(withPaging ? paging(ctx) : {}),
        },
      ),
    );
  };
  getAndPost('/history/task', async (ctx) => {
    sendJson(ctx, (await listTasks(ctx, true)).map(historicTaskInstanceDto));
  });
  getAndPost('/history/task/count', async (ctx) => {
    sendJson(ctx, { count: (await listTasks(ctx, false)).length });
  });
}
