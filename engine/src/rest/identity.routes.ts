import type { Context } from 'koa';
import { createHash, timingSafeEqual } from 'node:crypto';
import { EngineGroup, EngineMembership, EngineUser, type EngineTx, type Where } from '@motcua/db';
import { badUserRequest, invalidRequest, notFound, processEngineError } from '../runtime/errors.js';
import { authenticate, groupDtos, groupsOf, membershipId } from '../identity/identity.service.js';
import { hashPassword } from '../identity/passwords.js';
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
import type { RouteDeps } from './rest-context.js';

/** Ids of users and groups: what Camunda's default `^[a-zA-Z0-9]+$` allows, plus `-`, `_`, `.`, `@`. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const MIN_PASSWORD = 8;

const like = (v: string | undefined) => (v === undefined ? undefined : ({ op: 'like', value: v } as const));
const profileDto = (u: EngineUser) => ({
  id: u.id,
  firstName: u.firstName,
  lastName: u.lastName,
  email: u.email,
});
const groupDto = (g: EngineGroup) => ({ id: g.id, name: g.name, type: g.type });

const USER_SORT = { userId: 'id', firstName: 'firstName', lastName: 'lastName', email: 'email' } as const;

/**
 * The user query's filters, shared by the list and the count (`COUNT(*)` in the database); a
 * group's members are a semi-join on the memberships, not a list of ids read first.
 */
function userWhere(ctx: Context): Where<EngineUser> {
  const ids =
    queryList(ctx, 'idIn') ?? (queryString(ctx, 'id') !== undefined ? [queryString(ctx, 'id')!] : undefined);
  const group = queryString(ctx, 'memberOfGroup');
  const members =
    group === undefined
      ? undefined
      : ({ op: 'inSelect', table: 'eng_membership', column: 'userId', where: { groupId: group } } as const);
  return {
    id: ids && members ? { op: 'all', of: [ids, members] } : (ids ?? members),
    firstName: like(queryString(ctx, 'firstNameLike')) ?? queryString(ctx, 'firstName'),
    lastName: like(queryString(ctx, 'lastNameLike')) ?? queryString(ctx, 'lastName'),
    email: like(queryString(ctx, 'emailLike')) ?? queryString(ctx, 'email'),
  };
}

function queryUsers(ctx: Context, tx: EngineTx): Promise<EngineUser[]> {
  const sortBy = sortByOf(ctx, Object.keys(USER_SORT) as (keyof typeof USER_SORT)[]);
  return tx.find(EngineUser, userWhere(ctx), {
    order: sortBy ? { [USER_SORT[sortBy]]: sortOrderOf(ctx), id: 'ASC' } : { id: 'ASC' },
    ...paging(ctx),
  });
}

interface GroupFilter {
  id?: string;
  idIn?: string[];
  name?: string;
  nameLike?: string;
  type?: string;
  member?: string;
}
const GROUP_SORT = ['id', 'name', 'type'] as const;

/** The group query's filters, shared by the list and the count; a user's groups are a semi-join. */
function groupWhere(f: GroupFilter): Where<EngineGroup> {
  const ids = f.idIn ?? (f.id !== undefined ? [f.id] : undefined);
  const mine =
    f.member === undefined
      ? undefined
      : ({
          op: 'inSelect',
          table: 'eng_membership',
          column: 'groupId',
          where: { userId: f.member },
        } as const);
  return {
    id: ids && mine ? { op: 'all', of: [ids, mine] } : (ids ?? mine),
    name: like(f.nameLike) ?? f.name,
    type: f.type,
  };
}

function queryGroups(
  tx: EngineTx,
  f: GroupFilter,
  order: { by?: (typeof GROUP_SORT)[number]; dir: 'ASC' | 'DESC' },
  page: { skip?: number; take?: number },
): Promise<EngineGroup[]> {
  return tx.find(EngineGroup, groupWhere(f), {
    order: order.by ? { [order.by]: order.dir, id: 'ASC' } : { id: 'ASC' },
    ...page,
  });
}

const groupFilterOfQuery = (ctx: Context): GroupFilter => ({
  id: queryString(ctx, 'id'),
  idIn: queryList(ctx, 'idIn'),
  name: queryString(ctx, 'name'),
  nameLike: queryString(ctx, 'nameLike'),
  type: queryString(ctx, 'type'),
  member: queryString(ctx, 'member'),
});

function groupFilterOfBody(
  body: Record<string, unknown>,
): GroupFilter & { sortBy?: string; sortOrder?: string } {
  const s = (k: string) => optString(body, k) ?? undefined;
  return {
    id: s('id'),
    idIn: optStringArray(body, 'idIn') ?? undefined,
    name: s('name'),
    nameLike: s('nameLike'),
    type: s('type'),
    member: s('member'),
    sortBy: s('sortBy'),
    sortOrder: s('sortOrder'),
  };
}

