import type { Context } from 'koa';
import { InvalidArgumentError } from '../runtime/errors.js';

/**
 * Camunda's `POST …` query variants take the same filters as the `GET` ones, as a JSON body:
 * lists as arrays, `sorting: [{sortBy, sortOrder}]`, variable filters as
 * `[{name, operator, value}]`. They are turned into the GET parameters (paging stays in the URL),
 * so each resource has one query parser.
 */
export function useBodyAsQuery(ctx: Context, body: Record<string, unknown>): void {
  const query: Record<string, string> = {};
  const filters: Record<string, BodyVariableFilter[]> = {};
  ctx.state.bodyVariableFilters = filters;
  for (const k of ['firstResult', 'maxResults']) {
    const v = ctx.query[k];
    if (typeof v === 'string') query[k] = v;
  }
  for (const [key, value] of Object.entries(body)) {
    if (value === null || value === undefined) continue;
    if (key === 'sorting') {
      if (!Array.isArray(value)) throw new InvalidArgumentError('sorting must be an array');
      const first = value[0] as { sortBy?: unknown; sortOrder?: unknown } | undefined;
      if (first) {
        query.sortBy = String(first.sortBy);
        query.sortOrder = String(first.sortOrder);
      }
    } else if (key === 'variables' || key === 'processVariables' || key === 'taskVariables') {
      if (!Array.isArray(value)) throw new InvalidArgumentError(`${key} must be an array`);
      filters[key] = value.map((c: { name?: unknown; operator?: unknown; value?: unknown }) => {
        if (typeof c?.name !== 'string' || typeof c.operator !== 'string')
          throw new InvalidArgumentError(`Each of ${key} needs a name and an operator`);
        return { name: c.name, operator: c.operator, value: c.value };
      });
      // The text form too, so the parameter counts as given; readers take the filters above.
      query[key] = filters[key].map((c) => `${c.name}_${c.operator}_${String(c.value)}`).join(',');
    } else if (Array.isArray(value)) {
      query[key] = value.map(String).join(',');
    } else if (typeof value === 'object') {
      throw new InvalidArgumentError(`Unsupported query field '${key}'`);
    } else {
      query[key] = String(value);
    }
  }
  ctx.query = query;
}

/** One `{name, operator, value}` of a POST query's `variables` (or `processVariables`…). */
export interface BodyVariableFilter {
  name: string;
  operator: string;
  value: unknown;
}

/** The variable filters of the request's POST body, by key; none for a GET. */
export const bodyVariableFilters = (ctx: Context): Record<string, BodyVariableFilter[]> =>
  (ctx.state.bodyVariableFilters as Record<string, BodyVariableFilter[]> | undefined) ?? {};
