import type { EntityClass, FindOptions, VariableCondition, Where } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, type Permission } from '../identity/authorization.service.js';

/**
 * The parameters of a query as services read them. The REST edge implements it over the request
 * (`rest/list-query.ts`): it checks the types and answers Camunda's 400 for a malformed value, so
 * a service only decides which parameter filters which column.
 */
export interface QueryParams {
  string(key: string): string | undefined;
  int(key: string): number | undefined;
  /** A Java long (priorities): an optional sign and digits, within 2^53. */
  long(key: string): number | undefined;
  bool(key: string): boolean | undefined;
  /** A comma-separated list (`…In` filters). */
  list(key: string): string[] | undefined;
  /** A date in any form `Date` reads (`2026-11-27T10:00:00.000+0700` too). */
  date(key: string): Date | undefined;
  /** A date in Camunda's format only (`yyyy-MM-dd'T'HH:mm:ss[.SSS][Z]`, UTC without a zone). */
  camundaDate(key: string): Date | undefined;
  /** `sortBy` among the allowed keys, or undefined; sortBy and sortOrder come together. */
  sortBy<T extends string>(allowed: readonly T[]): T | undefined;
  sortOrder(): 'ASC' | 'DESC';
  /** Variable value conditions (`variables=name_eq_value,…`, or a POST body's `[{name, operator, value}]`). */
  variables(key: string): VariableCondition[];
}

/** `firstResult`/`maxResults` as skip and take. */
export interface Page {
  skip?: number;
  take?: number;
}

/**
 * A list endpoint's query as data: the table, its filters and its order. The list answers a page
 * of it, the `…/count` endpoint `SELECT COUNT(*)` of the same filters — never rows loaded into the
 * process to be counted or filtered there (issue 17).
 */
export interface ListQuery<T> {
  entity: EntityClass<T>;
  where: Where<T>;
  order: FindOptions<T>['order'];
  /** What the caller needs to run the query (Camunda's authorization of the query's resource). */
  permission?: Permission;
}

/** One page of the query. */
export function listPage<T extends object>(core: EngineCore, q: ListQuery<T>, page: Page): Promise<T[]> {
  return core.query(async (tx, caller) => {
    if (q.permission) await requirePermission(tx, caller, q.permission);
    return tx.find(q.entity, q.where, { order: q.order, ...page });
  });
}

/** How many rows the query matches, counted by the database. */
export function listCount<T extends object>(core: EngineCore, q: ListQuery<T>): Promise<number> {
  return core.query(async (tx, caller) => {
    if (q.permission) await requirePermission(tx, caller, q.permission);
    return tx.count(q.entity, q.where);
  });
}

/** Exclusive time bounds, either or both (compared in the database). */
export const between = (after?: Date, before?: Date) =>
  after && before
    ? ({ op: 'between', after, before } as const)
    : after
      ? ({ op: 'gt', value: after } as const)
      : before
        ? ({ op: 'lt', value: before } as const)
        : undefined;
