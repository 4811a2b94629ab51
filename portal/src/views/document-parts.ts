import type { DossierAttachment } from '@motcua/db/portal';
import { UNKNOWN_VI } from '@motcua/processes';
import { acceptAttribute, kindsLabel, type DocumentSlot } from '../documents/document-slots.js';
import type { RequestedDocument } from '../documents/document.service.js';
import { formatBytesVi } from '../documents/upload-check.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTimeVi } from './format.js';

/**
 * The documents (thành phần hồ sơ) on the pages: what a procedure asks for, the upload slots
 * beside the application form (read by /static/form-page.js), a dossier's files for its applicant
 * and its officers, the officer's preview, and the desk's supplement request.
 */

// The same words as the procedure page for a fact the catalogue does not hold.
const UNKNOWN = html`<span class="unknown">${UNKNOWN_VI.toLocaleLowerCase('vi')}</span>`;

function mandatoryLabel(s: DocumentSlot): SafeHtml {
  if (s.mandatory === true) return html`<span class="badge badge-required">Bắt buộc</span>`;
  if (s.mandatory === false) return html`<span class="badge">Không bắt buộc</span>`;
  return html`<span class="badge badge-unknown">Bắt buộc: ${UNKNOWN_VI.toLocaleLowerCase('vi')}</span>`;
}

function slotFacts(s: DocumentSlot): SafeHtml {
  return html`<span class="doc-facts small">
    Bản chính/bản sao: ${s.form === 'copy' ? 'bản sao' : s.form === 'original' ? 'bản chính' : UNKNOWN} · Số
    lượng: ${s.copies ?? UNKNOWN}${s.templateVi && html` · Theo mẫu: ${s.templateVi}`}
  </span>`;
}

function stagedItem(a: DossierAttachment): SafeHtml {
  return html`<li data-attachment-id="${a.id}">
    <span class="doc-file-name">${a.originalName ?? 'tệp'}</span>
    <span class="muted small">(${formatBytesVi(a.size)})</span>
    <button type="button" class="link-button doc-remove">Xoá tệp</button>
  </li>`;
}

/**
 * One upload slot per document, beside the form-js form. Each file is sent as soon as it is
 * chosen (a file picker, and on a phone the camera), checked by the server and kept for the
 * application; a refusal is written next to the slot. What was uploaded already is listed again
 * after a reload (`staged`).
 */
export function documentUploadSlots(o: {
  slots: DocumentSlot[];
  uploadUrl: string;
  maxFileBytes: number;
  staged: DossierAttachment[];
  /** The heading's text (the application, the desk's scans, a supplement). */
  title: string;
  intro?: SafeHtml | string;
  /** Which slots take uploads (a supplement: the requested ones). Default: all. */
  only?: number[];
  /** Reasons shown in each slot (a supplement's requested documents). */
  reasons?: Map<number, string>;
}): SafeHtml {
  const slots = o.only ? o.slots.filter((s) => o.only!.includes(s.index)) : o.slots;
  if (!slots.length) return html``;
  return html`<section
    class="doc-slots"
    id="document-slots"
    aria-labelledby="document-slots-title"
    data-upload-url="${o.uploadUrl}"
    data-max-file-bytes="${String(o.maxFileBytes)}"
  >
    <h3 id="document-slots-title">${o.title}</h3>
    <p class="muted small">
      ${
        o.intro ??
        html`Mỗi tệp tối đa ${formatBytesVi(o.maxFileBytes)}. Hệ thống kiểm tra nội dung tệp (không dựa vào
        tên tệp). Tệp được lưu ngay khi chọn; thông tin đã nhập trong tờ khai được giữ nguyên.`
      }
    </p>
    ${slots.map(
      (s) =>
        html`<fieldset class="doc-slot" data-slot="${String(s.index)}" data-name="${s.nameVi}">
          <legend><span class="doc-name">${s.nameVi}</span> ${mandatoryLabel(s)}</legend>
          ${slotFacts(s)}
          ${o.reasons?.get(s.index) && html`<p class="doc-reason small">Lý do: ${o.reasons.get(s.index)}</p>`}
          <p class="small">Nhận tệp: ${kindsLabel(s.kinds)}.</p>
          <div class="doc-inputs">
            <div class="doc-input-row">
              <label for="doc-file-${String(s.index)}">Chọn tệp</label>
              <input
                class="doc-input"
                type="file"
                id="doc-file-${String(s.index)}"
                accept="${acceptAttribute(s.kinds)}"
                multiple
              />
            </div>
            <div class="doc-input-row">
              <label for="doc-camera-${String(s.index)}">Chụp ảnh (điện thoại)</label>
              <input
                class="doc-input"
                type="file"
                id="doc-camera-${String(s.index)}"
                accept="image/jpeg,image/png"
                capture="environment"
              />
            </div>
          </div>
          <p class="doc-message" id="doc-msg-${String(s.index)}" role="alert"></p>
          <ul class="doc-files" aria-label="Tệp đã tải lên: ${s.nameVi}">
            ${o.staged.filter((a) => a.slot === s.index).map(stagedItem)}
          </ul>
        </fieldset>`,
    )}
  </section>`;
}

