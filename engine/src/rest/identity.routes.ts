import { InvalidArgumentError } from '../runtime/errors.js';
import { identityGroups, verifyUser } from '../services/group.service.js';
import { optString, queryString, readJson, reqString, sendJson } from './http.js';
import { engineOf, type RouteDeps } from './rest-context.js';
import { MIN_PASSWORD } from './user.routes.js';

const passwordPolicy = () => ({
  rules: [{ placeholder: 'PASSWORD_POLICY_LENGTH', parameter: { minLength: String(MIN_PASSWORD) } }],
});

/** `/identity`: verifying a password, a user's groups, the password policy. */
export function identityRoutes({ router, core }: RouteDeps): void {
  router.post('/identity/verify', async (ctx) => {
    const body = await readJson(ctx);
    const username = reqString(body, 'username');
    const pw = reqString(body, 'password');
    const principal = await verifyUser(engineOf(core, ctx), username, pw);
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
    if (userId === undefined) throw new InvalidArgumentError('No user id was supplied');
    const { groups, groupUsers } = await identityGroups(engineOf(core, ctx), userId);
    sendJson(ctx, {
      groups,
      groupUsers: groupUsers.map((u) => ({
        id: u.id,
        firstName: u.firstName,
        lastName: u.lastName,
        displayName: [u.firstName, u.lastName].filter(Boolean).join(' ') || u.id,
      })),
    });
  });
  router.get('/identity/password-policy', (ctx) => sendJson(ctx, passwordPolicy()));
  router.post('/identity/password-policy', async (ctx) => {
    const password = optString(await readJson(ctx), 'password') ?? '';
    const valid = password.length >= MIN_PASSWORD;
    sendJson(ctx, { valid, rules: passwordPolicy().rules.map((r) => ({ ...r, valid })) });
  });
}
