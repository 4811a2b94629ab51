import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import type { UnitRow } from '../../admin/units.service.js';
import type { Unit } from '@motcua/db/portal';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';
import {
  describedBy,
  errorSummary,
  fieldError,
  hiddenCsrf,
  options,
  type FormProblems,
} from './form-parts.js';

const SECTION = `${ADMIN_PREFIX}/don-vi`;

export interface UnitFormValues {
  code?: string;
  nameVi: string;
  parentCode: string | null;
  active?: boolean;
}

function unitFields(
  v: UnitFormValues,
  units: Array<Pick<Unit, 'code' | 'nameVi'>>,
  p: FormProblems | undefined,
) {
  return html`<label for="nameVi">Tên đơn vị</label>
    <input
      id="nameVi"
      name="nameVi"
      maxlength="300"
      required
      value="${v.nameVi}"
      ${describedBy(p, 'nameVi', 'nameVi')}
    />
    ${fieldError(p, 'nameVi', 'nameVi')}
    <label for="parentCode">Đơn vị cấp trên</label>
    <select id="parentCode" name="parentCode">
      <option value="">— Không có (cấp cao nhất) —</option>
      ${options(
        units
          .filter((u) => u.code !== v.code)
          .map((u): [string, string] => [u.code, `${u.nameVi} (${u.code})`]),
        v.parentCode,
      )}
    </select>`;
}

/** `/quan-tri/don-vi`: the units in their tree. */
export function unitsPage(
  ctx: PageContext,
  units: UnitRow[],
  form: UnitFormValues,
  flash: string | null,
  p?: FormProblems,
): SafeHtml {
  return adminLayout(ctx, {
    title: 'Đơn vị',
    current: `${ADMIN_PREFIX}/don-vi`,
    body: html`<h1>Đơn vị</h1>
      ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
      <p class="muted">
        Mã đơn vị là mã nội bộ của hệ thống (mã định danh chính thức của Bộ chưa được công bố); phần mã đơn vị
        trong mã hồ sơ dùng cùng mã này.
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Danh sách đơn vị">
        <table class="table table-stack">
          <caption class="sr-only">
            Các đơn vị theo cây tổ chức
          </caption>
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Tên đơn vị</th>
              <th scope="col">Đơn vị cấp trên</th>
              <th scope="col">Tài khoản</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            ${units.map(
              (u) =>
                html`<tr>
                  <td data-label="Mã" class="nowrap">
                    <a href="${SECTION}/${encodeURIComponent(u.code)}"><code>${u.code}</code></a>
                  </td>
                  <td data-label="Tên đơn vị" class="unit-depth-${Math.min(u.depth, 4)}">${u.nameVi}</td>
                  <td data-label="Đơn vị cấp trên">${u.parentNameVi ?? '—'}</td>
                  <td data-label="Tài khoản">${u.accounts}</td>
                  <td data-label="Trạng thái">${u.active ? 'Đang hoạt động' : 'Ngừng hoạt động'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <section class="panel" aria-labelledby="don-vi-moi">
        <h2 id="don-vi-moi">Thêm đơn vị</h2>
        ${errorSummary(p)}
        <form method="post" action="${SECTION}" class="stack">
          ${hiddenCsrf(ctx.csrfToken)}
          <label for="code">Mã đơn vị (chữ không dấu, chữ số, dấu chấm, gạch ngang)</label>
          <input
            id="code"
            name="code"
            maxlength="50"
            required
            value="${form.code ?? ''}"
            ${describedBy(p, 'code', 'code')}
          />
          ${fieldError(p, 'code', 'code')} ${unitFields(form, units, p)}
          <div class="form-actions"><button type="submit" class="button">Thêm đơn vị</button></div>
        </form>
      </section>`,
  });
}

/** `/quan-tri/don-vi/:code`: rename, move or retire a unit. */
export function unitEditPage(
  ctx: PageContext,
  unit: Unit,
  units: Unit[],
  form: UnitFormValues,
  p?: FormProblems,
): SafeHtml {
  return adminLayout(ctx, {
    title: `Đơn vị ${unit.nameVi}`,
    current: SECTION,
    body: html`<p class="breadcrumb"><a href="${SECTION}">← Đơn vị</a></p>
      <h1>${unit.nameVi} <code>${unit.code}</code></h1>
      <section class="panel">
        ${errorSummary(p)}
        <form method="post" action="${SECTION}/${encodeURIComponent(unit.code)}" class="stack">
          ${hiddenCsrf(ctx.csrfToken)} ${unitFields({ ...form, code: unit.code }, units, p)}
          <label class="check">
            <input type="checkbox" name="active" value="true" ${form.active ? html`checked` : ''} />
            Đang hoạt động (bỏ chọn khi đơn vị giải thể hoặc sáp nhập; số liệu cũ vẫn giữ)
          </label>
          <div class="form-actions"><button type="submit" class="button">Lưu thay đổi</button></div>
        </form>
      </section>`,
  });
}
