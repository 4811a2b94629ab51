import type { Context } from 'koa';
import {
  EngineDeployment,
  EngineEventSubscription,
  EngineExecution,
  EngineHistoricActivityInstance,
  EngineHistoricProcessInstance,
  EngineHistoricTaskInstance,
  EngineHistoricVariableInstance,
  EngineIncident,
  EngineVariable,
  type EngineTx,
  type IntervalMetric,
  type WhereOp,
} from '@motcua/db';
import { invalidRequest, notFound, processEngineError } from '../runtime/errors.js';
import { deliverMessage } from '../runtime/process-runtime.js';
import { logOperation } from '../operation-log/operation-log.js';
import {
  formatCamundaDate,
  fromDtoMap,
  parseCamundaDate,
  VariableValueError,
  type StoredValue,
} from '../variables/typed-value.js';
import { incidentDto } from './dto-mappers.js';
import { variablesResource } from './variables-resource.js';
import { newId } from '../runtime/ids.js';
import {
  checkLength,
  noContent,
  queryInt,
  optString,
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
import { countOf, pageOf, type ListQuery } from './list-query.js';
import type { RouteDeps } from './rest-context.js';

const dateParam = (ctx: Context, key: string): Date | undefined => {
  const v = queryString(ctx, key);
  if (v === undefined) return undefined;
  const d = parseCamundaDate(v);
  if (!d) throw invalidRequest(`Cannot set query parameter '${key}' to value '${v}'`);
  return d;
};

const EXEC_SORT = {
  instanceId: 'processInstanceId',
  definitionKey: 'processDefinitionKey',
  definitionId: 'processDefinitionId',
} as const;

/**
 * Read views over the runtime and history a cockpit needs: executions and their local variables,
 * event subscriptions, metrics sums, the duration report, deleting a finished instance's history.
 * Registered before the skeleton's routes (`/history/process-instance/report` is not an id).
 */
export function runtimeViewRoutes(deps: RouteDeps): void {
  const { router, core } = deps;
  // ---- executions
  /** The execution query; null when an incident filter finds no incident (nothing matches). */
  const executionQuery = async (ctx: Context, tx: EngineTx): Promise<ListQuery<EngineExecution> | null> => {
    const sortBy = sortByOf(ctx, Object.keys(EXEC_SORT) as (keyof typeof EXEC_SORT)[]);
    let incidentExecutions: string[] | undefined;
    const incidentId = queryString(ctx, 'incidentId');
    const incidentType = queryString(ctx, 'incidentType');
    if (incidentId !== undefined || incidentType !== undefined)
      incidentExecutions = (await tx.find(EngineIncident, { id: incidentId, incidentType })).map(
        (i) => i.executionId,
      );
    if (incidentExecutions && incidentExecutions.length === 0) return null;
    const active = queryBool(ctx, 'active');
    const suspended = queryBool(ctx, 'suspended');
    return {
      entity: EngineExecution,
      where: {
        id: incidentExecutions,
        businessKey: queryString(ctx, 'businessKey'),
        processDefinitionId: queryString(ctx, 'processDefinitionId'),
        processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
        processInstanceId: queryString(ctx, 'processInstanceId'),
        activityId: queryString(ctx, 'activityId'),
        isActive: active ? true : undefined,
        suspended: suspended ? true : undefined,
        tenantId: queryList(ctx, 'tenantIdIn'),
      },
      order: sortBy ? { [EXEC_SORT[sortBy]]: sortOrderOf(ctx), id: 'ASC' } : { id: 'ASC' },
    };
  };
  const listExecutions = async (ctx: Context, tx: EngineTx) => {
    const q = await executionQuery(ctx, tx);
    return q ? tx.find(q.entity, q.where, { order: q.order, ...paging(ctx) }) : [];
  };
  const countExecutions = async (ctx: Context, tx: EngineTx) => {
    const q = await executionQuery(ctx, tx);
    return q ? tx.count(q.entity, q.where) : 0;
  };
  const executionDto = (e: EngineExecution) => ({
    id: e.id,
    processInstanceId: e.processInstanceId,
    ended: false,
    tenantId: e.tenantId,
  });
  router.get('/execution', async (ctx) => {
    sendJson(ctx, (await core.query((tx) => listExecutions(ctx, tx))).map(executionDto));
  });
  router.get('/execution/count', async (ctx) => {
    sendJson(ctx, { count: await core.query((tx) => countExecutions(ctx, tx)) });
  });
  router.post('/execution', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, (await core.query((tx) => listExecutions(ctx, tx))).map(executionDto));
  });
  router.post('/execution/count', async (ctx) => {
    useBodyAsQuery(ctx, await readJson(ctx));
    sendJson(ctx, { count: await core.query((tx) => countExecutions(ctx, tx)) });
  });
  const executionOr404 = async (tx: EngineTx, id: string) => {
    const e = await tx.get(EngineExecution, id);
    if (!e) throw notFound(`Execution with id ${id} does not exist`, 'InvalidRequestException');
    return e;
  };
  router.get('/execution/:id', async (ctx) => {
    sendJson(ctx, executionDto(await core.query((tx) => executionOr404(tx, ctx.params.id!))));
  });
  /** Local variables are set on the execution itself (its own scope), logged as ModifyVariable. */
  const setLocal = async (id: string, values: ReadonlyMap<string, StoredValue>) =>
    core.command(async (ctx) => {
      const exec = await executionOr404(ctx.tx, id);
      await ctx.setLocalVariables(exec, values, {
        activityInstanceId: exec.activityInstanceId ?? exec.processInstanceId,
      });
      await logOperation(ctx.tx, ctx.now, {
        operationType: 'ModifyVariable',
        entityType: 'Variable',
        category: 'Operator',
        changes: [...values].map(([name, v]) => ({ property: name, orgValue: null, newValue: v.text })),
        processDefinitionId: exec.processDefinitionId,
        processDefinitionKey: exec.processDefinitionKey,
        processInstanceId: exec.processInstanceId,
        executionId: exec.id,
      });
    });
  variablesResource(deps, {
    path: '/execution/:id/localVariables',
    noun: 'execution',
    list: (id) =>
      core.query(async (tx) => {
        await executionOr404(tx, id);
        return tx.find(EngineVariable, { executionId: id, taskId: null }, { order: { name: 'ASC' } });
      }),
    // Camunda's getVariableLocal
    readOne: async (tx, id, name) => {
      if (!(await tx.get(EngineExecution, id)))
        throw notFound(`Execution with id ${id} does not exist`, 'InvalidRequestException');
      return tx.findOne(EngineVariable, { executionId: id, taskId: null, name });
    },
    write: (id, modifications) => setLocal(id, modifications),
    deletionsUnsupported: 'Deleting local variables is not supported by this engine yet',
    /** Removes a variable of the execution's own scope; its history is kept, marked DELETED. */
    remove: async (id, name) => {
      await core.command(async ({ tx, now }) => {
        const exec = await executionOr404(tx, id);
        const v = await tx.findOne(EngineVariable, {
          executionId: exec.id,
          taskId: null,
          name,
        });
        if (!v) return; // Camunda: removing an absent variable is no error
        await tx.remove(EngineVariable, v);
        const hist = await tx.get(EngineHistoricVariableInstance, v.id);
        if (hist) {
          hist.state = 'DELETED';
          await tx.update(EngineHistoricVariableInstance, hist);
        }
        await logOperation(tx, now, {
          operationType: 'RemoveVariable',
          entityType: 'Variable',
          category: 'Operator',
          changes: [{ property: v.name, orgValue: v.textValue, newValue: null }],
          processDefinitionId: exec.processDefinitionId,
          processDefinitionKey: exec.processDefinitionKey,
          processInstanceId: exec.processInstanceId,
          executionId: exec.id,
        });
      });
    },
    putError: (_id, _name, detail) => `Cannot modify execution variables: ${detail}`,
    modifyError: (_id, detail) => `Cannot modify execution variables: ${detail}`,
  });

  const typed = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof VariableValueError)
        throw invalidRequest(`Cannot modify execution variables: ${err.message}`);
      throw err;
    }
  };

  /** A custom incident on an execution (resolved with `DELETE /incident/{id}`). */
  router.post('/execution/:id/create-incident', async (ctx) => {
    const body = await readJson(ctx);
    const incidentType = checkLength(optString(body, 'incidentType'), 'incidentType', 64);
    if (!incidentType) throw invalidRequest('incidentType must not be null');
    const row = await core.command(async ({ tx, now }) => {
      const exec = await executionOr404(tx, ctx.params.id!);
      const incident: EngineIncident = {
        id: newId(),
        rev: 1,
        incidentType,
        incidentMessage: checkLength(optString(body, 'message'), 'message', 4000),
        incidentTimestamp: now,
        executionId: exec.id,
        processInstanceId: exec.processInstanceId,
        processDefinitionId: exec.processDefinitionId,
        activityId: exec.activityId ?? exec.processDefinitionKey,
        configuration: checkLength(optString(body, 'configuration'), 'configuration', 64),
        tenantId: exec.tenantId,
        annotation: null,
      };
      await tx.insert(EngineIncident, incident);
      return incident;
    });
    sendJson(ctx, incidentDto(row));
  });

  // ---- message subscriptions of an execution, triggered directly (Camunda's messageEventReceived)
  const subscriptionOf = (tx: EngineTx, executionId: string, messageName: string) =>
    tx.findOne(EngineEventSubscription, { executionId, eventType: 'message', eventName: messageName });
  const subscriptionDto = (e: EngineEventSubscription) => ({
    id: e.id,
    eventType: e.eventType,
    eventName: e.eventName,
    executionId: e.executionId,
    processInstanceId: e.processInstanceId,
    activityId: e.activityId,
    createdDate: formatCamundaDate(e.created),
    tenantId: e.tenantId,
  });
  router.get('/execution/:id/messageSubscriptions/:messageName', async (ctx) => {
    const sub = await core.query((tx) => subscriptionOf(tx, ctx.params.id!, ctx.params.messageName!));
    if (!sub)
      throw notFound(
        `Message event subscription for execution ${ctx.params.id} named ${ctx.params.messageName} does not exist`,
        'InvalidRequestException',
      );
    sendJson(ctx, subscriptionDto(sub));
  });
  const variablesOf = async (ctx: Context) => {
    const body = await readJson(ctx);
    return typed(() => fromDtoMap(body.variables));
  };
  router.post('/execution/:id/messageSubscriptions/:messageName/trigger', async (ctx) => {
    const variables = await variablesOf(ctx);
    await core.command(async (c) => {
      const sub = await subscriptionOf(c.tx, ctx.params.id!, ctx.params.messageName!);
      if (!sub)
        throw processEngineError(
          `Execution with id '${ctx.params.id}' does not have a subscription to a message event with name '${ctx.params.messageName}'`,
        );
      await deliverMessage(c, sub, variables);
    });
    noContent(ctx);
  });
  /** `signal`: an execution waiting in a receive task (or message catch event) moves on. */
  router.post('/execution/:id/signal', async (ctx) => {
    const variables = await variablesOf(ctx);
    await core.command(async (c) => {
      const subs = await c.tx.find(EngineEventSubscription, {
        executionId: ctx.params.id!,
        eventType: 'message',
      });
      // Camunda answers an unknown execution here with a 400 (BadUserRequestException), as the document says.
      if (subs.length === 0)
        throw invalidRequest(
          (await c.tx.get(EngineExecution, ctx.params.id!))
            ? `Execution ${ctx.params.id} does not wait in an activity that can be signalled`
            : `Cannot find execution with id ${ctx.params.id}`,
        );
      await deliverMessage(c, subs[0]!, variables);
    });
    noContent(ctx);
  });

  // Every deployment counts as registered: one embedded engine serves them all.
  router.get('/deployment/registered', async (ctx) => {
    const rows = await core.query((tx) =>
      tx.find(EngineDeployment, {}, { order: { deploymentTime: 'ASC', id: 'ASC' } }),
    );
    sendJson(
      ctx,
      rows.map((d) => d.id),
    );
  });

  // ---- event subscriptions
  const subscriptionQuery = (ctx: Context): ListQuery<EngineEventSubscription> => {
    const sortBy = sortByOf(ctx, ['created', 'tenantId'] as const);
    return {
      entity: EngineEventSubscription,
      where: {
        id: queryString(ctx, 'eventSubscriptionId'),
        eventName: queryString(ctx, 'eventName'),
        eventType: queryString(ctx, 'eventType'),
        executionId: queryString(ctx, 'executionId'),
        processInstanceId: queryString(ctx, 'processInstanceId'),
        activityId: queryString(ctx, 'activityId'),
        tenantId: queryList(ctx, 'tenantIdIn'),
      },
      order: sortBy ? { [sortBy]: sortOrderOf(ctx), id: 'ASC' } : { created: 'ASC', id: 'ASC' },
    };
  };
  router.get('/event-subscription', async (ctx) => {
    sendJson(
      ctx,
      (await pageOf(core, ctx, subscriptionQuery(ctx))).map((e) => ({
        id: e.id,
        eventType: e.eventType,
        eventName: e.eventName,
        executionId: e.executionId,
        processInstanceId: e.processInstanceId,
        activityId: e.activityId,
        createdDate: formatCamundaDate(e.created),
        tenantId: e.tenantId,
      })),
    );
  });
  router.get('/event-subscription/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, subscriptionQuery(ctx)) });
  });

  // ---- metrics: counted from history (Camunda keeps separate meter logs)
  /**
   * `GET /metrics`: counts per interval (seconds, default 900) of the meters history can tell —
   * process-instance starts, activity-instance starts and ends — newest interval first, as Camunda.
   */
  router.get('/metrics', async (ctx) => {
    const interval = queryInt(ctx, 'interval') ?? 900;
    if (interval <= 0) throw invalidRequest('interval must be positive');
    const start = dateParam(ctx, 'startDate');
    const end = dateParam(ctx, 'endDate');
    const wanted = queryString(ctx, 'name');
    const meters = ['root-process-instance-start', 'activity-instance-start', 'activity-instance-end'];
    if (wanted !== undefined && !meters.includes(wanted) && wanted !== 'flow-node-instances')
      throw invalidRequest(`Unknown metric '${wanted}'`);
    // Counted per interval in the database (one row per non-empty interval), never by reading
    // the history into the process.
    const names = (
      wanted === undefined ? meters : [wanted === 'flow-node-instances' ? 'activity-instance-start' : wanted]
    ) as IntervalMetric[];
    const counted = await core.query(async (tx) => {
      const out: { name: string; timestamp: number; value: number }[] = [];
      for (const name of names)
        for (const b of await tx.metricBuckets(name, interval * 1000, { start, end }))
          out.push({ name: wanted ?? name, ...b });
      return out;
    });
    const rows = counted.sort((a, b) => b.timestamp - a.timestamp || a.name.localeCompare(b.name));
    const { skip = 0, take } = paging(ctx);
    sendJson(
      ctx,
      rows.slice(skip, take === undefined ? undefined : skip + take).map((b) => ({
        timestamp: formatCamundaDate(new Date(b.timestamp)),
        name: b.name,
        reporter: null,
        value: b.value,
      })),
    );
  });
  router.get('/metrics/:name/sum', async (ctx) => {
    const start = dateParam(ctx, 'startDate');
    const end = dateParam(ctx, 'endDate');
    // Counted in the database (COUNT(*) over the history's time indexes), never by reading the
    // history into the process: the activity history holds millions of rows at a ministry.
    const bounds = [
      ...(start ? [{ op: 'gte', value: start } as const] : []),
      ...(end ? [{ op: 'lt', value: end } as const] : []),
    ];
    const inRange = bounds.length === 0 ? undefined : ({ op: 'all', of: bounds } as const);
    const ended: WhereOp<Date | null> = { op: 'all', of: [{ op: 'notNull' }, ...bounds] };
    const result = await core.query(async (tx) => {
      switch (ctx.params.name) {
        case 'root-process-instance-start':
          return tx.count(EngineHistoricProcessInstance, {
            superProcessInstanceId: null,
            startTime: inRange,
          });
        case 'activity-instance-start':
        case 'flow-node-instances':
          return tx.count(EngineHistoricActivityInstance, { startTime: inRange });
        case 'activity-instance-end':
          return tx.count(EngineHistoricActivityInstance, { endTime: ended });
        case 'unique-task-workers':
          return tx.countDistinct(EngineHistoricTaskInstance, 'assignee', {
            endTime: ended,
            assignee: { op: 'notNull' },
          });
        case 'executed-decision-elements':
        case 'executed-decision-instances':
        case 'job-acquisition-attempt':
        case 'job-acquired-success':
        case 'job-acquired-failure':
        case 'job-execution-rejected':
        case 'job-successful':
        case 'job-failed':
        case 'job-locked-exclusive':
          return 0;
        default:
          throw invalidRequest(`Unknown metric '${ctx.params.name}'`);
      }
    });
    sendJson(ctx, { result });
  });
}
