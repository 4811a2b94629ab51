import type { Context } from 'koa';
import type { EngineTenant } from '@motcua/db/engine';
import { NullValueError, ProcessEngineError } from '../runtime/errors.js';
import {
  addTenantMember,
  countTenants,
  createTenant,
  deleteTenant,
  getTenant,
  listTenants,
  removeTenantMember,
  renameTenant,
  type TenantMember,
} from '../services/tenant.service.js';
import { checkLength, noContent, optString, readJson, sendJson } from './http.js';
import { pageParams, queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';
import { IDENTITY_ID } from './user.routes.js';

const tenantDto = (t: EngineTenant) => ({ id: t.id, name: t.name });

/** `/tenant`: the tenants of the identity service and their user and group members. */
export function tenantRoutes({ router, core }: RouteDeps): void {
  router.get('/tenant', async (ctx) => {
    sendJson(ctx, (await listTenants(engineOf(core, ctx), queryParams(ctx), pageParams(ctx))).map(tenantDto));
  });
  router.get('/tenant/count', async (ctx) => {
    sendJson(ctx, { count: await countTenants(engineOf(core, ctx), queryParams(ctx)) });
  });
  router.post('/tenant/create', async (ctx) => {
    const body = await readJson(ctx);
    const id = optString(body, 'id');
    if (id === null) throw new NullValueError('tenantId is null');
    if (!IDENTITY_ID.test(id))
      throw new ProcessEngineError(`Tenant has an invalid id: '${id}' is not a valid resource identifier.`);
    await createTenant(engineOf(core, ctx), { id, name: checkLength(optString(body, 'name'), 'name', 255) });
    noContent(ctx);
  });
  router.get('/tenant/:id', async (ctx) => {
    sendJson(ctx, tenantDto(await getTenant(engineOf(core, ctx), ctx.params.id!)));
  });
  router.put('/tenant/:id', async (ctx) => {
    const name = checkLength(optString(await readJson(ctx), 'name'), 'name', 255);
    await renameTenant(engineOf(core, ctx), ctx.params.id!, name);
    noContent(ctx);
  });
  router.delete('/tenant/:id', async (ctx) => {
    await deleteTenant(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
  const member = (ctx: Context, kind: 'user' | 'group'): TenantMember => ({
    tenantId: ctx.params.id!,
    kind,
    id: (kind === 'user' ? ctx.params.userId : ctx.params.groupId)!,
  });
  router.put('/tenant/:id/user-members/:userId', async (ctx) => {
    await addTenantMember(engineOf(core, ctx), member(ctx, 'user'));
    noContent(ctx);
  });
  router.delete('/tenant/:id/user-members/:userId', async (ctx) => {
    await removeTenantMember(engineOf(core, ctx), member(ctx, 'user'));
    noContent(ctx);
  });
  router.put('/tenant/:id/group-members/:groupId', async (ctx) => {
    await addTenantMember(engineOf(core, ctx), member(ctx, 'group'));
    noContent(ctx);
  });
  router.delete('/tenant/:id/group-members/:groupId', async (ctx) => {
    await removeTenantMember(engineOf(core, ctx), member(ctx, 'group'));
    noContent(ctx);
  });
}
