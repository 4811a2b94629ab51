import type { Context } from 'koa';
import {
  EngineGroup,
  EngineMembership,
  EngineTenant,
  EngineTenantMembership,
  EngineUser,
  type EngineTx,
  type Where,
} from '@motcua/db';
import { logOperation } from '../operation-log/operation-log.js';
import { CamundaError, notFound, processEngineError } from '../runtime/errors.js';
import {
  checkLength,
  noContent,
  optString,
  paging,
  queryBool,
  queryString,
  readJson,
  sendJson,
  sortByOf,
  sortOrderOf,
} from './http.js';
import type { RouteDeps } from './rest-context.js';

/** The id rule of users and groups (identity.routes.ts). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

const tenantDto = (t: EngineTenant) => ({ id: t.id, name: t.name });
const memberId = (tenantId: string, kind: 'user' | 'group', id: string) => `${tenantId}/${kind}/${id}`;

async function tenantOr404(tx: EngineTx, id: string): Promise<EngineTenant> {
  const t = await tx.get(EngineTenant, id);
  if (!t) throw notFound(`Tenant with id ${id} does not exist`, 'InvalidRequestException');
  return t;
}

/**
 * `GET /tenant`'s filters, shared by the list and the count (`COUNT(*)` in the database). A member
 * filter reads that user's or group's tenant memberships (a handful) and restricts the ids; the
 * tenants themselves are filtered, sorted and paged in the database. Null: nothing can match.
 */
async function tenantWhere(tx: EngineTx, ctx: Context): Promise<Where<EngineTenant> | null> {
  const id = queryString(ctx, 'id');
  const name = queryString(ctx, 'name');
  const nameLike = queryString(ctx, 'nameLike');
  const userMember = queryString(ctx, 'userMember');
  const groupMember = queryString(ctx, 'groupMember');
  let ids = id === undefined ? undefined : [id];
  if (userMember !== undefined || groupMember !== undefined) {
    const groups = groupMember !== undefined ? [groupMember] : [];
    // includingGroupsOfUser: the tenants of the user's groups count too.
    if (userMember !== undefined && queryBool(ctx, 'includingGroupsOfUser'))
      groups.push(...(await tx.find(EngineMembership, { userId: userMember })).map((m) => m.groupId));
    const members = [
      ...(userMember !== undefined ? await tx.find(EngineTenantMembership, { userId: userMember }) : []),
      ...(groups.length ? await tx.find(EngineTenantMembership, { groupId: groups }) : []),
    ];
    const memberOf = [...new Set(members.map((m) => m.tenantId))];
    ids = ids ? ids.filter((t) => memberOf.includes(t)) : memberOf;
    if (ids.length === 0) return null;
  }
  return { id: ids, name: nameLike !== undefined ? { op: 'like', value: nameLike } : name };
}

async function queryTenants(tx: EngineTx, ctx: Context): Promise<EngineTenant[]> {
  const where = await tenantWhere(tx, ctx);
  if (!where) return [];
  const by = sortByOf(ctx, ['id', 'name'] as const);
  const dir = by ? sortOrderOf(ctx) : 'ASC';
  return tx.find(EngineTenant, where, {
    order: by === 'name' ? { name: dir, id: dir } : { id: dir },
    ...paging(ctx),
  });
}

async function countTenants(tx: EngineTx, ctx: Context): Promise<number> {
  const where = await tenantWhere(tx, ctx);
  return where ? tx.count(EngineTenant, where) : 0;
}

const logTenant = (tx: EngineTx, now: Date, operationType: string, id: string) =>
  logOperation(tx, now, {
    operationType,
    entityType: 'Tenant',
    category: 'Admin',
    changes: [{ property: 'tenantId', orgValue: null, newValue: id }],
  });

/**
 * Tenants of the identity service (`/tenant`): list, count, create, get, update, delete, user and
 * group members — with Operaton 1.0.3's statuses and words, and an operation-log entry (category
 * Admin) for every change, as Operaton writes them.
 */
