import type { Dossier, DossierDocument, DossierHistoryEntry } from '@motcua/db/portal';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import { latestRoundRequest, type RequestedDocument } from '../documents/document-requests.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTimeVi, formatDateVi } from './format.js';

/**
 * The legal forms of the dossier life as printable documents (HTML, A4 print CSS in styles.css).
 * Names and numbers: Circular 01/2018/TT-VPCP → 03/2025, Phụ lục I, as listed in the domain brief
 * (`legal-and-integrations.md` §2.1). The brief gives the names, not the official layouts, so
 * every form carries only what the platform knows for certain — agency, dossier code, applicant,
 * procedure, dates, the officer's reasons — and says it is an electronic copy without a signature.
 */
export type LegalFormNo = '01' | '02' | '03' | '04' | '05' | typeof REFUSAL_LETTER;

/**
 * The written refusal after the appraisal (Decree 118/2025/NĐ-CP: "trả lời bằng văn bản và nêu rõ
 * lý do"). The circular numbers no form for it, so it is printed without a form number.
 */
export const REFUSAL_LETTER = 'tu-choi';

export const LEGAL_FORM_TITLES: Record<LegalFormNo, string> = {
  [REFUSAL_LETTER]: 'Văn bản trả lời từ chối giải quyết hồ sơ',
  '01': 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  '03': 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  '04': 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  '05': 'Thông báo dừng giải quyết hồ sơ',
};

/** Statuses a dossier reaches only after it was accepted (so form 01 was due). */
const AFTER_ACCEPTANCE = new Set([2, 4, 6, 8, 9, 10]);

export interface LegalFormFacts {
  dossier: Dossier;
  procedure: CatalogueEntry | undefined;
  progress: DossierProgress | null;
  history: DossierHistoryEntry[];
  documents: DossierDocument[];
}

/** One printable form: its number, and the moment it was issued. */
export interface AvailableForm {
  no: LegalFormNo;
  titleVi: string;
  issuedAt: Date | string | null;
  document?: DossierDocument;
}

/** The forms this dossier's life has produced so far, in their legal order. */
export function availableForms(f: LegalFormFacts): AvailableForm[] {
  const out: AvailableForm[] = [];
  const event = (kind: string) => [...f.history].reverse().find((e) => e.kind === kind);
  const accepted = event('accepted');
  if (f.progress?.dossierCode && (accepted || AFTER_ACCEPTANCE.has(f.progress.statusCode)))
    out.push({ no: '01', titleVi: LEGAL_FORM_TITLES['01'], issuedAt: accepted?.at ?? f.progress.receivedAt });
  const supplement = event('supplement-requested');
  if (supplement || f.progress?.awaitingSupplement)
    out.push({ no: '02', titleVi: LEGAL_FORM_TITLES['02'], issuedAt: supplement?.at ?? null });
  if (f.progress?.statusCode === 3)
    out.push({
      no: '03',
      titleVi: LEGAL_FORM_TITLES['03'],
      issuedAt: event('not-accepted')?.at ?? f.progress.endedAt,
    });
  const apology = [...f.documents].reverse().find((d) => d.kind === 'apology-letter');
  if (apology)
    out.push({ no: '04', titleVi: apology.titleVi, issuedAt: apology.createdAt, document: apology });
  const stop = [...f.documents].reverse().find((d) => d.kind === 'stop-notice');
  if (stop) out.push({ no: '05', titleVi: stop.titleVi, issuedAt: stop.createdAt, document: stop });
  if (f.progress?.statusCode === 10 && f.progress.outcome === 'refused')
    out.push({
      no: REFUSAL_LETTER,
      titleVi: LEGAL_FORM_TITLES[REFUSAL_LETTER],
      // The history's own entry when its follower has recorded it, else the end event's time.
      issuedAt: [...f.history].reverse().find((e) => e.statusCode === 10)?.at ?? f.progress.endedAt,
    });
  return out;
}

