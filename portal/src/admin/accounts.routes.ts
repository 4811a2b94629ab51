import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, UserInputError } from '@motcua/domain';
import { PORTAL_ROLES, type GroupStore, type PortalRole, type UnitStore } from '@motcua/db/portal';
import { currentUser } from '../auth/auth-middleware.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { editUserPage, newUserPage, userListPage, type UserListQuery } from '../views/admin/users-pages.js';
import { groupListPage, groupPage } from '../views/admin/groups-pages.js';
import { ADMIN_PREFIX } from './admin-sections.js';
import { formBody, formProblems, list, text } from './form-input.js';
import type { GroupAdminService } from './group-admin.service.js';
import { accessOf, stepsByGroup } from './group-usage.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { UserAdminService } from './user-admin.service.js';

export interface AccountsRoutesDeps {
  users: UserAdminService;
  groups: GroupAdminService;
  unitStore: UnitStore;
  groupStore: GroupStore;
  catalogue: Catalogue;
}

const FLASH: Record<string, string> = {
  'da-tao': 'Đã tạo tài khoản.',
  'da-luu': 'Đã lưu thay đổi.',
  'da-khoa': 'Đã khóa tài khoản.',
  'da-mo': 'Đã mở khóa tài khoản.',
  'nhom-moi': 'Đã thêm nhóm.',
};
const short = (max: number) => z.string().trim().max(max).optional().catch(undefined);
const listQuery = z.object({
  q: short(100),
  'vai-tro': z
    .enum(PORTAL_ROLES as [PortalRole, ...PortalRole[]])
    .optional()
    .catch(undefined),
  'don-vi': short(50),
  nhom: short(100),
  trang: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const flashOf = (ctx: PortalContext) =>
  typeof ctx.query.xong === 'string' ? (FLASH[ctx.query.xong] ?? null) : null;
const by = (ctx: PortalContext) => ({ actor: currentUser(ctx).id, ip: ctx.ip });

/**
 * Accounts and candidate groups: list, create, change, disable. Role admin is checked for the
 * whole /quan-tri tree by adminGuard; changes carry the CSRF token (csrfMiddleware); a refused
 * change shows the form again with the values typed and Vietnamese messages.
 */
export function accountsRoutes(d: AccountsRoutesDeps) {
  const router = new Router<PortalState>({ prefix: ADMIN_PREFIX });
  const registers = async () => ({ units: await d.unitStore.list(), groups: await d.groupStore.list() });

  router.get('/nguoi-dung', async (ctx) => {
    const raw = listQuery.parse(ctx.query);
    const q: UserListQuery = {
      page: raw.trang,
      ...(raw.q ? { text: raw.q } : {}),
      ...(raw['vai-tro'] ? { role: raw['vai-tro'] } : {}),
      ...(raw['don-vi'] ? { unitCode: raw['don-vi'] } : {}),
      ...(raw.nhom ? { groupId: raw.nhom } : {}),
    };
    const result = await d.users.list({ ...q, role: raw['vai-tro'] });
    ctx.body = userListPage(pageContext(ctx), q, result, await registers(), flashOf(ctx)).toString();
  });

  router.get('/nguoi-dung/moi', async (ctx) => {
    const empty = { username: '', displayName: '', role: 'officer', unitCode: null, groups: [] };
    ctx.body = newUserPage(pageContext(ctx), empty, await registers()).toString();
  });

  router.post('/nguoi-dung/moi', async (ctx) => {
    const b = formBody(ctx);
    const input = {
      username: text(b, 'username', 100),
      displayName: text(b, 'displayName', 200),
      role: text(b, 'role', 20),
      unitCode: text(b, 'unitCode', 50) || null,
      groups: list(b, 'groups'),
      password: typeof b.password === 'string' ? b.password.slice(0, 300) : '',
    };
    try {
      const user = await d.users.create(input, by(ctx));
      ctx.redirect(`${ADMIN_PREFIX}/nguoi-dung/${user.id}?xong=da-tao`);
    } catch (err) {
      const { status, problems } = formProblems(err);
      ctx.status = status;
      ctx.body = newUserPage(pageContext(ctx), input, await registers(), problems).toString();
    }
  });

  const userPage = async (
    ctx: PortalContext,
    id: string,
    form?: Parameters<typeof editUserPage>[2],
    problems?: Parameters<typeof editUserPage>[6],
  ) => {
    const user = await d.users.get(id);
    const access = accessOf(user.groups, stepsByGroup(d.catalogue));
    return editUserPage(
      pageContext(ctx),
      user,
      form ?? user,
      await registers(),
      access,
      flashOf(ctx),
      problems,
    ).toString();
  };

  router.get('/nguoi-dung/:id', async (ctx) => {
    ctx.body = await userPage(ctx, uuidOf(ctx.params.id));
  });

  router.post('/nguoi-dung/:id', async (ctx) => {
    const id = uuidOf(ctx.params.id);
    const b = formBody(ctx);
    const input = {
      displayName: text(b, 'displayName', 200),
      role: text(b, 'role', 20),
      unitCode: text(b, 'unitCode', 50) || null,
      groups: list(b, 'groups'),
    };
    try {
      await d.users.update(id, input, by(ctx));
      ctx.redirect(`${ADMIN_PREFIX}/nguoi-dung/${id}?xong=da-luu`);
    } catch (err) {
      const { status, problems } = formProblems(err);
      ctx.status = status;
      ctx.body = await userPage(ctx, id, input, problems);
    }
  });

  router.post('/nguoi-dung/:id/trang-thai', async (ctx) => {
    const id = uuidOf(ctx.params.id);
    const active = text(formBody(ctx), 'active', 5);
    if (active !== 'true' && active !== 'false') throw new UserInputError('Trạng thái không hợp lệ.');
    await d.users.setActive(id, active === 'true', by(ctx));
    ctx.redirect(`${ADMIN_PREFIX}/nguoi-dung/${id}?xong=${active === 'true' ? 'da-mo' : 'da-khoa'}`);
  });

  const emptyGroup = { id: '', nameVi: '', kind: 'department', unitCode: null };

  router.get('/nhom', async (ctx) => {
    ctx.body = groupListPage(
      pageContext(ctx),
      await d.groups.list(),
      await d.unitStore.list(),
      emptyGroup,
      flashOf(ctx),
    ).toString();
  });

  router.post('/nhom', async (ctx) => {
    const b = formBody(ctx);
    const input = {
      id: text(b, 'id', 100),
      nameVi: text(b, 'nameVi', 200),
      kind: text(b, 'kind', 20),
      unitCode: text(b, 'unitCode', 50) || null,
    };
    try {
      await d.groups.create(input, by(ctx));
      ctx.redirect(`${ADMIN_PREFIX}/nhom?xong=nhom-moi`);
    } catch (err) {
      const { status, problems } = formProblems(err);
      ctx.status = status;
      ctx.body = groupListPage(
        pageContext(ctx),
        await d.groups.list(),
        await d.unitStore.list(),
        input,
        null,
        problems,
      ).toString();
    }
  });

  router.get('/nhom/:id', async (ctx) => {
    const view = await d.groups.view(ctx.params.id!);
    if (!view) throw new NotFoundError('Không có nhóm này.');
    ctx.body = groupPage(
      pageContext(ctx),
      view,
      await d.unitStore.list(),
      view.group,
      flashOf(ctx),
    ).toString();
  });

  router.post('/nhom/:id', async (ctx) => {
    const id = ctx.params.id!;
    const b = formBody(ctx);
    const input = {
      nameVi: text(b, 'nameVi', 200),
      kind: text(b, 'kind', 20),
      unitCode: text(b, 'unitCode', 50) || null,
      active: text(b, 'active', 5) === 'true',
    };
    try {
      await d.groups.update(id, input, by(ctx));
      ctx.redirect(`${ADMIN_PREFIX}/nhom/${encodeURIComponent(id)}?xong=da-luu`);
    } catch (err) {
      const { status, problems } = formProblems(err);
      const view = await d.groups.view(id);
      if (!view) throw new NotFoundError('Không có nhóm này.');
      ctx.status = status;
      ctx.body = groupPage(
        pageContext(ctx),
        view,
        await d.unitStore.list(),
        input,
        null,
        problems,
      ).toString();
    }
  });

  return router;
}

function uuidOf(value: string | undefined): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new NotFoundError('Không có tài khoản này.');
  return parsed.data;
}
