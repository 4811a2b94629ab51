import { EngineFilter, type EngineTask, type EngineTx, type TaskQuery } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES, type Caller } from '../identity/authorization.service.js';
import { readableTasks } from './task-authorization.js';
import { NotFoundError } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import type { Page, QueryParams } from './query-params.js';

/**
 * Saved task filters. A filter's stored query is turned into a task query by the caller (the REST
 * edge parses Camunda's TaskQueryDto): `toQuery` receives the filter and answers its query.
 */
export type FilterQuery = (f: EngineFilter) => TaskQuery;

export interface FilterFields {
  resourceType: string;
  name: string;
  owner: string | null;
  query: string;
  properties: string | null;
}

const SORT = { filterId: 'id', resourceType: 'resourceType', name: 'name', owner: 'owner' } as const;

/** A FILTER permission on one filter (`id`) or all (Camunda's FILTER resource). */
const onFilter = (permission: string, resourceId = '*') => ({
  resource: RESOURCES.FILTER,
  permission,
  resourceId,
});

async function filterOr404(tx: EngineTx, id: string): Promise<EngineFilter> {
  const f = await tx.get(EngineFilter, id);
  if (!f) throw new NotFoundError(`Filter with id '${id}' does not exist.`);
  return f;
}

/** How many tasks the filter's query matches among those the caller may read. */
const countOf = async (tx: EngineTx, caller: Caller, f: EngineFilter, toQuery: FilterQuery) => {
  const { skip: _skip, take: _take, ...q } = toQuery(f);
  return tx.countTasks(await readableTasks(tx, caller, q));
};

/** A filter and, when asked for, how many tasks its query matches. */
export interface FilterWithCount {
  filter: EngineFilter;
  itemCount?: number;
}

function findFilters(tx: EngineTx, p: QueryParams, page: Page | null): Promise<EngineFilter[]> {
  const sortBy = p.sortBy(Object.keys(SORT) as (keyof typeof SORT)[]);
  const nameLike = p.string('nameLike');
  return tx.find(
    EngineFilter,
    {
      id: p.string('filterId'),
      resourceType: p.string('resourceType'),
      name: nameLike !== undefined ? { op: 'like', value: nameLike } : p.string('name'),
      owner: p.string('owner'),
    },
    { order: sortBy ? { [SORT[sortBy]]: p.sortOrder(), id: 'ASC' } : { id: 'ASC' }, ...(page ?? {}) },
  );
}

/** The filter query (`GET /filter`); `countWith`: also count each filter's tasks. */
export function listFilters(
  core: EngineCore,
  p: QueryParams,
  options: { page: Page; countWith?: FilterQuery },
): Promise<FilterWithCount[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, onFilter('READ'));
    const out: FilterWithCount[] = [];
    for (const filter of await findFilters(tx, p, options.page))
      out.push(
        options.countWith
          ? { filter, itemCount: await countOf(tx, caller, filter, options.countWith) }
          : { filter },
      );
    return out;
  });
}

export async function countFilters(core: EngineCore, p: QueryParams): Promise<number> {
  const rows = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, onFilter('READ'));
    return findFilters(tx, p, null);
  });
  return rows.length;
}

export function getFilter(
  core: EngineCore,
  id: string,
  options: { countWith?: FilterQuery } = {},
): Promise<FilterWithCount> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, onFilter('READ', id));
    const filter = await filterOr404(tx, id);
    return options.countWith
      ? { filter, itemCount: await countOf(tx, caller, filter, options.countWith) }
      : { filter };
  });
}

export async function createFilter(core: EngineCore, fields: FilterFields): Promise<EngineFilter> {
  const row: EngineFilter = { id: newId(), rev: 1, ...fields };
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, onFilter('CREATE'));
    await tx.insert(EngineFilter, row);
  });
  return row;
}

export async function updateFilter(core: EngineCore, id: string, fields: FilterFields): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, onFilter('UPDATE', id));
    const f = await filterOr404(tx, id);
    Object.assign(f, fields);
    await tx.update(EngineFilter, f);
  });
}

export async function deleteFilter(core: EngineCore, id: string): Promise<void> {
  await core.command(async ({ tx, caller }) => {
    await requirePermission(tx, caller, onFilter('DELETE', id));
    await tx.remove(EngineFilter, await filterOr404(tx, id));
  });
}

/**
 * The tasks of the filter's query (`…/list`, `…/singleResult` with its own paging), among those
 * the caller may read: running a filter needs READ on it.
 */
export function filterTasks(core: EngineCore, id: string, toQuery: FilterQuery): Promise<EngineTask[]> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, onFilter('READ', id));
    const q = toQuery(await filterOr404(tx, id));
    return tx.queryTasks(await readableTasks(tx, caller, q));
  });
}

export function filterTaskCount(core: EngineCore, id: string, toQuery: FilterQuery): Promise<number> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, onFilter('READ', id));
    return countOf(tx, caller, await filterOr404(tx, id), toQuery);
  });
}