const SOURCE_VI: Record<DossierAttachment['source'], string> = {
  applicant: 'nộp trực tuyến',
  desk: 'bản quét tại một cửa',
  supplement: 'bổ sung',
};

/**
 * A dossier's files by document. `hrefOf` links a file (null: listed without a link); replaced
 * files are marked. `previewOf` adds the officer's "Xem" link (same page, beside the form).
 */
export function dossierFilesSection(o: {
  files: DossierAttachment[];
  hrefOf: (a: DossierAttachment) => string | null;
  previewOf?: (a: DossierAttachment) => string | null;
  heading?: boolean;
}): SafeHtml {
  if (!o.files.length) return html``;
  const bySlot = new Map<number, DossierAttachment[]>();
  for (const f of o.files) bySlot.set(f.slot, [...(bySlot.get(f.slot) ?? []), f]);
  const body = html`<ul class="doc-list dossier-files">
    ${[...bySlot.entries()]
      .sort(([a], [b]) => a - b)
      .map(
        ([, files]) =>
          html`<li>
            <span class="doc-name">${files[0]!.documentName}</span>
            <ul>
              ${files.map((f) => {
                const href = o.hrefOf(f);
                const preview = o.previewOf?.(f);
                return html`<li
                  class="${f.state === 'replaced' ? 'doc-replaced' : ''}"
                  data-attachment-id="${f.id}"
                >
                  ${href ? html`<a href="${href}">${f.originalName ?? 'tệp'}</a>` : (f.originalName ?? 'tệp')}
                  <span class="muted small"
                    >(${formatBytesVi(f.size)}, ${SOURCE_VI[f.source]},
                    ${formatDateTimeVi(f.boundAt ?? f.createdAt)})</span
                  >
                  ${f.state === 'replaced' && html`<span class="badge badge-replaced">Đã thay thế</span>`}
                  ${preview && html`<a class="button button-small button-light" href="${preview}">Xem</a>`}
                  <span class="sha small muted" title="SHA-256">SHA-256: ${f.sha256.slice(0, 16)}…</span>
                </li>`;
              })}
            </ul>
          </li>`,
      )}
  </ul>`;
  if (o.heading === false) return body;
  return html`<section class="panel dossier-documents">
    <h2>Thành phần hồ sơ đã nộp <span class="en" lang="en">Submitted documents</span></h2>
    ${body}
  </section>`;
}

/** The officer's preview of one file: a PDF in a frame, an image as an image; others are downloaded. */
export function filePreview(f: DossierAttachment, src: string): SafeHtml {
  const title = `Xem trước: ${f.documentName} — ${f.originalName ?? 'tệp'}`;
  if (f.mediaType === 'application/pdf')
    return html`<div class="doc-preview">
      <iframe src="${src}" title="${title}" class="doc-preview-frame"></iframe>
    </div>`;
  if (f.mediaType.startsWith('image/'))
    return html`<div class="doc-preview"><img src="${src}" alt="${title}" class="doc-preview-image" /></div>`;
  return html`<p class="muted">Tệp ${f.mediaType} không xem trước được; vui lòng tải về.</p>`;
}

/**
 * The desk's choice of documents to add or replace, beside the completeness check's form (its
 * fields travel with the decision as `meta`; used only when the decision asks for a supplement).
 */
export function documentRequestForm(slots: DocumentSlot[]): SafeHtml {
  if (!slots.length) return html``;
  return html`<form id="requested-documents" class="doc-request" novalidate>
    <fieldset>
      <legend>Thành phần hồ sơ cần bổ sung hoặc thay thế (khi yêu cầu bổ sung)</legend>
      ${slots.map(
        (s) =>
          html`<div class="doc-request-item">
            <input type="checkbox" id="req-doc-${String(s.index)}" name="doc-${String(s.index)}" value="1" />
            <label for="req-doc-${String(s.index)}">${s.nameVi}</label>
            <label class="sr-only" for="req-reason-${String(s.index)}">Lý do: ${s.nameVi}</label>
            <input
              type="text"
              id="req-reason-${String(s.index)}"
              name="reason-${String(s.index)}"
              maxlength="500"
              placeholder="Lý do cần bổ sung hoặc thay thế"
            />
          </div>`,
      )}
    </fieldset>
  </form>`;
}

/** What the desk asked for, on the applicant's supplement page. */
export function requestedDocumentsList(requested: RequestedDocument[]): SafeHtml {
  if (!requested.length) return html``;
  return html`<div class="doc-requested">
    <p><strong>Thành phần hồ sơ cần bổ sung hoặc thay thế:</strong></p>
    <ul>
      ${requested.map((r) => html`<li><span class="doc-name">${r.nameVi}</span> — lý do: ${r.reason}</li>`)}
    </ul>
  </div>`;
}
