import type { IndicatorDossier } from '@motcua/db/portal';
import { html, type SafeHtml } from '../../http/html.js';
import type { IndicatorDefinition } from '../../reports/indicator-definitions.js';
import type { ReportFilter } from '../../reports/indicator-report.service.js';
import { CHANNEL_LABELS_VI, type ReportDimensions } from '../../reports/report-dimensions.js';
import { filterQuery } from '../../reports/report-filter.js';
import { dayLabelVi } from '../../reports/report-period.js';
import { formatDateVi } from '../format.js';

export const DRILL_PAGE_SIZE = 50;

/** The dossiers behind one figure, a page at a time. `dossierHref` links to a dossier when the viewer may open it. */
export function reportDossiersBody(o: {
  basePath: string;
  filter: ReportFilter;
  indicator: IndicatorDefinition;
  dims: ReportDimensions;
  total: number;
  dossiers: IndicatorDossier[];
  page: number;
  dossierHref?: (d: IndicatorDossier) => string;
}): SafeHtml {
  const pages = Math.max(1, Math.ceil(o.total / DRILL_PAGE_SIZE));
  const link = (page: number) =>
    `${o.basePath}/ho-so?${filterQuery(o.filter, { 'chi-so': o.indicator.id, trang: String(page) })}`;
  return html`<p><a href="${o.basePath}?${filterQuery(o.filter)}">← Quay lại báo cáo</a></p>
    <h1>Hồ sơ: ${o.indicator.labelVi}</h1>
    <p class="muted">Kỳ báo cáo: ${o.filter.periodLabelVi} · ${o.total.toLocaleString('vi-VN')} hồ sơ</p>
    <p class="small">${o.indicator.helpVi}</p>
    <p>
      Tải về:
      <a href="${o.basePath}/ho-so.xlsx?${filterQuery(o.filter, { 'chi-so': o.indicator.id })}"
        >Excel (.xlsx)</a
      >
      ·
      <a href="${o.basePath}/ho-so.csv?${filterQuery(o.filter, { 'chi-so': o.indicator.id })}">CSV</a>
    </p>
    <div class="table-scroll" tabindex="0" role="region" aria-label="Danh sách hồ sơ">
      <table class="table report-table">
        <caption class="sr-only">
          Các hồ sơ được tính vào chỉ số
        </caption>
        <thead>
          <tr>
            <th scope="col">Mã hồ sơ</th>
            <th scope="col">Thủ tục</th>
            <th scope="col">Kênh</th>
            <th scope="col">Ngày tiếp nhận</th>
            <th scope="col">Ngày hẹn trả</th>
            <th scope="col">Ngày giải quyết</th>
            <th scope="col">Số ngày làm việc</th>
            <th scope="col">Quá hạn</th>
            <th scope="col">Đánh giá</th>
          </tr>
        </thead>
        <tbody>
          ${
            o.dossiers.length
              ? o.dossiers.map((d) => {
                  const p = o.dims.byKey.get(d.procedureKey);
                  const code = d.dossierCode ?? d.dossierId;
                  return html`<tr>
                    <th scope="row">
                      ${o.dossierHref ? html`<a href="${o.dossierHref(d)}">${code}</a>` : code}
                    </th>
                    <td>${p ? `${p.code} — ${p.nameVi}` : d.procedureKey}</td>
                    <td>${CHANNEL_LABELS_VI[d.channel] ?? d.channel}</td>
                    <td class="nowrap">${d.receivedAt ? formatDateVi(d.receivedAt) : '—'}</td>
                    <td class="nowrap">${d.dueDate ? dayLabelVi(d.dueDate) : '—'}</td>
                    <td class="nowrap">${d.completedAt ? formatDateVi(d.completedAt) : '—'}</td>
                    <td class="num">${d.processingDays ?? '—'}</td>
                    <td>${d.late ? 'Có' : 'Không'}</td>
                    <td class="num">${d.score ?? '—'}</td>
                  </tr>`;
                })
              : html`<tr>
                  <td colspan="9">Không có hồ sơ.</td>
                </tr>`
          }
        </tbody>
      </table>
    </div>
    ${
      pages > 1
        ? html`<nav class="pager" aria-label="Phân trang">
            ${o.page > 1 ? html`<a href="${link(o.page - 1)}">← Trang trước</a>` : ''}
            <span>Trang ${o.page}/${pages}</span>
            ${o.page < pages ? html`<a href="${link(o.page + 1)}">Trang sau →</a>` : ''}
          </nav>`
        : ''
    }`;
}
