import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import type {
  FailedNotificationPage,
  FailedNotificationRow,
} from '../../admin/failed-notifications.service.js';
import { formatDateTimeVi } from '../format.js';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';

const SECTION = `${ADMIN_PREFIX}/thong-bao-loi`;

function dossierCell(r: FailedNotificationRow): SafeHtml {
  if (!r.dossier) return html`<span class="muted">Không gắn hồ sơ</span>`;
  return html`<a href="${ADMIN_PREFIX}/ho-so/${r.dossier.id}">${r.dossier.code ?? 'Hồ sơ chưa có mã'}</a>`;
}

function incidentCell(r: FailedNotificationRow): SafeHtml {
  if (r.incidentPending) return html`<span class="muted small">Đang ghi nhận sự cố…</span>`;
  if (r.incidentId) return html`<a href="${ADMIN_PREFIX}/su-co/${r.incidentId}">Xem sự cố</a>`;
  return html`<span class="muted small">Không có sự cố</span>`;
}

/** "Gửi lại" (form post with the session's CSRF token); not while the incident is being raised. */
function resendForm(ctx: PageContext, r: FailedNotificationRow): SafeHtml {
  if (r.incidentPending) return html``;
  return html`<form method="post" action="${SECTION}/${r.id}/gui-lai" class="retry-form">
    <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
    <button type="submit" class="button button-small" aria-label="Gửi lại thông báo số ${r.id}">
      Gửi lại
    </button>
  </form>`;
}

function pager(p: FailedNotificationPage): SafeHtml {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Phân trang thông báo gửi lỗi">
    ${p.page > 1 && html`<a href="${SECTION}?trang=${p.page - 1}">← Trang trước</a>`}
    <span>Trang ${p.page} / ${pages}</span>
    ${p.page < pages && html`<a href="${SECTION}?trang=${p.page + 1}">Trang sau →</a>`}
  </nav>`;
}

/** `/quan-tri/thong-bao-loi`: the e-mails and SMS that kept failing, the latest first. */
export function failedNotificationsPage(
  ctx: PageContext,
  p: FailedNotificationPage,
  flash: string | null,
): SafeHtml {
  return adminLayout(ctx, {
    title: 'Thông báo gửi lỗi',
    current: SECTION,
    body: html`<h1>Thông báo gửi lỗi</h1>
      ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
      <p>
        Thư điện tử và tin nhắn SMS không gửi được sau khi đã thử lại hết số lần cho phép. Thông báo về một hồ
        sơ đang xử lý có kèm một sự cố trên quy trình; “Gửi lại” đóng sự cố đó và xếp thông báo vào hàng gửi
        (gửi một lần). Tổng số: <strong>${p.total}</strong>.
      </p>
      ${
        p.rows.length === 0
          ? html`<p class="panel">Không có thông báo nào gửi lỗi.</p>`
          : html`<div
                class="table-scroll"
                tabindex="0"
                role="region"
                aria-label="Danh sách thông báo gửi lỗi"
              >
                <table class="table table-stack">
                  <caption class="sr-only">
                    Thông báo gửi lỗi
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Thời điểm</th>
                      <th scope="col">Hồ sơ</th>
                      <th scope="col">Kênh và người nhận</th>
                      <th scope="col">Loại thông báo</th>
                      <th scope="col">Số lần thử</th>
                      <th scope="col">Lỗi cuối cùng</th>
                      <th scope="col">Thao tác</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${p.rows.map(
                      (r) =>
                        html`<tr data-outbox-id="${r.id}">
                          <td data-label="Thời điểm" class="nowrap">
                            <span
                              >Lỗi lúc ${formatDateTimeVi(r.failedAt)}<br /><span class="muted small"
                                >Tạo lúc ${formatDateTimeVi(r.createdAt)}</span
                              ></span
                            >
                          </td>
                          <td data-label="Hồ sơ">${dossierCell(r)}</td>
                          <td data-label="Kênh và người nhận">
                            <span>${r.channelVi}<br /><code>${r.recipientMasked}</code></span>
                          </td>
                          <td data-label="Loại thông báo">
                            <span
                              >${r.kindVi}${r.templateId && html`<br /><code>${r.templateId}</code>`}</span
                            >
                          </td>
                          <td data-label="Số lần thử">${r.attempts}</td>
                          <td data-label="Lỗi cuối cùng" class="incident-message">${r.lastError}</td>
                          <td data-label="Thao tác">
                            <div>${incidentCell(r)} ${resendForm(ctx, r)}</div>
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
