import { GROUP_KINDS, type PortalGroup, type PortalUser, type Unit } from '@motcua/db/portal';
import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import { KIND_VI, type GroupRow, type GroupView } from '../../admin/group-admin.service.js';
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

const SECTION = `${ADMIN_PREFIX}/nhom`;

export interface GroupFormValues {
  id?: string;
  nameVi: string;
  kind: string;
  unitCode: string | null;
  active?: boolean;
}

const kindOptions = () => GROUP_KINDS.map((k): [string, string] => [k, KIND_VI[k]]);

function groupFields(v: GroupFormValues, units: Unit[], p: FormProblems | undefined): SafeHtml {
  return html`<label for="nameVi">Tên nhóm</label>
    <input
      id="nameVi"
      name="nameVi"
      maxlength="200"
      required
      value="${v.nameVi}"
      ${describedBy(p, 'nameVi', 'nameVi')}
    />
    ${fieldError(p, 'nameVi', 'nameVi')}
    <label for="kind">Loại nhóm</label>
    <select id="kind" name="kind">
      ${options(kindOptions(), v.kind)}
    </select>
    <label for="unitCode">Đơn vị</label>
    <select id="unitCode" name="unitCode">
      <option value="">— Dùng chung cho mọi đơn vị —</option>
      ${options(
        units
          .filter((u) => u.active || u.code === v.unitCode)
          .map((u): [string, string] => [u.code, u.nameVi]),
        v.unitCode,
      )}
    </select>`;
}

/** `/quan-tri/nhom`: the candidate groups, and a form for a new one. */
export function groupListPage(
  ctx: PageContext,
  rows: GroupRow[],
  units: Unit[],
  form: GroupFormValues,
  flash: string | null,
  p?: FormProblems,
): SafeHtml {
  return adminLayout(ctx, {
    title: 'Nhóm',
    current: SECTION,
    body: html`<h1>Nhóm xử lý</h1>
      ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
      <p>
        Nhóm là bộ phận một cửa, phòng chuyên môn hoặc lãnh đạo được giao các bước của quy trình (mã nhóm là
        tên nhóm trong mô hình quy trình). Quyền của một người dùng là hợp các bước của mọi nhóm họ thuộc về.
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Danh sách nhóm">
        <table class="table table-stack">
          <caption class="sr-only">
            Các nhóm xử lý
          </caption>
          <thead>
            <tr>
              <th scope="col">Mã nhóm</th>
              <th scope="col">Tên nhóm</th>
              <th scope="col">Loại</th>
              <th scope="col">Thành viên</th>
              <th scope="col">Số bước xử lý</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (g) =>
                html`<tr data-group="${g.id}">
                  <td data-label="Mã nhóm">
                    ${g.unregistered ? html`<code>${g.id}</code>` : html`<a href="${SECTION}/${g.id}"><code>${g.id}</code></a>`}
                  </td>
                  <td data-label="Tên nhóm">${g.unregistered ? html`<em>Chưa đăng ký</em>` : g.nameVi}</td>
                  <td data-label="Loại">${g.unregistered ? '—' : KIND_VI[g.kind]}</td>
                  <td data-label="Thành viên">${g.members}</td>
                  <td data-label="Số bước xử lý">${g.steps}</td>
                  <td data-label="Trạng thái">
                    ${g.unregistered ? 'Có trong quy trình, chưa đăng ký' : g.active ? 'Đang hoạt động' : 'Ngừng hoạt động'}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <section class="panel" aria-labelledby="nhom-moi">
        <h2 id="nhom-moi">Thêm nhóm</h2>
        ${errorSummary(p)}
        <form method="post" action="${SECTION}" class="stack">
          ${hiddenCsrf(ctx.csrfToken)}
          <label for="id">Mã nhóm (chữ thường không dấu, chữ số, gạch ngang)</label>
          <input
            id="id"
            name="id"
            maxlength="100"
            required
            value="${form.id ?? ''}"
            ${describedBy(p, 'id', 'id')}
          />
          ${fieldError(p, 'id', 'id')} ${groupFields(form, units, p)}
          <div class="form-actions"><button type="submit" class="button">Thêm nhóm</button></div>
        </form>
      </section>`,
  });
}

/** `/quan-tri/nhom/:id`: one group — edit, members, the steps it works in. */
export function groupPage(
  ctx: PageContext,
  view: GroupView,
  units: Unit[],
  form: GroupFormValues,
  flash: string | null,
  p?: FormProblems,
): SafeHtml {
  const g: PortalGroup = view.group;
  return adminLayout(ctx, {
    title: `Nhóm ${g.nameVi}`,
    current: SECTION,
    body: html`<p class="breadcrumb"><a href="${SECTION}">← Nhóm xử lý</a></p>
      <h1>${g.nameVi} <code>${g.id}</code></h1>
      ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
      <section class="panel" aria-labelledby="sua-nhom">
        <h2 id="sua-nhom">Thông tin nhóm</h2>
        ${errorSummary(p)}
        <form method="post" action="${SECTION}/${g.id}" class="stack">
          ${hiddenCsrf(ctx.csrfToken)} ${groupFields(form, units, p)}
          <label class="check">
            <input type="checkbox" name="active" value="true" ${form.active ? html`checked` : ''} />
            Đang hoạt động (bỏ chọn để ngừng: không thêm được thành viên mới)
          </label>
          <div class="form-actions"><button type="submit" class="button">Lưu thay đổi</button></div>
        </form>
      </section>
      <section class="panel" aria-labelledby="thanh-vien">
        <h2 id="thanh-vien">Thành viên (${view.members.length})</h2>
        ${
          view.members.length === 0
            ? html`<p class="muted">Chưa có thành viên. Thêm nhóm cho người dùng ở trang Người dùng.</p>`
            : html`<ul>
                ${view.members.map(
                  (u: PortalUser) =>
                    html`<li>
                      <a href="${ADMIN_PREFIX}/nguoi-dung/${u.id}">${u.displayName}</a> (${u.username},
                      ${ROLE_VI[u.role] ?? u.role}${!u.active && ', đã khóa'})
                    </li>`,
                )}
              </ul>`
        }
      </section>
      <section class="panel" aria-labelledby="buoc-xu-ly">
        <h2 id="buoc-xu-ly">Các bước nhóm xử lý</h2>
        ${
          view.steps.length === 0
            ? html`<p class="muted">Chưa có quy trình nào giao bước cho nhóm này.</p>`
            : html`<ul>
                ${view.steps.map((s) => html`<li>${s.procedureName}: <strong>${s.taskName}</strong></li>`)}
              </ul>`
        }
      </section>`,
  });
}