export function tenantRoutes({ router, core }: RouteDeps): void {
  router.get('/tenant', async (ctx) => {
    sendJson(ctx, (await core.query((tx) => queryTenants(tx, ctx))).map(tenantDto));
  });
  router.get('/tenant/count', async (ctx) => {
    sendJson(ctx, { count: await core.query((tx) => countTenants(tx, ctx)) });
  });
  router.post('/tenant/create', async (ctx) => {
    const body = await readJson(ctx);
    const id = optString(body, 'id');
    if (id === null) throw new CamundaError(500, 'NullValueException', 'tenantId is null', 0);
    if (!ID.test(id))
      throw processEngineError(`Tenant has an invalid id: '${id}' is not a valid resource identifier.`);
    const name = checkLength(optString(body, 'name'), 'name', 255);
    await core.command(async ({ tx, now }) => {
      if (await tx.get(EngineTenant, id))
        throw new CamundaError(400, 'BadUserRequestException', 'The tenant already exists', 0);
      await tx.insert(EngineTenant, { id, rev: 1, name });
      await logTenant(tx, now, 'Create', id);
    });
    noContent(ctx);
  });
  router.get('/tenant/:id', async (ctx) => {
    sendJson(ctx, tenantDto(await core.query((tx) => tenantOr404(tx, ctx.params.id!))));
  });
  router.put('/tenant/:id', async (ctx) => {
    const body = await readJson(ctx);
    const name = checkLength(optString(body, 'name'), 'name', 255);
    await core.command(async ({ tx, now }) => {
      const t = await tenantOr404(tx, ctx.params.id!);
      t.name = name;
      await tx.update(EngineTenant, t);
      await logTenant(tx, now, 'Update', t.id);
    });
    noContent(ctx);
  });
  router.delete('/tenant/:id', async (ctx) => {
    // An unknown tenant is a no-op (204), as on Operaton.
    await core.command(async ({ tx, now }) => {
      const t = await tx.get(EngineTenant, ctx.params.id!);
      if (!t) return;
      await tx.removeWhere(EngineTenantMembership, { tenantId: t.id });
      await tx.remove(EngineTenant, t);
      await logTenant(tx, now, 'Delete', t.id);
    });
    noContent(ctx);
  });

  const membership = (kind: 'user' | 'group', add: boolean) => async (ctx: Context) => {
    const tenantId = ctx.params.id!;
    const memberIdParam = (kind === 'user' ? ctx.params.userId : ctx.params.groupId)!;
    await core.command(async ({ tx, now }) => {
      const row = memberId(tenantId, kind, memberIdParam);
      if (add) {
        // Operaton's checks and words (NullValueException, 500) for an unknown tenant, user or group.
        const missing = (what: string, id: string) =>
          new CamundaError(
            500,
            'NullValueException',
            `No ${what} found with id '${id}'.: ${what} is null`,
            0,
          );
        if (!(await tx.get(EngineTenant, tenantId))) throw missing('tenant', tenantId);
        if (kind === 'user' && !(await tx.get(EngineUser, memberIdParam)))
          throw missing('user', memberIdParam);
        if (kind === 'group' && !(await tx.get(EngineGroup, memberIdParam)))
          throw missing('group', memberIdParam);
        if (await tx.get(EngineTenantMembership, row))
          throw processEngineError(
            `The ${kind} '${memberIdParam}' is already a member of tenant '${tenantId}'`,
          );
        await tx.insert(EngineTenantMembership, {
          id: row,
          tenantId,
          userId: kind === 'user' ? memberIdParam : null,
          groupId: kind === 'group' ? memberIdParam : null,
        });
      } else {
        if (!(await tx.get(EngineTenantMembership, row))) return; // as Operaton: 204, nothing logged
        await tx.removeWhere(EngineTenantMembership, { id: row });
      }
      await logOperation(tx, now, {
        operationType: add ? 'Create' : 'Delete',
        entityType: 'TenantMembership',
        category: 'Admin',
        changes: [
          { property: 'tenantId', orgValue: null, newValue: tenantId },
          { property: kind === 'user' ? 'userId' : 'groupId', orgValue: null, newValue: memberIdParam },
        ],
      });
    });
    noContent(ctx);
  };
  router.put('/tenant/:id/user-members/:userId', membership('user', true));
  router.delete('/tenant/:id/user-members/:userId', membership('user', false));
  router.put('/tenant/:id/group-members/:groupId', membership('group', true));
  router.delete('/tenant/:id/group-members/:groupId', membership('group', false));
}
