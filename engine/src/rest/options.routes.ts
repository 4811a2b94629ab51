import type { Context } from 'koa';
import type { Principal } from '../identity/identity.service.js';
import { RESOURCES } from '../identity/authorization.service.js';
import { isAllowed } from '../services/authorization-admin.service.js';
import { sendJson } from './http.js';
import { baseUrlOf, type RouteDeps } from './rest-context.js';

interface LinkRule {
  method: string;
  /** Relative to the resource path given to `links()`. */
  href: string;
  rel: string;
  resource: number;
  permission: string;
  /** Whether the permission is checked on the resource id (`{id}` in the path) or on all. */
  onId?: boolean;
}

const collection = (resource: number, base: string, create = '/create'): LinkRule[] => [
  { method: 'GET', href: base, rel: 'list', resource, permission: 'READ' },
  { method: 'GET', href: `${base}/count`, rel: 'count', resource, permission: 'READ' },
  { method: 'POST', href: `${base}${create}`, rel: 'create', resource, permission: 'CREATE' },
];
const item = (resource: number, self: string, update: string, updateMethod = 'PUT'): LinkRule[] => [
  { method: 'GET', href: self, rel: 'self', resource, permission: 'READ', onId: true },
  { method: 'DELETE', href: '', rel: 'delete', resource, permission: 'DELETE', onId: true },
  { method: updateMethod, href: update, rel: 'update', resource, permission: 'UPDATE', onId: true },
];

/**
 * `OPTIONS` on the identity, authorization and filter resources (Camunda's ResourceOptionsDto):
 * the links the caller may follow. With authentication on, only the permitted ones; admin web
 * apps use them to decide which buttons to show.
 */
export function optionsRoutes({ router, core }: RouteDeps): void {
  const answer =
    (path: (ctx: Context) => string, rules: LinkRule[], id?: (ctx: Context) => string) =>
    async (ctx: Context) => {
      const who = ctx.state.principal as Principal | undefined;
      const base = `${baseUrlOf(ctx)}${path(ctx)}`;
      const links = [];
      for (const r of rules) {
        const allowed =
          !who ||
          (await isAllowed(core, who, {
            resource: r.resource,
            permission: r.permission,
            resourceId: r.onId && id ? id(ctx) : '*',
          }));
        if (allowed) links.push({ method: r.method, href: `${base}${r.href}`, rel: r.rel });
      }
      sendJson(ctx, { links });
    };
  const idOf = (ctx: Context) => ctx.params.id!;
  const enc = encodeURIComponent;
  router.options(
    '/user',
    answer(() => '/user', collection(RESOURCES.USER, '')),
  );
  router.options(
    '/user/:id',
    answer((ctx) => `/user/${enc(idOf(ctx))}`, item(RESOURCES.USER, '/profile', '/profile'), idOf),
  );
  router.options(
    '/group',
    answer(() => '/group', collection(RESOURCES.GROUP, '')),
  );
  router.options(
    '/group/:id',
    answer((ctx) => `/group/${enc(idOf(ctx))}`, item(RESOURCES.GROUP, '', ''), idOf),
  );
  router.options(
    '/group/:id/members',
    answer(
      (ctx) => `/group/${enc(idOf(ctx))}/members`,
      [
        {
          method: 'DELETE',
          href: '',
          rel: 'delete',
          resource: RESOURCES.GROUP_MEMBERSHIP,
          permission: 'DELETE',
        },
        {
          method: 'PUT',
          href: '',
          rel: 'create',
          resource: RESOURCES.GROUP_MEMBERSHIP,
          permission: 'CREATE',
        },
      ],
    ),
  );
  router.options(
    '/authorization',
    answer(() => '/authorization', collection(RESOURCES.AUTHORIZATION, '')),
  );
  router.options(
    '/authorization/:id',
    answer((ctx) => `/authorization/${enc(idOf(ctx))}`, item(RESOURCES.AUTHORIZATION, '', ''), idOf),
  );
  router.options(
    '/tenant',
    answer(() => '/tenant', collection(RESOURCES.TENANT, '')),
  );
  router.options(
    '/tenant/:id',
    answer((ctx) => `/tenant/${enc(idOf(ctx))}`, item(RESOURCES.TENANT, '', ''), idOf),
  );
  for (const members of ['user-members', 'group-members'])
    router.options(
      `/tenant/:id/${members}`,
      answer(
        (ctx) => `/tenant/${enc(idOf(ctx))}/${members}`,
        [
          {
            method: 'DELETE',
            href: '',
            rel: 'delete',
            resource: RESOURCES.TENANT_MEMBERSHIP,
            permission: 'DELETE',
          },
          {
            method: 'PUT',
            href: '',
            rel: 'create',
            resource: RESOURCES.TENANT_MEMBERSHIP,
            permission: 'CREATE',
          },
        ],
      ),
    );
  router.options(
    '/filter',
    answer(() => '/filter', collection(RESOURCES.FILTER, '')),
  );
  // As Operaton lists them: self, each query link once per method (GET and POST), delete, update.
  const [self, del, update] = item(RESOURCES.FILTER, '', '');
  const filterQuery = (rel: string): LinkRule[] =>
    ['GET', 'POST'].map((method) => ({
      method,
      href: `/${rel}`,
      rel,
      resource: RESOURCES.FILTER,
      permission: 'READ',
      onId: true,
    }));
  router.options(
    '/filter/:id',
    answer(
      (ctx) => `/filter/${enc(idOf(ctx))}`,
      [self!, ...filterQuery('singleResult'), ...filterQuery('list'), ...filterQuery('count'), del!, update!],
      idOf,
    ),
  );
}
