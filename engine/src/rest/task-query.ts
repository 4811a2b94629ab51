import type { Context } from 'koa';
import type { TaskCriteria, TaskQuery, VariableCondition } from '@motcua/db/engine';
import { InvalidArgumentError } from '../runtime/errors.js';
import { parseCamundaDate, queryText } from '../variables/typed-value.js';
import { parseVariableFilters } from './process-instance-query.js';
import {
  likePattern,
  optBool,
  optString,
  optStringArray,
  paging,
  queryBool,
  queryList,
  queryString,
  sortByOf,
  sortOrderOf,
} from './http.js';

/**
 * The task query (Camunda's TaskQueryDto) parsed from the request: query parameters for
 * `GET /task`, a JSON body with `orQueries` and `sorting` for `POST /task`. The result is the
 * criteria object the task service runs in the database.
 */

const DATE_FILTERS = [
  'dueBefore',
  'dueAfter',
  'followUpBefore',
  'followUpAfter',
  'createdBefore',
  'createdAfter',
] as const;

function dateOf(key: string, v: unknown): Date | undefined {
  if (v === undefined || v === null) return undefined;
  const d = typeof v === 'string' ? parseCamundaDate(v) : null;
  if (!d) throw new InvalidArgumentError(`Cannot set query parameter '${key}' to value '${String(v)}'`);
  return d;
}

/** `dueBefore`… from query parameters or a JSON body alike. */
function dateFilters(get: (k: string) => unknown): Partial<Record<(typeof DATE_FILTERS)[number], Date>> {
  return Object.fromEntries(DATE_FILTERS.map((k) => [k, dateOf(k, get(k))]));
}

/** `[{name, operator, value}]` of a TaskQueryDto (`eq`, `neq`, `like`, compared as canonical text). */
function variableConditions(key: string, raw: unknown): VariableCondition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new InvalidArgumentError(`${key} must be an array`);
  return raw.map((c: { name?: unknown; operator?: unknown; value?: unknown }) => {
    if (typeof c?.name !== 'string') throw new InvalidArgumentError(`Each of ${key} needs a name`);
    if (c.operator !== 'eq' && c.operator !== 'neq' && c.operator !== 'like')
      throw new InvalidArgumentError(
        `Variable comparison operator '${String(c.operator)}' is not supported yet`,
      );
    const text = queryText(c.value);
    return { name: c.name, op: c.operator, text: c.operator === 'like' ? likePattern(key, text) : text };
  });
}

/** Camunda sortBy names → task columns. */
const SORT: Record<string, NonNullable<TaskQuery['sortBy']>> = {
  created: 'created',
  dueDate: 'dueDate',
  followUpDate: 'followUpDate',
  priority: 'priority',
  name: 'name',
  id: 'id',
  assignee: 'assignee',
  lastUpdated: 'lastUpdated',
};

/** The task query of the request's parameters (`GET /task`, `…/count`). */
export function taskQuery(ctx: Context): TaskQuery {
  const sortBy = sortByOf(ctx, Object.keys(SORT));
  const group = queryString(ctx, 'candidateGroup');
  const groups = queryList(ctx, 'candidateGroups');
  return {
    taskId: queryString(ctx, 'taskId'),
    processInstanceId: queryString(ctx, 'processInstanceId'),
    processInstanceIdIn: queryList(ctx, 'processInstanceIdIn'),
    processInstanceBusinessKey: queryString(ctx, 'processInstanceBusinessKey'),
    processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
    processDefinitionId: queryString(ctx, 'processDefinitionId'),
    tenantIdIn: queryList(ctx, 'tenantIdIn'),
    withoutTenantId: queryBool(ctx, 'withoutTenantId'),
    executionId: queryString(ctx, 'executionId'),
    assignee: queryString(ctx, 'assignee'),
    unassigned: queryBool(ctx, 'unassigned'),
    assigned: queryBool(ctx, 'assigned'),
    taskDefinitionKey: queryString(ctx, 'taskDefinitionKey'),
    taskDefinitionKeyIn: queryList(ctx, 'taskDefinitionKeyIn'),
    candidateGroups:
      group !== undefined || groups !== undefined
        ? [...(group ? [group] : []), ...(groups ?? [])]
        : undefined,
    candidateUser: queryString(ctx, 'candidateUser'),
    includeAssignedTasks: queryBool(ctx, 'includeAssignedTasks'),
    name: queryString(ctx, 'name'),
    nameLike: queryString(ctx, 'nameLike'),
    ...dateFilters((k) => queryString(ctx, k)),
    withoutDueDate: queryBool(ctx, 'withoutDueDate'),
    processVariables: parseVariableFilters(queryString(ctx, 'processVariables')),
    taskVariables: parseVariableFilters(queryString(ctx, 'taskVariables')),
    sortBy: sortBy ? SORT[sortBy] : undefined,
    sortOrder: sortBy ? sortOrderOf(ctx) : undefined,
    ...paging(ctx),
  };
}

