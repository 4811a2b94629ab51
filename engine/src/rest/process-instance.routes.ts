import type { Context } from 'koa';
import { EngineVariable, type ProcessInstanceQuery, type VariableCondition } from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { deleteProcessInstance, modifyVariables } from '../services/process-instance.service.js';
import {
  fromDto,
  fromDtoMap,
  queryText,
  toDto,
  VariableValueError,
  type StoredValue,
} from '../variables/typed-value.js';
import { processInstanceDto, variableMap } from './dto-mappers.js';
import {
  noContent,
  optStringArray,
  paging,
  queryList,
  queryString,
  readJson,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';

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

export function processInstanceRoutes({ router, core }: RouteDeps): void {
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
  const variablesOf = async (id: string) =>
    core.query(async (tx) => {
      const [pi] = await tx.queryProcessInstances({ processInstanceIds: [id] });
      if (!pi) throw notFound(`Process instance with id ${id} does not exist`, 'InvalidRequestException');
      return tx.find(EngineVariable, { executionId: id, taskId: null }, { order: { name: 'ASC' } });
    });
  router.get('/process-instance/:id/variables', async (ctx) => {
    sendJson(ctx, variableMap(await variablesOf(ctx.params.id!)));
  });
  router.get('/process-instance/:id/variables/:name', async (ctx) => {
    const v = (await variablesOf(ctx.params.id!)).find((x) => x.name === ctx.params.name);
    if (!v)
      throw notFound(
        `process instance variable with name ${ctx.params.name} does not exist`,
        'InvalidRequestException',
      );
    sendJson(ctx, toDto({ type: v.type as StoredValue['type'], text: v.textValue }));
  });
}

function parseModifications(body: Record<string, unknown>): {
  modifications: Map<string, StoredValue>;
  deletions: string[];
} {
  let modifications: Map<string, StoredValue>;
  try {
    modifications = fromDtoMap(body.modifications);
  } catch (err) {
    if (err instanceof VariableValueError)
      throw invalidRequest(`Cannot modify variables for process instance: ${err.message}`);
    throw err;
  }
  const deletions = optStringArray(body, 'deletions') ?? [];
  return { modifications, deletions };
}

export function processInstanceWriteRoutes({ router, core }: RouteDeps): void {
  router.delete('/process-instance/:id', async (ctx) => {
    await deleteProcessInstance(core, ctx.params.id!, queryString(ctx, 'deleteReason') ?? null);
    noContent(ctx);
  });
  router.post('/process-instance/:id/variables', async (ctx) => {
    const { modifications, deletions } = parseModifications(await readJson(ctx));
    await modifyVariables(core, ctx.params.id!, modifications, deletions);
    noContent(ctx);
  });
  router.put('/process-instance/:id/variables/:name', async (ctx) => {
    const name = ctx.params.name!;
    let value: StoredValue;
    try {
      value = fromDto(name, await readJson(ctx));
    } catch (err) {
      if (err instanceof VariableValueError)
        throw invalidRequest(`Cannot put process instance variable ${name}: ${err.message}`);
      throw err;
    }
    await modifyVariables(core, ctx.params.id!, new Map([[name, value]]), []);
    noContent(ctx);
  });
  router.delete('/process-instance/:id/variables/:name', async (ctx) => {
    await modifyVariables(core, ctx.params.id!, new Map(), [ctx.params.name!]);
    noContent(ctx);
  });
}
