import type { Context } from 'koa';
import type { EngineGroup } from '@motcua/db/engine';
import { InvalidArgumentError } from '../runtime/errors.js';
import {
  addMember,
  countGroups,
  createGroup,
  deleteGroup,
  getGroup,
  GROUP_SORT,
  listGroups,
  removeMember,
  updateGroup,
  type GroupFilter,
} from '../services/group.service.js';
import {
  checkLength,
  noContent,
  optString,
  optStringArray,
  paging,
  queryList,
  queryString,
  readJson,
  reqString,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import { engineOf, type RouteDeps } from './rest-context.js';
import { refuseUnsupportedBody } from './supported-parameters.js';
import { validId } from './user.routes.js';

const groupDto = (g: EngineGroup) => ({ id: g.id, name: g.name, type: g.type });

const groupFilterOfQuery = (ctx: Context): GroupFilter => ({
  id: queryString(ctx, 'id'),
  idIn: queryList(ctx, 'idIn'),
  name: queryString(ctx, 'name'),
  nameLike: queryString(ctx, 'nameLike'),
  type: queryString(ctx, 'type'),
  member: queryString(ctx, 'member'),
});

/** A GroupQueryDto body: the GET filters, sorted by `sorting` (or `sortBy`/`sortOrder`, as before). */
export function groupFilterOfBody(
  body: Record<string, unknown>,
): GroupFilter & { sortBy?: string; sortOrder?: string } {
  const s = (k: string) => optString(body, k) ?? undefined;
  const sorting = body.sorting;
  if (sorting !== undefined && sorting !== null && !Array.isArray(sorting))
    throw new InvalidArgumentError('sorting must be an array');
  const first = (sorting as { sortBy?: unknown; sortOrder?: unknown }[] | undefined)?.[0];
  return {
    id: s('id'),
    idIn: optStringArray(body, 'idIn') ?? undefined,
    name: s('name'),
    nameLike: s('nameLike'),
    type: s('type'),
    member: s('member'),
    sortBy: first ? String(first.sortBy) : s('sortBy'),
    sortOrder: first ? String(first.sortOrder) : s('sortOrder'),
  };
}

/** `/group`: the query (GET and POST), create, one, update, delete, and memberships. */
export function groupRoutes({ router, core }: RouteDeps): void {
  router.get('/group', async (ctx) => {
    const by = sortByOf(ctx, GROUP_SORT);
    const rows = await listGroups(
      engineOf(core, ctx),
      groupFilterOfQuery(ctx),
      { by, dir: by ? sortOrderOf(ctx) : 'ASC' },
      paging(ctx),
    );
    sendJson(ctx, rows.map(groupDto));
  });
  router.get('/group/count', async (ctx) => {
    sendJson(ctx, { count: await countGroups(engineOf(core, ctx), groupFilterOfQuery(ctx)) });
  });
  const bodyFilter = async (ctx: Context) => {
    const body = await readJson(ctx);
    refuseUnsupportedBody(ctx, body);
    return groupFilterOfBody(body);
  };
  router.post('/group', async (ctx) => {
    const f = await bodyFilter(ctx);
    if (f.sortBy !== undefined && !(GROUP_SORT as readonly string[]).includes(f.sortBy))
      throw new InvalidArgumentError(`Cannot set query parameter 'sortBy' to value '${f.sortBy}'`);
    const by = f.sortBy as (typeof GROUP_SORT)[number] | undefined;
    const rows = await listGroups(
      engineOf(core, ctx),
      f,
      { by, dir: f.sortOrder === 'desc' ? 'DESC' : 'ASC' },
      paging(ctx),
    );
    sendJson(ctx, rows.map(groupDto));
  });
  router.post('/group/count', async (ctx) => {
    sendJson(ctx, { count: await countGroups(engineOf(core, ctx), await bodyFilter(ctx)) });
  });
  router.post('/group/create', async (ctx) => {
    const body = await readJson(ctx);
    const id = validId(reqString(body, 'id'), 'group');
    await createGroup(engineOf(core, ctx), id, () => ({
      name: optString(body, 'name'),
      type: optString(body, 'type'),
    }));
    noContent(ctx);
  });
  router.get('/group/:id', async (ctx) => {
    sendJson(ctx, groupDto(await getGroup(engineOf(core, ctx), ctx.params.id!)));
  });
  router.put('/group/:id', async (ctx) => {
    const body = await readJson(ctx);
    await updateGroup(engineOf(core, ctx), ctx.params.id!, () => ({
      name: checkLength(optString(body, 'name'), 'name', 255),
      type: checkLength(optString(body, 'type'), 'type', 255),
    }));
    noContent(ctx);
  });
  router.delete('/group/:id', async (ctx) => {
    await deleteGroup(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
  router.put('/group/:id/members/:userId', async (ctx) => {
    await addMember(engineOf(core, ctx), ctx.params.id!, ctx.params.userId!);
    noContent(ctx);
  });
  router.delete('/group/:id/members/:userId', async (ctx) => {
    await removeMember(engineOf(core, ctx), ctx.params.id!, ctx.params.userId!);
    noContent(ctx);
  });
}
