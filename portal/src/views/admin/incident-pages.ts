import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import {
  MAX_RETRIES,
  type IncidentDetail,
  type IncidentPage,
  type IncidentRow,
} from '../../admin/incidents.service.js';
import { formatDateTimeVi } from '../format.js';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';

const SECTION = `${ADMIN_PREFIX}/su-co`;

/** The dossier an incident concerns: a link to the admin's dossier view, or the business key. */
export function incidentDossier(r: IncidentRow): SafeHtml {
  if (r.dossier)
    return html`<a href="${ADMIN_PREFIX}/ho-so/${r.dossier.id}">${r.dossier.code ?? 'Hồ sơ chưa có mã'}</a>`;
  return r.businessKey
    ? html`<code>${r.businessKey}</code>`
    : html`<span class="muted">Không gắn hồ sơ</span>`;
}

/** The retry form of one incident (form post with the session's CSRF token). */
export function retryForm(ctx: PageContext, r: IncidentRow, options: { compact: boolean }): SafeHtml {
  // A notification that kept failing is sent again from its own page (which also resolves this).
  if (r.type === 'notificationFailed')
    return html`<a href="${ADMIN_PREFIX}/thong-bao-loi" class="small">Gửi lại ở trang Thông báo gửi lỗi</a>`;
  if (!r.retryable) return html`<span class="muted small">Không thử lại được</span>`;
  const field = `retries-${r.id}`;
  return html`<form method="post" action="${SECTION}/${r.id}/thu-lai" class="retry-form">
    <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
    ${
      options.compact
        ? html`<input type="hidden" name="retries" value="1" />`
        : html`<label for="${field}">Số lần thử lại</label>
            <input
              id="${field}"
              name="retries"
              type="number"
              min="1"
              max="${MAX_RETRIES}"
              value="1"
              required
            />`
    }
    <button type="submit" class="button button-small">Thử lại</button>
  </form>`;
}

function pager(p: IncidentPage): SafeHtml {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Phân trang sự cố">
    ${p.page > 1 && html`<a href="${SECTION}?trang=${p.page - 1}">← Trang trước</a>`}
    <span>Trang ${p.page} / ${pages}</span>
    ${p.page < pages && html`<a href="${SECTION}?trang=${p.page + 1}">Trang sau →</a>`}
  </nav>`;
}

/** `/quan-tri/su-co`: open incidents, oldest first, with their dossier, step and error. */
export function incidentListPage(ctx: PageContext, p: IncidentPage, flash: string | null): SafeHtml {
  return adminLayout(ctx, {
    title: 'Sự cố',
    current: SECTION,
    body: html`<h1>Sự cố</h1>
      ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
      <p>
        Các bước tự động bị lỗi sau khi đã thử lại hết số lần cho phép; hồ sơ dừng ở bước đó cho đến khi được
        thử lại. Sự cố chờ lâu nhất ở đầu danh sách. Tổng số: <strong>${p.total}</strong>.
      </p>
      ${
        p.rows.length === 0
          ? html`<p class="panel">Không có sự cố nào đang mở.</p>`
          : html`<div class="table-scroll" tabindex="0" role="region" aria-label="Danh sách sự cố">
                <table class="table table-stack">
                  <caption class="sr-only">
                    Sự cố đang mở
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Thời điểm</th>
                      <th scope="col">Hồ sơ</th>
                      <th scope="col">Thủ tục và bước</th>
                      <th scope="col">Lỗi</th>
                      <th scope="col">Thao tác</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${p.rows.map(
                      (r) =>
                        html`<tr data-incident-id="${r.id}">
                          <td data-label="Thời điểm" class="nowrap">${formatDateTimeVi(r.at)}</td>
                          <td data-label="Hồ sơ">${incidentDossier(r)}</td>
                          <td data-label="Thủ tục và bước">
                            <span
                              >${r.procedureName}<br /><strong
                                >${r.stepName ?? r.activityId ?? '—'}</strong
                              ></span
                            >
                          </td>
                          <td data-label="Lỗi" class="incident-message">${r.typeVi}: ${r.message}</td>
                          <td data-label="Thao tác">
                            <div>
                              <a href="${SECTION}/${r.id}">Chi tiết</a>
                              ${retryForm(ctx, r, { compact: true })}
                            </div>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              ${pager(p)}`
      }`,
  });
}

/** `/quan-tri/su-co/:id`: one incident with the worker's error details or the job's stack trace. */
export function incidentDetailPage(ctx: PageContext, d: IncidentDetail): SafeHtml {
  return adminLayout(ctx, {
    title: 'Chi tiết sự cố',
    current: SECTION,
    body: html`<p class="breadcrumb"><a href="${SECTION}">← Danh sách sự cố</a></p>
      <h1>Chi tiết sự cố</h1>
      <section class="panel" aria-labelledby="thong-tin">
        <h2 id="thong-tin">Thông tin</h2>
        <dl class="data-list">
          <div>
            <dt>Hồ sơ</dt>
            <dd>${incidentDossier(d)}</dd>
          </div>
          <div>
            <dt>Thủ tục</dt>
            <dd>${d.procedureName}</dd>
          </div>
          <div>
            <dt>Bước</dt>
            <dd>${d.stepName ?? '—'} ${d.activityId && html`<code>(${d.activityId})</code>`}</dd>
          </div>
          <div>
            <dt>Loại sự cố</dt>
            <dd>${d.typeVi}</dd>
          </div>
          <div>
            <dt>Thời điểm</dt>
            <dd>${formatDateTimeVi(d.at)}</dd>
          </div>
          ${
            d.topic &&
            html`<div>
              <dt>Chủ đề (topic) của worker</dt>
              <dd><code>${d.topic}</code></dd>
            </div>`
          }
          ${
            d.workerId &&
            html`<div>
              <dt>Worker xử lý lần cuối</dt>
              <dd><code>${d.workerId}</code></dd>
            </div>`
          }
          ${
            d.retries !== null &&
            html`<div>
              <dt>Số lần thử còn lại</dt>
              <dd>${d.retries}</dd>
            </div>`
          }
          <div>
            <dt>Mã quy trình đang chạy</dt>
            <dd><code>${d.processInstanceId}</code></dd>
          </div>
          <div>
            <dt>Thông báo lỗi</dt>
            <dd class="incident-message">${d.message}</dd>
          </div>
        </dl>
      </section>
      <section class="panel" aria-labelledby="chi-tiet-loi">
        <h2 id="chi-tiet-loi">Chi tiết lỗi</h2>
        ${
          d.details
            ? html`<pre class="incident-details" tabindex="0" aria-labelledby="chi-tiet-loi">
${d.details}</pre>`
            : html`<p class="muted">Worker không gửi chi tiết lỗi.</p>`
        }
      </section>
      <section class="panel" aria-labelledby="thu-lai">
        <h2 id="thu-lai">Thử lại</h2>
        <p>
          Đặt lại số lần thử: sự cố được đóng và bước được chạy lại; nếu lỗi vẫn còn, sự cố mới sẽ xuất hiện
          sau khi hết số lần thử. Thao tác được ghi vào nhật ký.
        </p>
        ${retryForm(ctx, d, { compact: false })}
      </section>`,
  });
}
