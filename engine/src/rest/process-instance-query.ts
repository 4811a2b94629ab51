import type { Context } from 'koa';
import type { ProcessInstanceQuery, VariableCondition } from '@motcua/db/engine';
import { InvalidArgumentError } from '../runtime/errors.js';
import { queryText } from '../variables/typed-value.js';
import { bodyVariableFilters } from './query-body.js';
import { likePattern, paging, queryList, queryString, sortByOf, sortOrderOf } from './http.js';

/** The process instance query (Camunda's ProcessInstanceQueryDto) parsed from the request. */

const VARIABLE_FILTER = /^(.+?)_(eq|neq|like|gt|gteq|lt|lteq)_(.*)$/;

/** One condition: only eq, neq and like are supported. */
function condition(key: string, name: string, op: string, value: unknown): VariableCondition {
  if (op !== 'eq' && op !== 'neq' && op !== 'like')
    throw new InvalidArgumentError(`Variable comparison operator '${op}' is not supported yet`);
  const text = queryText(value);
  return { name, op, text: op === 'like' && text !== null ? likePattern(key, text) : text };
}

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
      throw new InvalidArgumentError(
        `Invalid variable comparison expression '${expr}': expected name_operator_value`,
      );
    return condition('variables', m[1]!, m[2]!, m[3]!);
  });
}

/**
 * The variable conditions of a request: a POST body's `[{name, operator, value}]` as it came
 * (query-body.ts keeps it: a value may hold a comma, or be a number or null), else the GET
 * parameter's `name_op_value` list. The parameter is read either way (the body's is its text).
 */
export function variableFiltersOf(ctx: Context, key: string): VariableCondition[] {
  const raw = queryString(ctx, key);
  const fromBody = bodyVariableFilters(ctx)[key];
  if (fromBody) return fromBody.map((c) => condition(key, c.name, c.operator, c.value));
  return parseVariableFilters(raw);
}

const SORT = {
  instanceId: 'id',
  definitionKey: 'processDefinitionKey',
  definitionId: 'processDefinitionId',
  businessKey: 'businessKey',
} as const;

/** The query of the request's parameters (a POST query's body turned into parameters first). */
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
    variables: variableFiltersOf(ctx, 'variables'),
    sortBy: sortBy ? SORT[sortBy] : undefined,
    sortOrder: sortBy ? sortOrderOf(ctx) : undefined,
    ...paging(ctx),
  };
}
