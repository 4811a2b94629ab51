import { DVCQG_NO_INCIDENT, type DvcqgDossierSync, type DvcqgDossierSyncState } from '@motcua/db/portal';
import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import {
  DVCQG_ADMIN_PATH,
  SYNC_STATE_SLUGS,
  type DvcqgSyncAdminPage,
} from '../../admin/dvcqg-sync-admin.service.js';
import { formatDateTimeVi } from '../format.js';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';

const STATE_VI: Record<DvcqgDossierSyncState, string> = {
  failed: 'Lỗi',
  waiting: 'Đang chờ gửi',
  sent: 'Đã gửi',
};
const SLUG_OF = Object.fromEntries(Object.entries(SYNC_STATE_SLUGS).map(([slug, s]) => [s, slug])) as Record<
  DvcqgDossierSyncState,
  string
>;

function href(state: DvcqgDossierSyncState | null, page = 1): string {
  const p = new URLSearchParams();
  if (state) p.set('trang-thai', SLUG_OF[state]);
  if (page > 1) p.set('trang', String(page));
  const q = p.toString();
  return q ? `${DVCQG_ADMIN_PATH}?${q}` : DVCQG_ADMIN_PATH;
}

/** The state filter: all, failed, waiting, sent, each with its count of dossiers. */
function stateFilter(p: DvcqgSyncAdminPage): SafeHtml {
  const all = p.counts.failed + p.counts.waiting + p.counts.sent;
  const item = (state: DvcqgDossierSyncState | null, label: string, n: number) =>
    html`<li>
      <a
        href="${href(state)}"
        ${p.state === state ? html`aria-current="page"` : ''}
        data-state="${state ?? 'all'}"
        >${label} <span class="sync-count">${n}</span></a
      >
    </li>`;
  return html`<nav class="sync-filter" aria-label="Lọc theo tình trạng đồng bộ">
    <ul>
      ${item(null, 'Tất cả', all)} ${item('failed', STATE_VI.failed, p.counts.failed)}
      ${item('waiting', STATE_VI.waiting, p.counts.waiting)} ${item('sent', STATE_VI.sent, p.counts.sent)}
    </ul>
  </nav>`;
}

function pager(p: DvcqgSyncAdminPage): SafeHtml {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Phân trang hồ sơ đồng bộ">
    ${p.page > 1 && html`<a href="${href(p.state, p.page - 1)}">← Trang trước</a>`}
    <span>Trang ${p.page} / ${pages}</span>
    ${p.page < pages && html`<a href="${href(p.state, p.page + 1)}">Trang sau →</a>`}
  </nav>`;
}

function row(ctx: PageContext, r: DvcqgDossierSync): SafeHtml {
  return html`<tr data-dossier-id="${r.dossierId}" data-state="${r.state}">
    <td data-label="Hồ sơ">
      <div>
        <a href="${ADMIN_PREFIX}/ho-so/${r.dossierId}">${r.dossierCode ?? 'Hồ sơ chưa có mã'}</a>
        ${r.procedureCode && html`<br /><span class="muted small">${r.procedureCode}</span>`}
      </div>
    </td>
    <td data-label="Tình trạng"><strong class="sync-state">${STATE_VI[r.state]}</strong></td>
    <td data-label="Sự kiện">Đã gửi ${r.sent}, đang chờ ${r.waiting}, lỗi ${r.failed}</td>
    <td data-label="Thời điểm">
      <div>
        Sự kiện mới nhất: ${formatDateTimeVi(r.lastEventAt)}
        ${r.lastSentAt && html`<br />Gửi được lần cuối: ${formatDateTimeVi(r.lastSentAt)}`}
      </div>
    </td>
    <td data-label="Trả lời của Cổng" class="incident-message sync-answer">
      <div>
        ${r.lastAnswer ? html`${r.lastAnswer} <span class="muted small">(lần thử ${r.attempts})</span>` : '—'}
        ${
          r.incidentId &&
          r.incidentId !== DVCQG_NO_INCIDENT &&
          html`<br /><a href="${ADMIN_PREFIX}/su-co/${r.incidentId}">Xem sự cố trên quy trình</a>`
        }
      </div>
    </td>
    <td data-label="Thao tác">
      ${
        r.state === 'failed'
          ? html`<form method="post" action="${DVCQG_ADMIN_PATH}/${r.dossierId}/gui-lai" class="retry-form">
              <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
              <button type="submit" class="button button-small">Gửi lại</button>
            </form>`
          : html`<span class="muted small">—</span>`
      }
    </td>
  </tr>`;
}

/**
 * `/quan-tri/dong-bo-dvcqg`: each dossier's sync with the national public service portal (failed,
 * waiting, sent), newest activity first, with the portal's answer and "Gửi lại" for failed ones.
 */
export function dvcqgSyncAdminPage(
  ctx: PageContext,
  p: DvcqgSyncAdminPage,
  notice: { resent: number | null },
): SafeHtml {
  const title = 'Đồng bộ Cổng DVCQG';
  return adminLayout(ctx, {
    title,
    current: DVCQG_ADMIN_PATH,
    body: html`<h1>Đồng bộ Cổng Dịch vụ công quốc gia</h1>
      ${
        notice.resent !== null &&
        html`<p class="alert alert-ok" role="status">
          ${
            notice.resent > 0
              ? `Đã đưa ${notice.resent} sự kiện vào hàng đợi gửi lại Cổng Dịch vụ công quốc gia; sự cố trên quy trình được đóng khi gửi lại.`
              : 'Không có sự kiện lỗi nào để gửi lại (có thể đã được gửi lại trước đó).'
          }
        </p>`
      }
      <p>
        Mỗi hồ sơ và mỗi lần thay đổi trạng thái được gửi lên Cổng theo thứ tự. Hồ sơ <strong>lỗi</strong> đã
        hết số lần thử: việc đồng bộ hồ sơ dừng lại, một sự cố được tạo trên quy trình của hồ sơ, cho đến khi
        được gửi lại.
      </p>
      ${stateFilter(p)}
      ${
        p.rows.length === 0
          ? html`<p class="panel">Không có hồ sơ nào ở tình trạng này.</p>`
          : html`<div
                class="table-scroll"
                tabindex="0"
                role="region"
                aria-label="Hồ sơ theo tình trạng đồng bộ"
              >
                <table class="table table-stack">
                  <caption class="sr-only">
                    Hồ sơ và tình trạng đồng bộ Cổng Dịch vụ công quốc gia (${p.total} hồ sơ)
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Hồ sơ</th>
                      <th scope="col">Tình trạng</th>
                      <th scope="col">Sự kiện</th>
                      <th scope="col">Thời điểm</th>
                      <th scope="col">Trả lời của Cổng</th>
                      <th scope="col">Thao tác</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${p.rows.map((r) => row(ctx, r))}
                  </tbody>
                </table>
              </div>
              ${pager(p)}`
      }`,
  });
}