/** The filters of a TaskQueryDto body (top level or one entry of `orQueries`). */
function criteriaFromBody(body: Record<string, unknown>): TaskCriteria {
  const str = (k: string) => optString(body, k) ?? undefined;
  const bool = (k: string) => optBool(body, k) ?? undefined;
  const list = (k: string) => optStringArray(body, k) ?? undefined;
  const group = str('candidateGroup');
  const groups = list('candidateGroups');
  return {
    taskId: str('taskId'),
    processInstanceId: str('processInstanceId'),
    processInstanceIdIn: list('processInstanceIdIn'),
    processInstanceBusinessKey: str('processInstanceBusinessKey'),
    processDefinitionKey: str('processDefinitionKey'),
    processDefinitionId: str('processDefinitionId'),
    tenantIdIn: list('tenantIdIn'),
    withoutTenantId: bool('withoutTenantId'),
    executionId: str('executionId'),
    assignee: str('assignee'),
    unassigned: bool('unassigned'),
    assigned: bool('assigned'),
    taskDefinitionKey: str('taskDefinitionKey'),
    taskDefinitionKeyIn: list('taskDefinitionKeyIn'),
    candidateGroups:
      group !== undefined || groups !== undefined
        ? [...(group ? [group] : []), ...(groups ?? [])]
        : undefined,
    candidateUser: str('candidateUser'),
    includeAssignedTasks: bool('includeAssignedTasks'),
    name: str('name'),
    nameLike: str('nameLike'),
    ...dateFilters((k) => body[k]),
    withoutDueDate: bool('withoutDueDate'),
    processVariables: variableConditions('processVariables', body.processVariables),
    taskVariables: variableConditions('taskVariables', body.taskVariables),
  };
}

/**
 * `orQueries` of a TaskQueryDto: each entry's criteria ORed, the entry ANDed with the rest (as
 * Camunda does). An entry may not nest orQueries, sort or page, as in Camunda.
 */
function orQueriesFromBody(raw: unknown): TaskCriteria[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new InvalidArgumentError('orQueries must be an array');
  return raw.map((entry: unknown) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new InvalidArgumentError('Each of orQueries must be a task query object');
    const o = entry as Record<string, unknown>;
    if (o.orQueries !== undefined && o.orQueries !== null)
      throw new InvalidArgumentError('Invalid query usage: cannot set orQueries in an or query');
    if (o.sorting !== undefined && o.sorting !== null)
      throw new InvalidArgumentError('Invalid query usage: cannot set sorting in an or query');
    return criteriaFromBody(o);
  });
}

/** The same query from a JSON body (`POST /task`, Camunda's TaskQueryDto); paging stays in the URL. */
export function taskQueryFromBody(ctx: Context, body: Record<string, unknown>): TaskQuery {
  let sortBy: TaskQuery['sortBy'];
  let sortOrder: TaskQuery['sortOrder'];
  const sorting = body.sorting;
  if (sorting !== undefined && sorting !== null) {
    if (!Array.isArray(sorting)) throw new InvalidArgumentError('sorting must be an array');
    // One sort key is supported; ties are broken by id.
    const first = sorting[0] as { sortBy?: unknown; sortOrder?: unknown } | undefined;
    if (first) {
      if (typeof first.sortBy !== 'string' || !Object.hasOwn(SORT, first.sortBy))
        throw new InvalidArgumentError(`Cannot sort tasks by '${String(first.sortBy)}'`);
      if (first.sortOrder !== 'asc' && first.sortOrder !== 'desc')
        throw new InvalidArgumentError(`Invalid sortOrder '${String(first.sortOrder)}'`);
      sortBy = SORT[first.sortBy];
      sortOrder = first.sortOrder === 'desc' ? 'DESC' : 'ASC';
    }
  }
  return {
    ...criteriaFromBody(body),
    orQueries: orQueriesFromBody(body.orQueries),
    sortBy,
    sortOrder,
    ...paging(ctx),
  };
}
