import type { Context } from 'koa';
import { EngineAuthorization, type EngineTx, type Where } from '@motcua/db';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import {
  AUTH_GLOBAL,
  AUTH_GRANT,
  AUTH_REVOKE,
  isAuthorized,
  RESOURCE_NAMES,
} from '../identity/authorization.service.js';
import { groupsOf } from '../identity/identity.service.js';
import {
  checkLength,
  noContent,
  optInt,
  optString,
  optStringArray,
  paging,
  queryInt,
  queryList,
  queryString,
  readJson,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';

const PERMISSION = /^[A-Z_]{2,64}$/;

const authorizationDto = (a: EngineAuthorization, baseUrl?: string) => ({
  id: a.id,
  type: a.type,
  permissions: a.permissions.split(','),
  userId: a.userId,
  groupId: a.groupId,
  resourceType: a.resourceType,
  resourceId: a.resourceId,
  removalTime: null,
  rootProcessInstanceId: null,
  ...(baseUrl ? { links: [{ method: 'GET', href: `${baseUrl}/authorization/${a.id}`, rel: 'self' }] } : {}),
});

/** Validates an AuthorizationCreateDto / AuthorizationUpdateDto the way Camunda's service does. */
function fields(body: Record<string, unknown>) {
  const type = optInt(body, 'type') ?? AUTH_GRANT;
  if (![AUTH_GLOBAL, AUTH_GRANT, AUTH_REVOKE].includes(type))
    throw invalidRequest(`Invalid authorization type ${type}`);
  const userId = optString(body, 'userId');
  const groupId = optString(body, 'groupId');
  if (type === AUTH_GLOBAL && (userId !== '*' || groupId !== null))
    throw invalidRequest(
      "ENGINE-03028 Cannot create authorization: global authorizations need userId '*' and no groupId",
    );
  if (type !== AUTH_GLOBAL && (userId === null) === (groupId === null))
    throw invalidRequest('ENGINE-03029 Authorization must either have a userId or a groupId.');
  const resourceType = optInt(body, 'resourceType');
  if (resourceType === null || RESOURCE_NAMES[resourceType] === undefined)
    throw invalidRequest(`Unknown resource type ${String(body.resourceType)}`);
  const permissions = optStringArray(body, 'permissions') ?? [];
  if (permissions.length === 0 || permissions.some((p) => !PERMISSION.test(p)))
    throw invalidRequest('permissions must be a non-empty list of permission names');
  return {
    type,
    userId: checkLength(userId, 'userId', 64),
    groupId: checkLength(groupId, 'groupId', 64),
    resourceType,
    resourceId: checkLength(optString(body, 'resourceId') ?? '*', 'resourceId', 255),
    permissions: checkLength(permissions.join(','), 'permissions', 1000),
  };
}

const SORT = { resourceType: 'resourceType', resourceId: 'resourceId' } as const;

/** The query's filters: the list and the count (`COUNT(*)` in the database) share them. */
const whereOf = (ctx: Context): Where<EngineAuthorization> => ({
  id: queryString(ctx, 'id'),
  type: queryInt(ctx, 'type'),
  userId: queryList(ctx, 'userIdIn'),
  groupId: queryList(ctx, 'groupIdIn'),
  resourceType: queryInt(ctx, 'resourceType'),
  resourceId: queryString(ctx, 'resourceId'),
});

function query(ctx: Context, tx: EngineTx) {
  const sortBy = sortByOf(ctx, Object.keys(SORT) as (keyof typeof SORT)[]);
  return tx.find(EngineAuthorization, whereOf(ctx), {
    order: sortBy ? { [SORT[sortBy]]: sortOrderOf(ctx), id: 'ASC' } : { id: 'ASC' },
    ...paging(ctx),
  });
}

const byId = async (tx: EngineTx, id: string) => {
  const a = await tx.get(EngineAuthorization, id);
  if (!a) throw notFound(`Authorization with id ${id} does not exist.`, 'InvalidRequestException');
  return a;
};

/** `/authorization`: GRANT, REVOKE and GLOBAL authorizations on Camunda's resource types. */
export function authorizationRoutes({ router, core }: RouteDeps): void {
  router.get('/authorization', async (ctx) => {
    sendJson(
      ctx,
      (await core.query((tx) => query(ctx, tx))).map((a) => authorizationDto(a)),
    );
  });
  router.get('/authorization/count', async (ctx) => {
    sendJson(ctx, { count: await core.query((tx) => tx.count(EngineAuthorization, whereOf(ctx))) });
  });
  router.get('/authorization/check', async (ctx) => {
    const permissionName = queryString(ctx, 'permissionName');
    const resourceType = queryInt(ctx, 'resourceType');
    if (permissionName === undefined || resourceType === undefined)
      throw invalidRequest('Query parameters permissionName and resourceType are mandatory.');
    const userId =
      queryString(ctx, 'userId') ?? (ctx.state.principal as { userId?: string } | undefined)?.userId;
    if (userId === undefined) throw invalidRequest('No user to check: authenticate or pass userId.');
    const resourceId = queryString(ctx, 'resourceId');
    const authorized = await core.query(async (tx) =>
      isAuthorized(
        tx,
        { userId, groupIds: await groupsOf(tx, userId) },
        resourceType,
        permissionName,
        resourceId,
      ),
    );
    sendJson(ctx, {
      permissionName,
      resourceName: queryString(ctx, 'resourceName') ?? RESOURCE_NAMES[resourceType] ?? null,
      resourceId: resourceId ?? null,
      authorized,
    });
  });
  router.post('/authorization/create', async (ctx) => {
    const f = fields(await readJson(ctx));
    const row: EngineAuthorization = { id: newId(), rev: 1, ...f };
    await core.command(({ tx }) => tx.insert(EngineAuthorization, row));
    sendJson(ctx, authorizationDto(row, baseUrlOf(ctx)));
  });
  router.get('/authorization/:id', async (ctx) => {
    sendJson(ctx, authorizationDto(await core.query((tx) => byId(tx, ctx.params.id!))));
  });
  router.put('/authorization/:id', async (ctx) => {
    const f = fields(await readJson(ctx));
    await core.command(async ({ tx }) => {
      const a = await byId(tx, ctx.params.id!);
      if (a.type !== f.type) throw invalidRequest('The type of an authorization cannot change');
      Object.assign(a, f);
      await tx.update(EngineAuthorization, a);
    });
    noContent(ctx);
  });
  router.delete('/authorization/:id', async (ctx) => {
    await core.command(async ({ tx }) => tx.remove(EngineAuthorization, await byId(tx, ctx.params.id!)));
    noContent(ctx);
  });
}
