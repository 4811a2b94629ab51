import type { Context } from 'koa';
import {
  EngineExecution,
  EngineVariable,
  type ProcessInstanceQuery,
  type VariableCondition,
} from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { deleteProcessInstance, modifyVariables } from '../services/process-instance.service.js';
import { queryText } from '../variables/typed-value.js';
import { processInstanceDto } from './dto-mappers.js';
import { noContent, paging, queryList, queryString, sendJson, sortByOf, sortOrderOf } from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';
import { variablesResource } from './variables-resource.js';

const VARIABLE_FILTER = /^(.+?)_(eq|neq|like|gt|gteq|lt|lteq)_(.*)$/;

/**
 * `variables=name_eq_value,other_neq_x`. Values compare with the variable's canonical text, so
 * `approved_eq_true` matches Boolean true and `count_eq_5` Integer/Long 5 (Camunda compares typed
 * values; a String variable "5" also matches here). Only eq, neq and like are supported.
 */
export function parseVariableFilters(raw: string | undefined): VariableCondition[] {
  if (raw === undefined) return [];
  return raw.split(',').map((expr) => {
    const m = VARIABLE_FILTER.exec(expr);
    if (!m)
      throw invalidRequest(`Invalid variable comparison expression '${expr}': expected name_operator_value`);
    const op = m[2]!;
    if (op !== 'eq' && op !== 'neq' && op !== 'like')
      throw invalidRequest(`Variable comparison operator '${op}' is not supported yet`);
    return { name: m[1]!, op, text: queryText(m[3]!) };
  });
}

const SORT = {
  instanceId: 'id',
  definitionKey: 'processDefinitionKey',
  definitionId: 'processDefinitionId',
  businessKey: 'businessKey',
} as const;

export function instanceQuery(ctx: Context): ProcessInstanceQuery {
  const sortBy = sortByOf(ctx, Object.keys(SORT) as (keyof typeof SORT)[]);
  const ids = queryList(ctx, 'processInstanceIds');
  return {
    processInstanceIds:
      ids ??
      (queryString(ctx, 'processInstanceId') !== undefined
        ? [queryString(ctx, 'processInstanceId')!]
        : undefined),
    businessKey: queryString(ctx, 'businessKey'),
    businessKeyLike: queryString(ctx, 'businessKeyLike'),
    processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
    processDefinitionId: queryString(ctx, 'processDefinitionId'),
    superProcessInstance: queryString(ctx, 'superProcessInstance'),
    variables: parseVariableFilters(queryString(ctx, 'variables')),
    sortBy: sortBy ? SORT[sortBy] : undefined,
    sortOrder: sortBy ? sortOrderOf(ctx) : undefined,
    ...paging(ctx),
  };
}

export function processInstanceRoutes(deps: RouteDeps): void {
  const { router, core } = deps;
  router.get('/process-instance', async (ctx) => {
    const rows = await core.query((tx) => tx.queryProcessInstances(instanceQuery(ctx)));
    sendJson(
      ctx,
      rows.map((r) => processInstanceDto(r, baseUrlOf(ctx))),
    );
  });
  router.get('/process-instance/count', async (ctx) => {
    const { skip: _s, take: _t, ...q } = instanceQuery(ctx);
    sendJson(ctx, { count: await core.query((tx) => tx.countProcessInstances(q)) });
  });
  router.get('/process-instance/:id', async (ctx) => {
    const [pi] = await core.query((tx) => tx.queryProcessInstances({ processInstanceIds: [ctx.params.id!] }));
    if (!pi)
      throw notFound(`Process instance with id ${ctx.params.id} does not exist`, 'InvalidRequestException');
    sendJson(ctx, processInstanceDto(pi, baseUrlOf(ctx)));
  });
  variablesResource(deps, {
    path: '/process-instance/:id/variables',
    noun: 'process instance',
    list: (id) =>
      core.query(async (tx) => {
        const [pi] = await tx.queryProcessInstances({ processInstanceIds: [id] });
        if (!pi) throw notFound(`Process instance with id ${id} does not exist`, 'InvalidRequestException');
        return tx.find(EngineVariable, { executionId: id, taskId: null }, { order: { name: 'ASC' } });
      }),
    readOne: async (tx, id, name) => {
      const pi = await tx.get(EngineExecution, id);
      if (!pi || !pi.isProcessInstance)
        throw notFound(`Process instance with id ${id} does not exist`, 'InvalidRequestException');
      return tx.findOne(EngineVariable, { executionId: id, taskId: null, name });
    },
    write: (id, modifications, deletions) => modifyVariables(core, id, modifications, deletions),
    putError: (_id, name, detail) => `Cannot put process instance variable ${name}: ${detail}`,
    modifyError: (_id, detail) => `Cannot modify variables for process instance: ${detail}`,
  });
}

export function processInstanceWriteRoutes({ router, core }: RouteDeps): void {
  router.delete('/process-instance/:id', async (ctx) => {
    await deleteProcessInstance(core, ctx.params.id!, queryString(ctx, 'deleteReason') ?? null);
    noContent(ctx);
  });
}
