import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import type { UnitRow } from '../../admin/units.service.js';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';

/** `/quan-tri/don-vi`: the units in their tree. */
export function unitsPage(ctx: PageContext, units: UnitRow[]): SafeHtml {
  return adminLayout(ctx, {
    title: 'Đơn vị',
    current: `${ADMIN_PREFIX}/don-vi`,
    body: html`<h1>Đơn vị</h1>
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
                  <td data-label="Mã" class="nowrap"><code>${u.code}</code></td>
                  <td data-label="Tên đơn vị" class="unit-depth-${Math.min(u.depth, 4)}">${u.nameVi}</td>
                  <td data-label="Đơn vị cấp trên">${u.parentNameVi ?? '—'}</td>
                  <td data-label="Tài khoản">${u.accounts}</td>
                  <td data-label="Trạng thái">${u.active ? 'Đang hoạt động' : 'Ngừng hoạt động'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
  });
}
