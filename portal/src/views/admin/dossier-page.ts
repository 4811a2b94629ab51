import { statusLabelVi, type DossierStatusCode } from '@motcua/domain';
import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import type { AdminDossierView } from '../../admin/admin-dossier.service.js';
import { historySection } from '../dossier-life-parts.js';
import { formatDateTimeVi, formatDateVi } from '../format.js';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';
import { retryForm } from './incident-pages.js';

const ENGINE_STATE_VI: Record<string, string> = {
  starting: 'Đang khởi tạo',
  started: 'Đang chạy trên hệ thống xử lý',
  'start-failed': 'Khởi tạo thất bại',
};

/** `/quan-tri/ho-so/:id`: a dossier for an operator — facts, open incidents, history. */
export function adminDossierPage(ctx: PageContext, v: AdminDossierView): SafeHtml {
  const d = v.dossier;
  return adminLayout(ctx, {
    title: `Hồ sơ ${d.dossierCode ?? ''}`.trim(),
    current: `${ADMIN_PREFIX}/su-co`,
    body: html`<p class="breadcrumb"><a href="${ADMIN_PREFIX}/su-co">← Danh sách sự cố</a></p>
      <h1>Hồ sơ <span class="dossier-code">${d.dossierCode ?? '(chưa có mã)'}</span></h1>
      <section class="panel" aria-labelledby="thong-tin-ho-so">
        <h2 id="thong-tin-ho-so">Thông tin hồ sơ</h2>
        <dl class="data-list">
          <div>
            <dt>Thủ tục</dt>
            <dd>${v.procedureName} <span class="muted">(${d.procedureCode})</span></dd>
          </div>
          <div>
            <dt>Người nộp</dt>
            <dd>${d.applicantName ?? '—'}</dd>
          </div>
          <div>
            <dt>Ngày nộp</dt>
            <dd>${formatDateTimeVi(d.submittedAt)}</dd>
          </div>
          <div>
            <dt>Hạn giải quyết</dt>
            <dd>${d.dueDate ? formatDateVi(d.dueDate) : '—'}</dd>
          </div>
          <div>
            <dt>Trạng thái</dt>
            <dd>${v.statusVi ?? '—'}</dd>
          </div>
          <div>
            <dt>Trên hệ thống xử lý</dt>
            <dd>${ENGINE_STATE_VI[d.engineState] ?? d.engineState}</dd>
          </div>
          ${
            d.processInstanceId &&
            html`<div>
              <dt>Mã quy trình đang chạy</dt>
              <dd><code>${d.processInstanceId}</code></dd>
            </div>`
          }
        </dl>
      </section>
      <section class="panel" aria-labelledby="su-co-ho-so">
        <h2 id="su-co-ho-so">Sự cố đang mở</h2>
        ${
          v.incidents.length === 0
            ? html`<p class="muted">Hồ sơ không có sự cố nào đang mở.</p>`
            : html`<ul class="incident-list">
                ${v.incidents.map(
                  (i) =>
                    html`<li data-incident-id="${i.id}">
                      <strong>${i.stepName ?? i.activityId}</strong> — ${formatDateTimeVi(i.at)}:
                      <span class="incident-message">${i.message}</span>
                      <a href="${ADMIN_PREFIX}/su-co/${i.id}">Chi tiết</a>
                      ${retryForm(ctx, i, { compact: true })}
                    </li>`,
                )}
              </ul>`
        }
      </section>
      ${historySection(v.history, (code) => statusLabelVi(code as DossierStatusCode))}`,
  });
}
