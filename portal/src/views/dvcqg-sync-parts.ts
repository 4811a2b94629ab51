import type { DvcqgSyncState } from '../national-portal/dvcqg-sync.service.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTimeVi } from './format.js';
import type { PageContext } from './layout.js';

const OVERALL_VI: Record<DvcqgSyncState['overall'], string> = {
  none: 'Chưa có sự kiện cần đồng bộ',
  sent: 'Đã gửi đầy đủ',
  waiting: 'Đang chờ gửi',
  failed: 'Gửi không thành công',
};

const ROW_VI = { sent: 'Đã gửi', pending: 'Đang chờ gửi', failed: 'Lỗi' } as const;

/**
 * The dossier's sync with the national public service portal: each event sent, waiting or failed
 * (with the portal's answer), and the resend button when something failed.
 */
export function dvcqgSyncSection(
  ctx: PageContext,
  dossierId: string,
  s: DvcqgSyncState,
  statusLabel: (code: number) => string,
): SafeHtml {
  return html`<section class="panel dvcqg-sync" id="dong-bo-dvcqg" aria-labelledby="dong-bo-dvcqg-h">
    <h2 id="dong-bo-dvcqg-h">
      Đồng bộ Cổng Dịch vụ công quốc gia <span class="en" lang="en">National portal sync</span>
    </h2>
    <p>
      Tình trạng: <strong class="dvcqg-overall" data-state="${s.overall}">${OVERALL_VI[s.overall]}</strong>
      (đã gửi ${s.sent}, đang chờ ${s.waiting}, lỗi ${s.failed}).
    </p>
    ${
      s.rows.length > 0 &&
      html`<ol class="history dvcqg-rows">
        ${s.rows.map(
          (r) =>
            html`<li data-state="${r.state}">
              <span class="when">${formatDateTimeVi(r.eventAt)}</span>
              <span class="what">${r.textVi}</span>
              ${r.statusCode !== null && html`<span class="badge badge-s${r.statusCode}">${statusLabel(r.statusCode)}</span>`}
              <span class="dvcqg-row-state"
                >${ROW_VI[r.state]}${r.sentAt ? ` lúc ${formatDateTimeVi(r.sentAt)}` : ''}</span
              >
              ${
                r.state !== 'sent' &&
                r.lastAnswer &&
                html`<span class="dvcqg-answer"
                  >Trả lời của Cổng: ${r.lastAnswer} (lần thử ${r.attempts})</span
                >`
              }
            </li>`,
        )}
      </ol>`
    }
    ${
      s.failed > 0 &&
      html`<form method="post" action="/can-bo/ho-so/${dossierId}/dong-bo-dvcqg/gui-lai">
        <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
        <button type="submit" class="button">Gửi lại Cổng Dịch vụ công quốc gia</button>
      </form>`
    }
  </section>`;
}
