import type { RatingView } from './rating-parts.js';
import type { Dossier, DossierAttachment, DossierDocument, DossierHistoryEntry } from '@motcua/db/portal';
import type { FormSchema } from '@motcua/forms';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTimeVi, formatDateVi } from './format.js';
import { formJsMount } from './form-page-parts.js';
import { layout, type PageContext } from './layout.js';
import type { AvailableForm } from './legal-forms.js';

/** What the dossier page shows of the dossier's life beyond its status. */
export interface DossierLifeView {
  history: DossierHistoryEntry[];
  documents: DossierDocument[];
  /** Set while the process waits for the applicant's supplement: the form to answer with. */
  supplementForm?: FormSchema | undefined;
  /** The applicant may withdraw (started, not ended). */
  canWithdraw: boolean;
  /** The legal forms the dossier's life has produced, printable (views/legal-forms.ts). */
  forms?: AvailableForm[];
  /** The satisfaction rating: offered after the result, or the one given (views/rating-parts.ts). */
  rating?: RatingView;
  /** The files uploaded to the dossier (current and replaced). */
  files?: DossierAttachment[];
  /** During a supplement: what the desk asked for and the upload slots for it. */
  supplementDocuments?: SafeHtml;
  /** Online fee payment: the fee due, the pay button, the attempts and receipts (views/payment-pages.ts). */
  payment?: SafeHtml;
}

/** The supplement request (form 02): the officer's reasons and the form, pre-filled with the saved data. */
export function supplementSection(
  ctx: PageContext,
  d: Dossier,
  p: DossierProgress,
  schema: FormSchema,
  documents?: SafeHtml,
): SafeHtml {
  return html`<section class="panel supplement" id="bo-sung">
    <h2>Yêu cầu bổ sung, hoàn thiện hồ sơ <span class="en" lang="en">Supplement requested</span></h2>
    <p class="alert">Cơ quan giải quyết yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02). Nội dung yêu cầu:</p>
    <blockquote class="supplement-reasons">${p.completenessNote ?? 'Không có nội dung.'}</blockquote>
    <p class="muted small">
      Sửa các thông tin cần bổ sung rồi bấm “Gửi bổ sung”. Các thông tin đã lưu được giữ nguyên nếu biểu mẫu
      còn lỗi.
    </p>
    ${documents}
    ${formJsMount({
      schema,
      data: d.submittedData,
      submitUrl: `/ho-so/${d.id}/bo-sung`,
      submitLabel: 'Gửi bổ sung',
      csrfToken: ctx.csrfToken ?? '',
    })}
  </section>`;
}

/**
 * Documents issued to the applicant: the apology letter (form 04) with its new appointment date,
 * the signed electronic result with its download link.
 */
export function documentsSection(docs: DossierDocument[]): SafeHtml {
  if (!docs.length) return html``;
  return html`<section class="panel documents">
    <h2>Văn bản của cơ quan giải quyết <span class="en" lang="en">Documents</span></h2>
    ${docs.map(
      (doc) =>
        html`<article class="document" data-kind="${doc.kind}">
          <h3>${doc.titleVi}${doc.formNo && html` <span class="muted">(mẫu ${doc.formNo})</span>`}</h3>
          <p class="muted small">Ngày ${formatDateTimeVi(doc.createdAt)}</p>
          ${doc.body.split('\n').map((line) => html`<p>${line}</p>`)}
          ${
            doc.kind === 'signed-result' &&
            html`<p>
              <a class="download" href="/ho-so/${doc.dossierId}/ket-qua.pdf" download
                >Tải kết quả điện tử đã ký số (PDF)</a
              >
            </p>`
          }
          ${
            doc.newAppointmentDate &&
            html`<p>
              <strong
                >Ngày hẹn trả kết quả mới:
                <span class="new-appointment">${formatDateVi(doc.newAppointmentDate)}</span></strong
              >
            </p>`
          }
        </article>`,
    )}
  </section>`;
}

/** The append-only history: who did what when, with the national status each event set. */
export function historySection(
  entries: DossierHistoryEntry[],
  statusLabel: (code: number) => string,
): SafeHtml {
  if (!entries.length) return html``;
  return html`<section class="panel">
    <h2>Lịch sử hồ sơ <span class="en" lang="en">Dossier history</span></h2>
    <ol class="history">
      ${entries.map(
        (e) =>
          html`<li data-kind="${e.kind}">
            <span class="when">${formatDateTimeVi(e.at)}</span>
            <span class="what">${e.textVi}</span>
            ${e.statusCode !== null && html`<span class="badge badge-s${e.statusCode}">${statusLabel(e.statusCode)}</span>`}
          </li>`,
      )}
    </ol>
  </section>`;
}

export function withdrawLink(d: Dossier): SafeHtml {
  return html`<p><a class="button button-secondary" href="/ho-so/${d.id}/rut">Rút hồ sơ</a></p>`;
}

/** Confirmation of a withdrawal, with the reason (kept when the form comes back with an error). */
export function withdrawPage(
  ctx: PageContext,
  d: Dossier,
  procedureName: string,
  o: { reason?: string; error?: string; closed?: boolean } = {},
): SafeHtml {
  return layout(
    ctx,
    'Rút hồ sơ',
    html`<nav class="breadcrumb" aria-label="Vị trí">
        <a href="/ho-so-cua-toi">Hồ sơ của tôi</a> ›
        <a href="/ho-so/${d.id}">${d.dossierCode ?? 'Hồ sơ'}</a> › Rút hồ sơ
      </nav>
      <section class="panel narrow-wide">
        <h1>Rút hồ sơ <span class="en" lang="en">Withdraw the dossier</span></h1>
        <p>Hồ sơ <strong>${d.dossierCode ?? ''}</strong> — ${procedureName}.</p>
        ${!o.closed && html`<p class="alert">Sau khi rút, hồ sơ sẽ dừng giải quyết và không thể khôi phục.</p>`}
        ${o.error && html`<p class="alert alert-error" role="alert">${o.error}</p>`}
        ${o.closed ? html`<p><a href="/ho-so/${d.id}">← Quay lại hồ sơ</a></p>` : withdrawForm(ctx, d, o.reason)}
      </section>`,
  );
}

function withdrawForm(ctx: PageContext, d: Dossier, reason: string | undefined): SafeHtml {
  return html`<form method="post" action="/ho-so/${d.id}/rut" class="stack">
    <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
    <label for="reason">Lý do rút hồ sơ</label>
    <textarea id="reason" name="reason" rows="4" maxlength="1000" required>${reason ?? ''}</textarea>
    <label class="checkbox"
      ><input type="checkbox" name="confirm" value="yes" required /> Tôi xác nhận muốn rút hồ sơ này.</label
    >
    <div class="form-actions">
      <button type="submit" class="button">Xác nhận rút hồ sơ</button>
      <a href="/ho-so/${d.id}">Quay lại</a>
    </div>
  </form>`;
}
