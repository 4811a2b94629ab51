import type { Dossier } from '@motcua/db/portal';
import type { FormSchema } from '@motcua/forms';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import { channelLabelVi } from '../dossiers/channel.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTimeVi, formatDateVi } from './format.js';
import { formJsHead } from './form-page-parts.js';
import { formsSection, REFUSAL_LETTER } from './legal-forms.js';
import { statusBadge, statusEnglish } from './status-badge.js';
import { layout, type PageContext } from './layout.js';
import { ratingSection } from './rating-parts.js';
import { submittedDataTable } from './submitted-data.js';
import { dossierFilesSection } from './document-parts.js';
import {
  documentsSection,
  historySection,
  supplementSection,
  withdrawLink,
  type DossierLifeView,
} from './dossier-life-parts.js';

function storedStatusLabel(d: Dossier, labels: (code: number) => string): string {
  if (d.engineState === 'start-failed') return 'Chưa nộp được (lỗi hệ thống)';
  if (d.engineState === 'starting') return 'Đang gửi';
  return d.statusCode ? labels(d.statusCode) : 'Mới đăng ký';
}

export function myDossiersPage(
  ctx: PageContext,
  rows: Array<{ d: Dossier; procedure: CatalogueEntry | undefined }>,
  labels: (code: number) => string,
): SafeHtml {
  return layout(
    ctx,
    'Hồ sơ của tôi',
    html`<section class="panel">
      <h1>Hồ sơ của tôi <span class="en" lang="en">My dossiers</span></h1>
      ${
        rows.length === 0
          ? html`<p>Bạn chưa nộp hồ sơ nào. <a href="/">Chọn thủ tục để nộp hồ sơ</a>.</p>`
          : html`<table class="table table-stack">
              <thead>
                <tr>
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Ngày nộp</th>
                  <th scope="col">Trạng thái</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  ({ d, procedure }) =>
                    html`<tr>
                      <td class="nowrap" data-label="Mã hồ sơ">
                        <a href="/ho-so/${d.id}">${d.dossierCode ?? 'Đang cấp mã'}</a>
                      </td>
                      <td data-label="Thủ tục">${procedure?.nameVi ?? d.procedureKey}</td>
                      <td class="nowrap" data-label="Ngày nộp">${formatDateVi(d.submittedAt)}</td>
                      <td data-label="Trạng thái">
                        ${statusBadge(d.statusCode, storedStatusLabel(d, labels), d.outcome)}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`,
  );
}

function progressFacts(d: Dossier, p: DossierProgress | null, labels: (code: number) => string): SafeHtml {
  const code = p?.dossierCode ?? d.dossierCode;
  return html`<dl class="facts">
    <div>
      <dt>Mã hồ sơ</dt>
      <dd class="dossier-code">${code ?? 'Đang cấp mã — vui lòng tải lại trang sau ít giây'}</dd>
    </div>
    <div>
      <dt>Trạng thái</dt>
      <dd class="dossier-status">
        ${statusBadge(
          p?.statusCode ?? d.statusCode,
          p ? p.statusVi : storedStatusLabel(d, labels),
          p ? p.outcome : d.outcome,
        )}
        ${p && html`<span class="en" lang="en">${statusEnglish(p.statusEn, p.statusCode, p.outcome)}</span>`}
      </dd>
    </div>
    <div>
      <dt>Ngày nộp</dt>
      <dd>${formatDateTimeVi(d.submittedAt)}</dd>
    </div>
    <div>
      <dt>Kênh</dt>
      <dd class="dossier-channel">${channelLabelVi(d.channel)}</dd>
    </div>
    ${
      p?.appointmentDate &&
      html`<div>
        <dt>Ngày hẹn trả kết quả</dt>
        <dd>${formatDateVi(p.appointmentDate)}</dd>
      </div>`
    }
    ${
      p?.newAppointmentDate &&
      html`<div>
        <dt>Ngày hẹn trả kết quả mới</dt>
        <dd class="new-appointment">
          ${formatDateVi(p.newAppointmentDate)} <span class="badge badge-late">Quá hạn</span>
        </dd>
      </div>`
    }
    ${
      p?.outcome === 'approved' &&
      html`<div>
        <dt>Kết quả</dt>
        <dd>
          Được
          cấp${p.resultNumber && html` — số chứng chỉ <strong class="result-number">${p.resultNumber}</strong>`}
        </dd>
      </div>`
    }
    ${
      p?.outcome === 'refused' &&
      html`<div>
        <dt>Kết quả</dt>
        <dd>Không được cấp</dd>
      </div>`
    }
    ${
      p?.rejectionReason &&
      html`<div>
        <dt>Lý do</dt>
        <dd>${p.rejectionReason}</dd>
      </div>`
    }
  </dl>`;
}