/** "ngày 05 tháng 03 năm 2026", the way Vietnamese administrative documents date themselves. */
export function longDateVi(at: Date | string | null | undefined): string {
  const d = formatDateVi(at);
  if (!d) return 'ngày … tháng … năm …';
  const [dd, mm, yyyy] = d.split('/');
  return `ngày ${dd} tháng ${mm} năm ${yyyy}`;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function applicantName(d: Dossier): string {
  const s = d.submittedData;
  return text(s.fullName) || text(s.organizationName) || text(s.applicantName);
}

/** Form 02: the documents the desk named, with its reasons (when it named any). */
function requestedDocumentsPart(requested: RequestedDocument[]): SafeHtml {
  if (!requested.length) return html``;
  return html`<p>Thành phần hồ sơ cần bổ sung hoặc thay thế:</p>
    <ol class="requested-documents">
      ${requested.map((r) => html`<li>${r.nameVi}: ${r.reason}</li>`)}
    </ol>`;
}

function applicantLines(d: Dossier): SafeHtml {
  const s = d.submittedData;
  const name = applicantName(d);
  return html`<p>Ông/Bà/Tổ chức: <strong>${name || '…'}</strong></p>
    ${text(s.citizenId) && html`<p>Số định danh cá nhân: ${text(s.citizenId)}</p>`}
    ${text(s.address) && html`<p>Địa chỉ: ${text(s.address)}</p>`}
    ${text(s.phone) && html`<p>Số điện thoại: ${text(s.phone)}</p>`}
    ${text(s.email) && html`<p>Thư điện tử: ${text(s.email)}</p>`}`;
}

function formBody(no: LegalFormNo, f: LegalFormFacts, form: AvailableForm): SafeHtml {
  const { dossier: d, procedure, progress: p } = f;
  const agency = procedure?.agencyVi ?? 'Cơ quan giải quyết';
  const procedureName = procedure?.nameVi ?? d.procedureKey;
  switch (no) {
    case '01':
      return html`<p>${agency} đã tiếp nhận hồ sơ của:</p>
        ${applicantLines(d)}
        <p>Nội dung yêu cầu giải quyết: ${procedureName}.</p>
        <p>Hình thức nộp: trực tuyến qua Cổng dịch vụ công.</p>
        <p>Thời gian nhận hồ sơ: ${formatDateTimeVi(p?.receivedAt ?? d.submittedAt)}.</p>
        <p>
          Thời gian trả kết quả giải quyết hồ sơ:
          <strong class="appointment"
            >${p?.appointmentDate ? formatDateVi(p.appointmentDate) : 'chưa xác định'}</strong
          >.
        </p>
        ${
          p?.newAppointmentDate &&
          html`<p>
            Ngày hẹn trả kết quả mới (phiếu xin lỗi, mẫu 04): ${formatDateVi(p.newAppointmentDate)}.
          </p>`
        }
        <p>Nhận kết quả tại: Cổng dịch vụ công (trực tuyến).</p>`;
    case '02':
      return html`<p>
          ${longDateVi(p?.receivedAt ?? d.submittedAt).replace(/^n/, 'N')}, ${agency} tiếp nhận hồ sơ của:
        </p>
        ${applicantLines(d)}
        <p>Nội dung yêu cầu giải quyết: ${procedureName}.</p>
        <p>
          Sau khi xem xét, hồ sơ chưa đầy đủ, hợp lệ. Đề nghị bổ sung, hoàn thiện hồ sơ gồm những nội dung
          sau:
        </p>
        <blockquote class="reasons">${p?.completenessNote ?? '…'}</blockquote>
        ${requestedDocumentsPart(latestRoundRequest(f.history))}
        <p>
          Tổ chức, cá nhân bổ sung trực tuyến trên Cổng dịch vụ công (mục “Hồ sơ của tôi”); thời gian giải
          quyết tạm dừng trong thời gian chờ bổ sung.
        </p>`;
    case '03':
      return html`<p>${agency} đã nhận hồ sơ của:</p>
        ${applicantLines(d)}
        <p>Nội dung yêu cầu giải quyết: ${procedureName}.</p>
        <p>Hồ sơ không được tiếp nhận giải quyết. Lý do:</p>
        <blockquote class="reasons">${p?.completenessNote ?? p?.rejectionReason ?? '…'}</blockquote>`;
    case REFUSAL_LETTER:
      return html`<p>Kính gửi: <strong>${applicantName(d) || '…'}</strong></p>
        <p>
          ${agency} đã nhận hồ sơ mã số
          <span class="dossier-code">${p?.dossierCode ?? d.dossierCode ?? '…'}</span>
          (nộp ${formatDateVi(p?.receivedAt ?? d.submittedAt)}) đề nghị giải quyết thủ tục: ${procedureName}.
        </p>
        <p>Sau khi xem xét, thẩm định hồ sơ, ${agency} từ chối giải quyết hồ sơ. Lý do:</p>
        <blockquote class="reasons refusal-reason">${p?.decisionNote ?? '…'}</blockquote>
        <p>Tổ chức, cá nhân có quyền khiếu nại, khởi kiện theo quy định của pháp luật.</p>`;
    case '04':
    case '05': {
      const doc = form.document!;
      return html`${applicantLines(d)} ${doc.body.split('\n').map((line) => html`<p>${line}</p>`)}
      ${
        doc.newAppointmentDate &&
        html`<p>
          <strong
            >Ngày hẹn trả kết quả mới:
            <span class="new-appointment">${formatDateVi(doc.newAppointmentDate)}</span></strong
          >
        </p>`
      }`;
    }
  }
}

/** The print view of one form: a standalone A4 page (the site's header and navigation are left out). */
export function legalFormPage(f: LegalFormFacts, form: AvailableForm, backHref: string): SafeHtml {
  const agency = f.procedure?.agencyVi ?? 'Cơ quan giải quyết';
  const code = f.progress?.dossierCode ?? f.dossier.dossierCode ?? '…';
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${formLabel(form)} — ${code}</title>
        <link rel="stylesheet" href="/static/styles.css" />
      </head>
      <body class="print-body">
        <nav class="print-toolbar" aria-label="Thao tác">
          <a href="${backHref}">← Quay lại hồ sơ</a>
          <span>Dùng chức năng In của trình duyệt (Ctrl+P) để in hoặc lưu PDF.</span>
        </nav>
        <article class="legal-form" data-form="${form.no}">
          <header class="legal-form-head">
            <div class="issuer">
              <p class="agency">${agency.toUpperCase()}</p>
              <p>Mã hồ sơ: <span class="dossier-code">${code}</span></p>
            </div>
            <div class="motto">
              <p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
              <p class="motto-line">Độc lập - Tự do - Hạnh phúc</p>
              <p class="place-date"><em>${longDateVi(form.issuedAt).replace(/^n/, 'N')}</em></p>
            </div>
          </header>
          ${form.no !== REFUSAL_LETTER && html`<p class="form-no">Mẫu số ${form.no}</p>`}
          <h1>${form.titleVi.toUpperCase()}</h1>
          <section class="legal-form-body">${formBody(form.no, f, form)}</section>
          <footer class="legal-form-foot">
            <p class="muted small">
              Văn bản điện tử do Cổng dịch vụ công Bộ Khoa học và Công nghệ lập từ dữ liệu hồ sơ; bản in không
              có chữ ký số.
            </p>
          </footer>
        </article>
      </body>
    </html>`;
}

/** "Mẫu 02 — Phiếu yêu cầu…", or the title alone for the unnumbered refusal letter. */
function formLabel(f: AvailableForm): string {
  return f.no === REFUSAL_LETTER ? f.titleVi : `Mẫu ${f.no} — ${f.titleVi}`;
}

/** Links to the printable forms, for the dossier pages of the applicant and of officers. */
export function formsSection(forms: AvailableForm[], baseHref: string): SafeHtml {
  if (!forms.length) return html``;
  return html`<section class="panel legal-forms">
    <h2>Giấy tờ in được <span class="en" lang="en">Printable forms</span></h2>
    <ul>
      ${forms.map(
        (x) =>
          html`<li>
            <a href="${baseHref}/in/${x.no}">${formLabel(x)}</a>
            ${x.issuedAt && html`<span class="muted">(${formatDateVi(x.issuedAt)})</span>`}
          </li>`,
      )}
    </ul>
  </section>`;
}
