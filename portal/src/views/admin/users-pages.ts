import { PORTAL_ROLES, type PortalGroup, type PortalUser, type Unit } from '@motcua/db/portal';
import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import type { GroupStep } from '../../admin/group-usage.js';
import { PAGE_SIZE } from '../../admin/user-admin.service.js';
import { ROLE_VI, type PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';
import {
  describedBy,
  errorSummary,
  fieldError,
  hiddenCsrf,
  options,
  type FormProblems,
} from './form-parts.js';

const SECTION = `${ADMIN_PREFIX}/nguoi-dung`;

export interface UserListQuery {
  text?: string;
  role?: string;
  unitCode?: string;
  groupId?: string;
  page: number;
}

export interface UserFormRegisters {
  units: Unit[];
  groups: PortalGroup[];
}

/** What the form shows: the values typed (after an error) or the account's. */
export interface UserFormValues {
  username?: string;
  displayName: string;
  role: string;
  unitCode: string | null;
  groups: string[];
}

function listHref(q: UserListQuery, page: number): string {
  const p = new URLSearchParams();
  if (q.text) p.set('q', q.text);
  if (q.role) p.set('vai-tro', q.role);
  if (q.unitCode) p.set('don-vi', q.unitCode);
  if (q.groupId) p.set('nhom', q.groupId);
  if (page > 1) p.set('trang', String(page));
  const s = p.toString();
  return `${SECTION}${s ? `?${s}` : ''}`;
}

const roleOptions = () => PORTAL_ROLES.map((r): [string, string] => [r, ROLE_VI[r] ?? r]);
const unitOptions = (units: Unit[]) =>
  units.map((u): [string, string] => [u.code, `${u.nameVi} (${u.code})`]);

/** `/quan-tri/nguoi-dung`: accounts, searchable, paged. */
export function userListPage(
  ctx: PageContext,
  q: UserListQuery,
  result: { rows: PortalUser[]; total: number },
  registers: UserFormRegisters,
  flash: string | null,
): SafeHtml {
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const unitName = new Map(registers.units.map((u) => [u.code, u.nameVi]));
  return adminLayout(ctx, {
    title: 'Người dùng',
    current: SECTION,
    body: html`<h1>Người dùng</h1>
      ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
      <p><a class="button" href="${SECTION}/moi">Tạo tài khoản</a></p>
      <form method="get" action="${SECTION}" class="filters" role="search" aria-label="Tìm tài khoản">
        <div class="filter">
          <label for="f-q">Tên đăng nhập hoặc họ tên</label>
          <input id="f-q" name="q" maxlength="100" value="${q.text ?? ''}" />
        </div>
        <div class="filter">
          <label for="f-vai-tro">Vai trò</label>
          <select id="f-vai-tro" name="vai-tro">
            <option value="">Tất cả</option>
            ${options(roleOptions(), q.role)}
          </select>
        </div>
        <div class="filter">
          <label for="f-don-vi">Đơn vị</label>
          <select id="f-don-vi" name="don-vi">
            <option value="">Tất cả</option>
            ${options(unitOptions(registers.units), q.unitCode)}
          </select>
        </div>
        <div class="filter">
          <label for="f-nhom">Nhóm</label>
          <select id="f-nhom" name="nhom">
            <option value="">Tất cả</option>
            ${options(
              registers.groups.map((g): [string, string] => [g.id, g.nameVi]),
              q.groupId,
            )}
          </select>
        </div>
        <div class="filter filter-actions">
          <button type="submit" class="button">Tìm</button>
          <a href="${SECTION}">Xóa bộ lọc</a>
        </div>
      </form>
      <p>Tìm thấy <strong>${result.total}</strong> tài khoản.</p>
      ${
        result.rows.length > 0 &&
        html`<div class="table-scroll" tabindex="0" role="region" aria-label="Danh sách tài khoản">
          <table class="table table-stack">
            <caption class="sr-only">
              Tài khoản
            </caption>
            <thead>
              <tr>
                <th scope="col">Tên đăng nhập</th>
                <th scope="col">Họ và tên</th>
                <th scope="col">Vai trò</th>
                <th scope="col">Đơn vị</th>
                <th scope="col">Nhóm</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              ${result.rows.map(
                (u) =>
                  html`<tr data-username="${u.username}">
                    <td data-label="Tên đăng nhập"><a href="${SECTION}/${u.id}">${u.username}</a></td>
                    <td data-label="Họ và tên">${u.displayName}</td>
                    <td data-label="Vai trò">${ROLE_VI[u.role] ?? u.role}</td>
                    <td data-label="Đơn vị">
                      ${u.unitCode ? (unitName.get(u.unitCode) ?? u.unitCode) : '—'}
                    </td>
                    <td data-label="Nhóm">${u.groups.length ? u.groups.join(', ') : '—'}</td>
                    <td data-label="Trạng thái">
                      ${u.active ? 'Đang hoạt động' : html`<strong>Đã khóa</strong>`}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`
      }
      ${
        pages > 1 &&
        html`<nav class="pager" aria-label="Phân trang tài khoản">
          ${q.page > 1 && html`<a href="${listHref(q, q.page - 1)}">← Trang trước</a>`}
          <span>Trang ${q.page} / ${pages}</span>
          ${q.page < pages && html`<a href="${listHref(q, q.page + 1)}">Trang sau →</a>`}
        </nav>`
      }`,
  });
}

/** The fields shared by the create and edit forms. */
function accountFields(v: UserFormValues, r: UserFormRegisters, p: FormProblems | undefined): SafeHtml {
  const activeGroups = r.groups.filter((g) => g.active || v.groups.includes(g.id));
  return html`<label for="displayName">Họ và tên</label>
    <input
      id="displayName"
      name="displayName"
      maxlength="200"
      required
      value="${v.displayName}"
      ${describedBy(p, 'displayName', 'displayName')}
    />
    ${fieldError(p, 'displayName', 'displayName')}
    <label for="role">Vai trò</label>
    <select id="role" name="role" ${describedBy(p, 'role', 'role')}>
      ${options(roleOptions(), v.role)}
    </select>
    ${fieldError(p, 'role', 'role')}
    <label for="unitCode">Đơn vị</label>
    <select id="unitCode" name="unitCode" ${describedBy(p, 'unitCode', 'unitCode')}>
      <option value="">— Không thuộc đơn vị nào —</option>
      ${options(unitOptions(r.units.filter((u) => u.active || u.code === v.unitCode)), v.unitCode)}
    </select>
    ${fieldError(p, 'unitCode', 'unitCode')}
    <fieldset class="group-choices" ${describedBy(p, 'groups', 'groups')}>
      <legend>Nhóm xử lý (quyền truy cập là hợp của các nhóm)</legend>
      ${activeGroups.map(
        (g) =>
          html`<label class="check">
            <input
              type="checkbox"
              name="groups"
              value="${g.id}"
              ${v.groups.includes(g.id) ? html`checked` : ''}
            />
            ${g.nameVi} <code>${g.id}</code>
          </label>`,
      )}
    </fieldset>
    ${fieldError(p, 'groups', 'groups')}`;
}

/** `/quan-tri/nguoi-dung/moi`: a new account. */
export function newUserPage(
  ctx: PageContext,
  v: UserFormValues,
  r: UserFormRegisters,
  p?: FormProblems,
): SafeHtml {
  return adminLayout(ctx, {
    title: 'Tạo tài khoản',
    current: SECTION,
    body: html`<p class="breadcrumb"><a href="${SECTION}">← Người dùng</a></p>
      <h1>Tạo tài khoản</h1>
      <section class="panel">
        ${errorSummary(p)}
        <form method="post" action="${SECTION}/moi" class="stack">
          ${hiddenCsrf(ctx.csrfToken)}
          <label for="username">Tên đăng nhập</label>
          <input
            id="username"
            name="username"
            maxlength="100"
            required
            autocomplete="off"
            value="${v.username ?? ''}"
            ${describedBy(p, 'username', 'username')}
          />
          ${fieldError(p, 'username', 'username')} ${accountFields(v, r, p)}
          <label for="password">Mật khẩu ban đầu (ít nhất 12 ký tự)</label>
          <input
            id="password"
            name="password"
            type="password"
            minlength="12"
            maxlength="200"
            required
            autocomplete="new-password"
            ${describedBy(p, 'password', 'password')}
          />
          ${fieldError(p, 'password', 'password')}
          <div class="form-actions"><button type="submit" class="button">Tạo tài khoản</button></div>
        </form>
      </section>`,
  });
}

/** `/quan-tri/nguoi-dung/:id`: change an account, disable or enable it, and what it may do. */
export function editUserPage(
  ctx: PageContext,
  user: PortalUser,
  v: UserFormValues,
  r: UserFormRegisters,
  access: GroupStep[],
  flash: string | null,
  p?: FormProblems,
): SafeHtml {
  return adminLayout(ctx, {
    title: `Tài khoản ${user.username}`,
    current: SECTION,
    body: html`<p class="breadcrumb"><a href="${SECTION}">← Người dùng</a></p>
      <h1>Tài khoản <code>${user.username}</code></h1>
      ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
      <section class="panel" aria-labelledby="thong-tin-tai-khoan">
        <h2 id="thong-tin-tai-khoan">Thông tin và phân quyền</h2>
        ${errorSummary(p)}
        <form method="post" action="${SECTION}/${user.id}" class="stack">
          ${hiddenCsrf(ctx.csrfToken)} ${accountFields(v, r, p)}
          <div class="form-actions"><button type="submit" class="button">Lưu thay đổi</button></div>
        </form>
      </section>
      <section class="panel" aria-labelledby="trang-thai">
        <h2 id="trang-thai">Trạng thái</h2>
        <p>
          ${
            user.active
              ? 'Tài khoản đang hoạt động.'
              : 'Tài khoản đã bị khóa: không đăng nhập được và mọi phiên đang mở bị đăng xuất.'
          }
        </p>
        <form method="post" action="${SECTION}/${user.id}/trang-thai">
          ${hiddenCsrf(ctx.csrfToken)}
          <input type="hidden" name="active" value="${user.active ? 'false' : 'true'}" />
          <button type="submit" class="button ${user.active ? 'button-secondary' : ''}">
            ${user.active ? 'Khóa tài khoản' : 'Mở khóa tài khoản'}
          </button>
        </form>
      </section>
      <section class="panel" aria-labelledby="quyen-truy-cap">
        <h2 id="quyen-truy-cap">Các bước được xử lý (theo nhóm)</h2>
        ${
          access.length === 0
            ? html`<p class="muted">Các nhóm của tài khoản không xử lý bước nào trong các thủ tục.</p>`
            : html`<ul class="access-list">
                ${access.map(
                  (s) =>
                    html`<li data-step="${s.procedureKey}#${s.taskId}">
                      ${s.procedureName}: <strong>${s.taskName}</strong>
                    </li>`,
                )}
              </ul>`
        }
      </section>`,
  });
}