/** A refusal after the appraisal: the reason and the letter to print (the owner's page only). */
function refusalSection(d: Dossier, p: DossierProgress): SafeHtml {
  if (p.statusCode !== 10 || p.outcome !== 'refused') return html``;
  return html`<section class="panel refusal" aria-labelledby="tu-choi">
    <h2 id="tu-choi">Văn bản từ chối giải quyết <span class="en" lang="en">Refusal</span></h2>
    <p>Cơ quan giải quyết từ chối giải quyết hồ sơ. Lý do:</p>
    <blockquote class="refusal-reason">${p.decisionNote ?? 'Không ghi lý do.'}</blockquote>
    <p>
      <a class="button button-secondary" href="/ho-so/${d.id}/in/${REFUSAL_LETTER}"
        >Xem và in văn bản từ chối</a
      >
    </p>
  </section>`;
}

/** The dossier's named steps so far, oldest first (owner and officers only). */
export function timeline(p: DossierProgress | null): SafeHtml {
  if (!p?.steps.length) return html``;
  return html`<ol class="timeline">
    ${p.steps.map(
      (s) =>
        html`<li class="${s.endTime ? 'done' : 'current'}">
          <span class="step">${s.name}</span>
          <span class="when">${s.endTime ? formatDateTimeVi(s.endTime) : 'Đang thực hiện'}</span>
        </li>`,
    )}
  </ol>`;
}

export function dossierPage(
  ctx: PageContext,
  d: Dossier,
  procedure: CatalogueEntry | undefined,
  schema: FormSchema | undefined,
  progress: DossierProgress | null,
  engineDown: boolean,
  labels: (code: number) => string,
  life?: DossierLifeView,
  flash?: string,
): SafeHtml {
  return layout(
    ctx,
    `Hồ sơ ${d.dossierCode ?? ''}`,
    html`<nav class="breadcrumb" aria-label="Vị trí">
        <a href="/ho-so-cua-toi">Hồ sơ của tôi</a> › ${progress?.dossierCode ?? d.dossierCode ?? 'Hồ sơ mới'}
      </nav>
      <section class="panel">
        <h1>${procedure?.nameVi ?? d.procedureKey}</h1>
        ${engineDown && html`<p class="alert">Không lấy được trạng thái mới nhất từ hệ thống xử lý; đang hiển thị trạng thái đã lưu.</p>`}
        ${d.engineState === 'start-failed' && html`<p class="alert alert-error">Hồ sơ này chưa được gửi tới cơ quan giải quyết do lỗi hệ thống. Vui lòng nộp lại.</p>`}
        ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
        ${progressFacts(d, progress, labels)} ${life?.canWithdraw && withdrawLink(d)}
      </section>
      ${life?.payment} ${progress && refusalSection(d, progress)}
      ${progress && life?.supplementForm && supplementSection(ctx, d, progress, life.supplementForm, life.supplementDocuments)}
      ${life?.forms && formsSection(life.forms, `/ho-so/${d.id}`)} ${life && documentsSection(life.documents)}
      ${life?.rating && ratingSection(ctx, d, life.rating)}
      ${
        life?.files &&
        dossierFilesSection({
          files: life.files,
          // The applicant downloads the current files; replaced ones are listed, kept for officers.
          hrefOf: (f) => (f.state === 'current' ? `/ho-so/${d.id}/tai-lieu/${f.id}` : null),
        })
      }
      ${life && historySection(life.history, labels)}
      ${
        progress?.steps.length &&
        html`<section class="panel">
          <h2>Quá trình xử lý <span class="en" lang="en">Progress</span></h2>
          ${timeline(progress)}
        </section>`
      }
      <section class="panel">
        <h2>Thông tin đã khai <span class="en" lang="en">Submitted information</span></h2>
        ${submittedDataTable(schema, d.submittedData)}
      </section>`,
    progress?.awaitingSupplement && life?.supplementForm ? formJsHead : undefined,
  );
}
