import type { Context } from 'koa';
import type { EntityClass, FindOptions, Where } from '@motcua/db';
import type { EngineCore } from '../engine-core.js';
import { paging } from './http.js';

/**
 * A list endpoint's query as data: the table, its filters and its order. The list answers a page
 * of it, the `…/count` endpoint `SELECT COUNT(*)` of the same filters — never rows loaded into the
 * process to be counted or filtered there (issue 17).
 */
export interface ListQuery<T> {
  entity: EntityClass<T>;
  where: Where<T>;
  order: FindOptions<T>['order'];
}

/** The page `firstResult`/`maxResults` of the query. */
export function pageOf<T extends object>(core: EngineCore, ctx: Context, q: ListQuery<T>): Promise<T[]> {
  return core.query((tx) => tx.find(q.entity, q.where, { order: q.order, ...paging(ctx) }));
}

/** How many rows the query matches, counted by the database. */
export function countOf<T extends object>(core: EngineCore, q: ListQuery<T>): Promise<number> {
  return core.query((tx) => tx.count(q.entity, q.where));
}
