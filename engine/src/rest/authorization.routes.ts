import type { EngineAuthorization } from '@motcua/db/engine';
import { InvalidArgumentError } from '../runtime/errors.js';
import { AUTH_GLOBAL, AUTH_GRANT, AUTH_REVOKE, RESOURCE_NAMES } from '../identity/authorization.service.js';
import {
  checkAuthorization,
  countAuthorizations,
  createAuthorization,
  deleteAuthorization,
  getAuthorization,
  listAuthorizations,
  updateAuthorization,
} from '../services/authorization-admin.service.js';
import {
  checkLength,
  noContent,
  optInt,
  optString,
  optStringArray,
  queryInt,
  queryString,
  readJson,
  sendJson,
} from './http.js';
import { pageParams, queryParams } from './list-query.js';
import { baseUrlOf, engineOf, type RouteDeps } from './rest-context.js';

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
    throw new InvalidArgumentError(`Invalid authorization type ${type}`);
  const userId = optString(body, 'userId');
  const groupId = optString(body, 'groupId');
  if (type === AUTH_GLOBAL && (userId !== '*' || groupId !== null))
    throw new InvalidArgumentError(
      "ENGINE-03028 Cannot create authorization: global authorizations need userId '*' and no groupId",
    );
  if (type !== AUTH_GLOBAL && (userId === null) === (groupId === null))
    throw new InvalidArgumentError('ENGINE-03029 Authorization must either have a userId or a groupId.');
  const resourceType = optInt(body, 'resourceType');
  if (resourceType === null || RESOURCE_NAMES[resourceType] === undefined)
    throw new InvalidArgumentError(`Unknown resource type ${String(body.resourceType)}`);
  const permissions = optStringArray(body, 'permissions') ?? [];
  if (permissions.length === 0 || permissions.some((p) => !PERMISSION.test(p)))
    throw new InvalidArgumentError('permissions must be a non-empty list of permission names');
  return {
    type,
    userId: checkLength(userId, 'userId', 64),
    groupId: checkLength(groupId, 'groupId', 64),
    resourceType,
    resourceId: checkLength(optString(body, 'resourceId') ?? '*', 'resourceId', 255),
    permissions: checkLength(permissions.join(','), 'permissions', 1000),
  };
}

/** `/authorization`: GRANT, REVOKE and GLOBAL authorizations on Camunda's resource types. */
export function authorizationRoutes({ router, core }: RouteDeps): void {
  router.get('/authorization', async (ctx) => {
    sendJson(
      ctx,
      (await listAuthorizations(engineOf(core, ctx), queryParams(ctx), pageParams(ctx))).map((a) =>
        authorizationDto(a),
      ),
    );
  });
  router.get('/authorization/count', async (ctx) => {
    sendJson(ctx, { count: await countAuthorizations(engineOf(core, ctx), queryParams(ctx)) });
  });
  router.get('/authorization/check', async (ctx) => {
    const permissionName = queryString(ctx, 'permissionName');
    const resourceType = queryInt(ctx, 'resourceType');
    if (permissionName === undefined || resourceType === undefined)
      throw new InvalidArgumentError('Query parameters permissionName and resourceType are mandatory.');
    const userId =
      queryString(ctx, 'userId') ?? (ctx.state.principal as { userId?: string } | undefined)?.userId;
    if (userId === undefined)
      throw new InvalidArgumentError('No user to check: authenticate or pass userId.');
    const resourceId = queryString(ctx, 'resourceId');
    const authorized = await checkAuthorization(engineOf(core, ctx), {
      userId,
      resourceType,
      permissionName,
      resourceId,
    });
    sendJson(ctx, {
      permissionName,
      resourceName: queryString(ctx, 'resourceName') ?? RESOURCE_NAMES[resourceType] ?? null,
      resourceId: resourceId ?? null,
      authorized,
    });
  });
  router.post('/authorization/create', async (ctx) => {
    const row = await createAuthorization(engineOf(core, ctx), fields(await readJson(ctx)));
    sendJson(ctx, authorizationDto(row, baseUrlOf(ctx)));
  });
  router.get('/authorization/:id', async (ctx) => {
    sendJson(ctx, authorizationDto(await getAuthorization(engineOf(core, ctx), ctx.params.id!)));
  });
  router.put('/authorization/:id', async (ctx) => {
    await updateAuthorization(engineOf(core, ctx), ctx.params.id!, fields(await readJson(ctx)));
    noContent(ctx);
  });
  router.delete('/authorization/:id', async (ctx) => {
    await deleteAuthorization(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
}