function validId(id: string, what: string): string {
  if (!ID.test(id)) throw invalidRequest(`${id} is not a valid ${what} id.`);
  return id;
}

function password(body: Record<string, unknown>): string {
  const pw = reqString(body, 'password');
  if (pw.length < MIN_PASSWORD)
    throw invalidRequest(`The password must have at least ${MIN_PASSWORD} characters.`);
  return pw;
}

/** Users, groups, memberships and `identity/verify`: Camunda's identity service over eng_user/eng_group. */
export function identityRoutes({ router, core }: RouteDeps): void {
  router.get('/user', async (ctx) => {
    sendJson(ctx, (await core.query((tx) => queryUsers(ctx, tx))).map(profileDto));
  });
  router.get('/user/count', async (ctx) => {
    sendJson(ctx, { count: await core.query((tx) => tx.count(EngineUser, userWhere(ctx))) });
  });
  router.post('/user/create', async (ctx) => {
    const body = await readJson(ctx);
    const profile = (body.profile ?? {}) as Record<string, unknown>;
    const credentials = (body.credentials ?? {}) as Record<string, unknown>;
    const id = validId(reqString(profile, 'id'), 'user');
    const passwordHash = await hashPassword(password(credentials));
    await core.command(async ({ tx }) => {
      // 400 as Operaton answers (BadUserRequestException).
      if (await tx.get(EngineUser, id)) throw badUserRequest(`The user already exists: ${id}`);
      await tx.insert(EngineUser, {
        id,
        rev: 1,
        firstName: checkLength(optString(profile, 'firstName'), 'firstName', 255),
        lastName: checkLength(optString(profile, 'lastName'), 'lastName', 255),
        email: checkLength(optString(profile, 'email'), 'email', 255),
        passwordHash,
      });
    });
    noContent(ctx);
  });
  const userOr404 = async (tx: EngineTx, id: string) => {
    const u = await tx.get(EngineUser, id);
    if (!u) throw notFound(`User with id ${id} does not exist`, 'InvalidRequestException');
    return u;
  };
  router.get('/user/:id/profile', async (ctx) => {
    sendJson(ctx, profileDto(await core.query((tx) => userOr404(tx, ctx.params.id!))));
  });
  router.put('/user/:id/profile', async (ctx) => {
    const body = await readJson(ctx);
    await core.command(async ({ tx }) => {
      const u = await userOr404(tx, ctx.params.id!);
      u.firstName = checkLength(optString(body, 'firstName'), 'firstName', 255);
      u.lastName = checkLength(optString(body, 'lastName'), 'lastName', 255);
      u.email = checkLength(optString(body, 'email'), 'email', 255);
      await tx.update(EngineUser, u);
    });
    noContent(ctx);
  });
  router.put('/user/:id/credentials', async (ctx) => {
    const body = await readJson(ctx);
    // As Operaton: an authenticated caller confirms the change with its own password.
    const callerDigest = ctx.state.passwordDigest as Buffer | undefined;
    if (callerDigest) {
      const given = optString(body, 'authenticatedUserPassword') ?? '';
      const givenDigest = createHash('sha256').update(given, 'utf8').digest();
      if (!timingSafeEqual(givenDigest, callerDigest))
        throw invalidRequest('The given authenticated user password is not valid.');
    }
    const passwordHash = await hashPassword(password(body));
    await core.command(async ({ tx }) => {
      const u = await userOr404(tx, ctx.params.id!);
      u.passwordHash = passwordHash;
      await tx.update(EngineUser, u);
    });
    noContent(ctx);
  });
  router.delete('/user/:id', async (ctx) => {
    await core.command(async ({ tx }) => {
      const u = await userOr404(tx, ctx.params.id!);
      await tx.removeWhere(EngineMembership, { userId: u.id });
      await tx.remove(EngineUser, u);
    });
    noContent(ctx);
  });

  router.get('/group', async (ctx) => {
    const by = sortByOf(ctx, GROUP_SORT);
    const rows = await core.query((tx) =>
      queryGroups(tx, groupFilterOfQuery(ctx), { by, dir: by ? sortOrderOf(ctx) : 'ASC' }, paging(ctx)),
    );
    sendJson(ctx, rows.map(groupDto));
  });
  router.get('/group/count', async (ctx) => {
    const where = groupWhere(groupFilterOfQuery(ctx));
    sendJson(ctx, { count: await core.query((tx) => tx.count(EngineGroup, where)) });
  });
  router.post('/group', async (ctx) => {
    const f = groupFilterOfBody(await readJson(ctx));
    if (f.sortBy !== undefined && !(GROUP_SORT as readonly string[]).includes(f.sortBy))
      throw invalidRequest(`Cannot set query parameter 'sortBy' to value '${f.sortBy}'`);
    const by = f.sortBy as (typeof GROUP_SORT)[number] | undefined;
    const rows = await core.query((tx) =>
      queryGroups(tx, f, { by, dir: f.sortOrder === 'desc' ? 'DESC' : 'ASC' }, paging(ctx)),
    );
    sendJson(ctx, rows.map(groupDto));
  });
  router.post('/group/count', async (ctx) => {
    const where = groupWhere(groupFilterOfBody(await readJson(ctx)));
    sendJson(ctx, { count: await core.query((tx) => tx.count(EngineGroup, where)) });
  });
  router.post('/group/create', async (ctx) => {
    const body = await readJson(ctx);
    const id = validId(reqString(body, 'id'), 'group');
    await core.command(async ({ tx }) => {
      if (await tx.get(EngineGroup, id)) throw invalidRequest(`The group already exists: ${id}`, 500);
      await tx.insert(EngineGroup, {
        id,
        rev: 1,
        name: optString(body, 'name'),
        type: optString(body, 'type'),
      });
    });
    noContent(ctx);
  });
  const groupOr404 = async (tx: EngineTx, id: string) => {
    const g = await tx.get(EngineGroup, id);
    if (!g) throw notFound(`Group with id ${id} does not exist`, 'InvalidRequestException');
    return g;
  };
  router.get('/group/:id', async (ctx) => {
    sendJson(ctx, groupDto(await core.query((tx) => groupOr404(tx, ctx.params.id!))));
  });
  router.put('/group/:id', async (ctx) => {
    const body = await readJson(ctx);
    await core.command(async ({ tx }) => {
      const g = await groupOr404(tx, ctx.params.id!);
      g.name = checkLength(optString(body, 'name'), 'name', 255);
      g.type = checkLength(optString(body, 'type'), 'type', 255);
      await tx.update(EngineGroup, g);
    });
    noContent(ctx);
  });
  router.delete('/group/:id', async (ctx) => {
    await core.command(async ({ tx }) => {
      const g = await groupOr404(tx, ctx.params.id!);
      await tx.removeWhere(EngineMembership, { groupId: g.id });
      await tx.remove(EngineGroup, g);
    });
    noContent(ctx);
  });
  router.put('/group/:id/members/:userId', async (ctx) => {
    const { id, userId } = ctx.params as { id: string; userId: string };
    await core.command(async ({ tx }) => {
      // Camunda's membership table has foreign keys: an unknown user or group fails the insert (500).
      if (!(await tx.get(EngineGroup, id)) || !(await tx.get(EngineUser, userId)))
        throw processEngineError(
          `Cannot create membership: user '${userId}' or group '${id}' does not exist`,
        );
      if (!(await tx.get(EngineMembership, membershipId(id, userId))))
        await tx.insert(EngineMembership, { id: membershipId(id, userId), userId, groupId: id });
    });
    noContent(ctx);
  });
  router.delete('/group/:id/members/:userId', async (ctx) => {
    const { id, userId } = ctx.params as { id: string; userId: string };
    await core.command(({ tx }) => tx.removeWhere(EngineMembership, { id: membershipId(id, userId) }));
    noContent(ctx);
  });

  router.post('/identity/verify', async (ctx) => {
    const body = await readJson(ctx);
    const username = reqString(body, 'username');
    const pw = reqString(body, 'password');
    const principal = await core.query((tx) => authenticate(tx, username, pw));
    sendJson(ctx, {
      authenticatedUser: username,
      authenticated: principal !== null,
      tenants: null,
      // Operaton answers only whether the password is right; /identity/groups lists the groups.
      groups: null,
    });
  });
  router.get('/identity/groups', async (ctx) => {
    const userId = queryString(ctx, 'userId');
    if (userId === undefined) throw invalidRequest('No user id was supplied');
    const result = await core.query(async (tx) => {
      const ids = await groupsOf(tx, userId);
      const groups = await groupDtos(tx, ids);
      const users = ids.length
        ? [...new Set((await tx.find(EngineMembership, { groupId: ids })).map((m) => m.userId))]
        : [];
      const profiles = users.length ? await tx.find(EngineUser, { id: users }, { order: { id: 'ASC' } }) : [];
      return {
        groups,
        groupUsers: profiles.map((u) => ({
          id: u.id,
          firstName: u.firstName,
          lastName: u.lastName,
          displayName: [u.firstName, u.lastName].filter(Boolean).join(' ') || u.id,
        })),
      };
    });
    sendJson(ctx, result);
  });
}
