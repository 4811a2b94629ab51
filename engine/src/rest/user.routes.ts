import { createHash, timingSafeEqual } from 'node:crypto';
import type { EngineUser } from '@motcua/db/engine';
import { InvalidArgumentError } from '../runtime/errors.js';
import { hashPassword } from '../identity/passwords.js';
import {
  countUsers,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  setUserPassword,
  updateUserProfile,
} from '../services/user.service.js';
import { checkLength, noContent, optString, readJson, reqString, sendJson } from './http.js';
import { pageParams, queryParams } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';

/** Ids of users and groups: what Camunda's default `^[a-zA-Z0-9]+$` allows, plus `-`, `_`, `.`, `@`. */
export const IDENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** The password rule the identity service enforces (also `/identity/password-policy`). */
export const MIN_PASSWORD = 8;

export function validId(id: string, what: string): string {
  if (!IDENTITY_ID.test(id)) throw new InvalidArgumentError(`${id} is not a valid ${what} id.`);
  return id;
}

function password(body: Record<string, unknown>): string {
  const pw = reqString(body, 'password');
  if (pw.length < MIN_PASSWORD)
    throw new InvalidArgumentError(`The password must have at least ${MIN_PASSWORD} characters.`);
  return pw;
}

const profileDto = (u: EngineUser) => ({
  id: u.id,
  firstName: u.firstName,
  lastName: u.lastName,
  email: u.email,
});

const profileOf = (body: Record<string, unknown>) => () => ({
  firstName: checkLength(optString(body, 'firstName'), 'firstName', 255),
  lastName: checkLength(optString(body, 'lastName'), 'lastName', 255),
  email: checkLength(optString(body, 'email'), 'email', 255),
});

/** `/user`: Camunda's identity service over eng_user — query, create, profile, credentials, delete. */
export function userRoutes({ router, core }: RouteDeps): void {
  router.get('/user', async (ctx) => {
    sendJson(ctx, (await listUsers(engineOf(core, ctx), queryParams(ctx), pageParams(ctx))).map(profileDto));
  });
  router.get('/user/count', async (ctx) => {
    sendJson(ctx, { count: await countUsers(engineOf(core, ctx), queryParams(ctx)) });
  });
  router.post('/user/create', async (ctx) => {
    const body = await readJson(ctx);
    const profile = (body.profile ?? {}) as Record<string, unknown>;
    const credentials = (body.credentials ?? {}) as Record<string, unknown>;
    const id = validId(reqString(profile, 'id'), 'user');
    const passwordHash = await hashPassword(password(credentials));
    await createUser(engineOf(core, ctx), { id, passwordHash, profile: profileOf(profile) });
    noContent(ctx);
  });
  router.get('/user/:id/profile', async (ctx) => {
    sendJson(ctx, profileDto(await getUser(engineOf(core, ctx), ctx.params.id!)));
  });
  router.put('/user/:id/profile', async (ctx) => {
    await updateUserProfile(engineOf(core, ctx), ctx.params.id!, profileOf(await readJson(ctx)));
    noContent(ctx);
  });
  router.put('/user/:id/credentials', async (ctx) => {
    const body = await readJson(ctx);
    // As Operaton: an authenticated caller confirms the change with its own password.
    const callerDigest = (ctx.state.passwordDigest as (() => Buffer) | undefined)?.();
    if (callerDigest) {
      const given = optString(body, 'authenticatedUserPassword') ?? '';
      const givenDigest = createHash('sha256').update(given, 'utf8').digest();
      if (!timingSafeEqual(givenDigest, callerDigest))
        throw new InvalidArgumentError('The given authenticated user password is not valid.');
    }
    await setUserPassword(engineOf(core, ctx), ctx.params.id!, await hashPassword(password(body)));
    noContent(ctx);
  });
  router.delete('/user/:id', async (ctx) => {
    await deleteUser(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
}
