import { DOSSIER_STATUSES } from '@motcua/domain';
import { html, type SafeHtml } from '../http/html.js';
import type { OfficerListPage, OfficerListQuery } from '../officer/officer-dossier-list.service.js';
import { dueCell } from './due-cell.js';
import { formatDateVi } from './format.js';
import { layout, type PageContext } from './layout.js';
import { statusBadge } from './status-badge.js';

const DUE_FILTERS: Array<{ value: string; label: string }> = [
  { value: '', label: 'Tất cả' },
  { value: 'sap-den-han', label: 'Sắp đến hạn' },
  { value: 'qua-han', label: 'Quá hạn' },
];

/** The query string of the list with one page number (filters kept). */
function pageHref(q: OfficerListQuery, page: number): string {
  const p = new URLSearchParams();
  if (q.code) p.set('ma', q.code);
  if (q.applicant) p.set('nguoi-nop', q.applicant);
  if (q.procedure) p.set('thu-tuc', q.procedure);
  if (q.statusCode !== undefined) p.set('trang-thai', String(q.statusCode));
  if (q.due) p.set('han', q.due === 'near' ? 'sap-den-han' : 'qua-han');
  if (page > 1) p.set('trang', String(page));
  const s = p.toString();
  return `/can-bo/ho-so${s ? `?${s}` : ''}`;
}

function searchForm(q: OfficerListQuery, page: OfficerListPage): SafeHtml {
  const due = q.due === 'near' ? 'sap-den-han' : q.due === 'overdue' ? 'qua-han' : '';
  return html`<form method="get" action="/can-bo/ho-so" class="filters" role="search" aria-label="Tìm hồ sơ">
    <div class="filter">
      <label for="f-ma">Mã hồ sơ</label>
      <input id="f-ma" name="ma" maxlength="64" value="${q.code ?? ''}" />
    </div>
    <div class="filter">
      <label for="f-nguoi-nop">Người nộp</label>
      <input id="f-nguoi-nop" name="nguoi-nop" maxlength="100" value="${q.applicant ?? ''}" />
    </div>
    <div class="filter">
      <label for="f-thu-tuc">Thủ tục (tên hoặc mã)</label>
      <input
        id="f-thu-tuc"
        name="thu-tuc"
        maxlength="100"
        list="f-thu-tuc-list"
        value="${q.procedure ?? ''}"
      />
      <datalist id="f-thu-tuc-list">
        ${page.procedures.map((e) => html`<option value="${e.code}">${e.nameVi}</option>`)}
      </datalist>
    </div>
    <div class="filter">
      <label for="f-trang-thai">Trạng thái</label>
      <select id="f-trang-thai" name="trang-thai">
        <option value="">Tất cả</option>
        ${Object.entries(DOSSIER_STATUSES).map(
          ([code, s]) =>
            html`<option value="${code}" ${q.statusCode === Number(code) ? html`selected` : ''}>
              ${s.vi}
            </option>`,
        )}
      </select>
    </div>
    <div class="filter">
      <label for="f-han">Hạn xử lý</label>
      <select id="f-han" name="han">
        ${DUE_FILTERS.map(
          (f) =>
            html`<option value="${f.value}" ${due === f.value ? html`selected` : ''}>${f.label}</option>`,
        )}
      </select>
    </div>
    <div class="filter filter-actions">
      <button type="submit" class="button">Tìm hồ sơ</button>
      <a href="/can-bo/ho-so">Xóa bộ lọc</a>
    </div>
  </form>`;
}

/** The dossiers of the officer's units, searchable, with their due dates and paging. */
export function officerDossierListPage(
  ctx: PageContext,
  q: OfficerListQuery,
  page: OfficerListPage,
  statusLabel: (code: number) => string,
  now: Date,
): SafeHtml {
  return layout(
    ctx,
    'Hồ sơ của đơn vị',
    html`<section class="panel">
      <h1>Hồ sơ của đơn vị <span class="en" lang="en">Dossiers of my units</span></h1>
      <p class="muted small">
        Hồ sơ các thủ tục mà nhóm của bạn có bước xử lý. Hạn xử lý, trạng thái: theo lần đọc gần nhất từ hệ
        thống xử lý (khi hồ sơ được nộp, mở hoặc xử lý trên cổng).
      </p>
      ${searchForm(q, page)}
      <p class="result-count" role="status">
        Tìm thấy ${page.total} hồ sơ${page.pages > 1 ? html` — trang ${page.page}/${page.pages}` : ''}.
      </p>
      ${
        page.rows.length === 0
          ? html`<p>Không có hồ sơ nào phù hợp.</p>`
          : html`<table class="table table-stack dossier-list">
              <thead>
                <tr>
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Người nộp</th>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Ngày nộp</th>
                  <th scope="col">Hạn xử lý</th>
                  <th scope="col">Trạng thái</th>
                </tr>
              </thead>
              <tbody>
                ${page.rows.map(
                  ({ dossier: d, procedure }) =>
                    html`<tr data-dossier-id="${d.id}">
                      <td class="nowrap" data-label="Mã hồ sơ">
                        <a href="/can-bo/ho-so/${d.id}">${d.dossierCode ?? 'Đang cấp mã'}</a>
                      </td>
                      <td data-label="Người nộp">${d.applicantName ?? '—'}</td>
                      <td data-label="Thủ tục">${procedure?.nameVi ?? d.procedureKey}</td>
                      <td class="nowrap" data-label="Ngày nộp">${formatDateVi(d.submittedAt)}</td>
                      <td class="nowrap due" data-label="Hạn xử lý">
                        ${d.statusCode !== null && [3, 7, 8, 10].includes(d.statusCode) ? html`<span class="muted">—</span>` : dueCell(d.dueDate, now)}
                      </td>
                      <td>
                        ${statusBadge(d.statusCode, d.statusCode ? statusLabel(d.statusCode) : 'Mới đăng ký', d.outcome)}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${
        page.pages > 1 &&
        html`<nav class="pager" aria-label="Phân trang">
          ${page.page > 1 && html`<a href="${pageHref(q, page.page - 1)}" rel="prev">← Trang trước</a>`}
          <span>Trang ${page.page}/${page.pages}</span>
          ${page.page < page.pages && html`<a href="${pageHref(q, page.page + 1)}" rel="next">Trang sau →</a>`}
        </nav>`
      }
    </section>`,
  );
}
