import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import {
  ACTION_VI,
  AUDIT_EXPORT_MAX,
  AUDIT_PAGE_SIZE,
  type AuditRow,
} from '../../admin/audit-log.service.js';
import { formatDateTimeVi } from '../format.js';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';
import { options } from './form-parts.js';

const SECTION = `${ADMIN_PREFIX}/nhat-ky`;

/** The form's values as typed (dates dd/mm/yyyy). */
export interface AuditForm {
  nguoi?: string;
  'ho-so'?: string;
  'hanh-dong'?: string;
  'tu-ngay'?: string;
  'den-ngay'?: string;
}

function query(f: AuditForm, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** `/quan-tri/nhat-ky`: the audit log, searched, paged, exported. */
export function auditPage(
  ctx: PageContext,
  f: AuditForm,
  result: { rows: AuditRow[]; total: number },
  actions: string[],
  page: number,
  problems: string[],
): SafeHtml {
  const pages = Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE));
  return adminLayout(ctx, {
    title: 'Nhật ký',
    current: SECTION,
    body: html`<h1>Nhật ký hệ thống</h1>
      <p>Mọi quyết định và thay đổi được ghi lại, không sửa, không xóa. Mới nhất ở đầu danh sách.</p>
      ${
        problems.length > 0 &&
        html`<div class="form-errors" role="alert">
          <ul>
            ${problems.map((p) => html`<li>${p}</li>`)}
          </ul>
        </div>`
      }
      <form method="get" action="${SECTION}" class="filters" role="search" aria-label="Tìm trong nhật ký">
        <div class="filter">
          <label for="f-nguoi">Người thực hiện (tên đăng nhập hoặc họ tên)</label>
          <input id="f-nguoi" name="nguoi" maxlength="100" value="${f.nguoi ?? ''}" />
        </div>
        <div class="filter">
          <label for="f-ho-so">Mã hồ sơ</label>
          <input id="f-ho-so" name="ho-so" maxlength="64" value="${f['ho-so'] ?? ''}" />
        </div>
        <div class="filter">
          <label for="f-hanh-dong">Hành động</label>
          <select id="f-hanh-dong" name="hanh-dong">
            <option value="">Tất cả</option>
            ${options(
              actions.map((a): [string, string] => [a, ACTION_VI[a] ? `${ACTION_VI[a]} (${a})` : a]),
              f['hanh-dong'],
            )}
          </select>
        </div>
        <div class="filter">
          <label for="f-tu-ngay">Từ ngày (dd/mm/yyyy)</label>
          <input
            id="f-tu-ngay"
            name="tu-ngay"
            maxlength="10"
            inputmode="numeric"
            placeholder="dd/mm/yyyy"
            value="${f['tu-ngay'] ?? ''}"
          />
        </div>
        <div class="filter">
          <label for="f-den-ngay">Đến ngày (dd/mm/yyyy)</label>
          <input
            id="f-den-ngay"
            name="den-ngay"
            maxlength="10"
            inputmode="numeric"
            placeholder="dd/mm/yyyy"
            value="${f['den-ngay'] ?? ''}"
          />
        </div>
        <div class="filter filter-actions">
          <button type="submit" class="button">Tìm</button>
          <a href="${SECTION}">Xóa bộ lọc</a>
        </div>
      </form>
      <p>
        Tìm thấy <strong>${result.total}</strong> mục. Xuất kết quả:
        <a href="${SECTION}/xuat.xlsx${query(f)}">Excel</a> ·
        <a href="${SECTION}/xuat.csv${query(f)}">CSV</a>
        <span class="muted small">(tối đa ${AUDIT_EXPORT_MAX.toLocaleString('vi-VN')} mục mới nhất)</span>
      </p>
      ${
        result.rows.length > 0 &&
        html`<div class="table-scroll" tabindex="0" role="region" aria-label="Các mục nhật ký">
          <table class="table table-stack">
            <caption class="sr-only">
              Nhật ký hệ thống
            </caption>
            <thead>
              <tr>
                <th scope="col">Thời điểm</th>
                <th scope="col">Người thực hiện</th>
                <th scope="col">Hành động</th>
                <th scope="col">Đối tượng</th>
                <th scope="col">Chi tiết</th>
              </tr>
            </thead>
            <tbody>
              ${result.rows.map(
                (r) =>
                  html`<tr data-audit-id="${r.id}">
                    <td data-label="Thời điểm" class="nowrap">${formatDateTimeVi(r.at)}</td>
                    <td data-label="Người thực hiện">${r.actorVi}</td>
                    <td data-label="Hành động">${r.actionVi}</td>
                    <td data-label="Đối tượng" class="incident-message">
                      ${r.dossierCode ? html`Hồ sơ ${r.dossierCode}` : (r.target ?? '—')}
                    </td>
                    <td data-label="Chi tiết" class="incident-message small">
                      ${r.detail ? JSON.stringify(r.detail) : ''}${r.ip && html` <span class="muted">(IP ${r.ip})</span>`}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`
      }
      ${
        pages > 1 &&
        html`<nav class="pager" aria-label="Phân trang nhật ký">
          ${page > 1 && html`<a href="${SECTION}${query(f, { trang: String(page - 1) })}">← Trang trước</a>`}
          <span>Trang ${page} / ${pages}</span>
          ${page < pages && html`<a href="${SECTION}${query(f, { trang: String(page + 1) })}">Trang sau →</a>`}
        </nav>`
      }`,
  });
}
