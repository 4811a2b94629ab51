import type {
  Dossier,
  DossierAttachment,
  DossierDocument,
  DossierHistoryEntry,
  StaffNotification,
} from '@motcua/db/portal';
import type { FormSchema } from '@motcua/forms';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import { channelLabelVi } from '../dossiers/channel.js';
import { html, type SafeHtml } from '../http/html.js';
import type { FieldErrors } from '../officer/officer-input.js';
import type { WaitingDossier } from '../officer/officer-actions.service.js';
import type { DiagramStep } from '../officer/process-diagram.service.js';
import { timeline } from './applicant-pages.js';
import { documentsSection, historySection } from './dossier-life-parts.js';
import { dvcqgSyncSection } from './dvcqg-sync-parts.js';
import type { DvcqgSyncState } from '../national-portal/dvcqg-sync.service.js';
import { dossierFilesSection } from './document-parts.js';
import { formatDateTimeVi, formatDateVi } from './format.js';
import { statusBadge } from './status-badge.js';
import { stepNotesSection } from './step-notes-parts.js';
import type { StepNote } from '../officer/step-notes.js';
import { layout, type PageContext } from './layout.js';
import { formsSection, type AvailableForm } from './legal-forms.js';
import { submittedDataTable } from './submitted-data.js';

/** What the officer may record on this dossier now (the process waits and the user's group may). */
export interface OfficerDossierActions {
  payment: boolean;
  agencyReply: boolean;
}

/** What a form that came back with errors keeps: the values typed and the message per field. */
export interface FormReply {
  which: 'payment' | 'agency';
  values: Record<string, string>;
  errors: FieldErrors;
  message?: string;
}

export interface OfficerDossierView {
  dossier: Dossier;
  procedure: CatalogueEntry;
  progress: DossierProgress | null;
  schema: FormSchema | undefined;
  history: DossierHistoryEntry[];
  documents: DossierDocument[];
  forms: AvailableForm[];
  /** Every finished step's decision and note, with who and when. */
  notes?: StepNote[];
  /** The files uploaded to the dossier (current and replaced; officers open both). */
  files?: DossierAttachment[];
  actions: OfficerDossierActions;
  /** The process diagram: where the page's script reads its data, and the steps (null: engine down). */
  diagram: { src: string; steps: DiagramStep[] | null } | null;
  reply?: FormReply;
  flash?: string;
  /** The dossier's sync with the national portal (issue 13). */
  dvcqgSync?: DvcqgSyncState;
}

const STEP_STATE_VI: Record<DiagramStep['state'], string> = {
  active: 'đang xử lý',
  done: 'đã xong',
  canceled: 'đã hủy',
};

/**
 * The process with the current step and the path taken (bpmn-js NavigatedViewer, drawn by
 * /static/process-diagram.js from the same-origin JSON at `src`), a legend, and the steps as a
 * list — the text alternative of the drawing.
 */
export function processDiagramSection(diagram: NonNullable<OfficerDossierView['diagram']>): SafeHtml {
  return html`<section class="panel process-diagram-panel" aria-labelledby="so-do-quy-trinh">
    <h2 id="so-do-quy-trinh">Sơ đồ quy trình <span class="en" lang="en">Process diagram</span></h2>
    <figure class="process-diagram-figure">
      <div id="process-diagram" class="process-diagram" data-src="${diagram.src}"></div>
      <figcaption class="muted small" id="process-diagram-status" role="status" aria-live="polite">
        Đang tải sơ đồ quy trình… Danh sách các bước ở bên dưới.
      </figcaption>
    </figure>
    <ul class="diagram-legend" aria-label="Chú giải sơ đồ">
      <li>
        <span class="legend-swatch legend-current" aria-hidden="true"></span> Bước đang xử lý (hồ sơ đã kết
        thúc: nơi kết thúc)
      </li>
      <li><span class="legend-swatch legend-visited" aria-hidden="true"></span> Bước đã qua</li>
      <li>
        <span class="legend-swatch legend-path" aria-hidden="true"></span> Đường đã đi — ước tính: luồng nối
        hai bước đã qua (hệ thống không lưu lịch sử từng luồng, nên với vòng lặp hoặc nhánh gộp có thể tô
        thừa)
      </li>
    </ul>
    <h3 id="cac-buoc">Các bước đã và đang xử lý</h3>
    ${
      diagram.steps === null
        ? html`<p class="muted">Chưa lấy được các bước từ hệ thống xử lý hồ sơ.</p>`
        : diagram.steps.length === 0
          ? html`<p class="muted">Chưa có bước nào.</p>`
          : html`<ol class="diagram-steps" aria-labelledby="cac-buoc">
              ${diagram.steps.map(
                (s) =>
                  html`<li class="step-${s.state}" data-activity-id="${s.activityId}">
                    <span class="step-name">${s.name}</span> — ${STEP_STATE_VI[s.state]}
                    (${formatDateTimeVi(s.startTime)}${s.endTime ? html` → ${formatDateTimeVi(s.endTime)}` : ''})
                  </li>`,
              )}
            </ol>`
    }
    <script type="module" src="/static/process-diagram.js"></script>
  </section>`;
}

function fieldError(reply: FormReply | undefined, which: FormReply['which'], name: string): SafeHtml {
  const msg = reply?.which === which ? reply.errors[name] : undefined;
  return msg ? html`<p class="field-error" id="${which}-${name}-error">${msg}</p>` : html``;
}

const kept = (reply: FormReply | undefined, which: FormReply['which'], name: string) =>
  reply?.which === which ? (reply.values[name] ?? '') : '';

function paymentForm(ctx: PageContext, d: Dossier, reply?: FormReply): SafeHtml {
  return html`<section class="panel officer-action" id="le-phi">
    <h2>Ghi nhận lệ phí đã nộp <span class="en" lang="en">Record the fee paid</span></h2>
    <p class="muted small">
      Hồ sơ đang chờ tổ chức, cá nhân nộp phí, lệ phí. Khi đã thu (tại bộ phận một cửa hoặc chuyển khoản), ghi
      nhận để hồ sơ được chuyển xử lý tiếp.
    </p>
    ${reply?.which === 'payment' && reply.message && html`<p class="alert alert-error" role="alert">${reply.message}</p>`}
    <form method="post" action="/can-bo/ho-so/${d.id}/le-phi" class="stack">
      <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
      <label for="amountVnd">Số tiền đã nộp (đồng)</label>
      <input
        id="amountVnd"
        name="amountVnd"
        inputmode="numeric"
        required
        value="${kept(reply, 'payment', 'amountVnd')}"
      />
      ${fieldError(reply, 'payment', 'amountVnd')}
      <label for="receiptNo">Số biên lai</label>
      <input
        id="receiptNo"
        name="receiptNo"
        maxlength="50"
        required
        value="${kept(reply, 'payment', 'receiptNo')}"
      />
      ${fieldError(reply, 'payment', 'receiptNo')}
      <label for="paidOn">Ngày nộp (dd/mm/yyyy)</label>
      <input
        id="paidOn"
        name="paidOn"
        required
        placeholder="dd/mm/yyyy"
        value="${kept(reply, 'payment', 'paidOn')}"
      />
      ${fieldError(reply, 'payment', 'paidOn')}
      <div class="form-actions"><button type="submit" class="button">Ghi nhận đã nộp lệ phí</button></div>
    </form>
  </section>`;
}

function agencyForm(ctx: PageContext, d: Dossier, reply?: FormReply): SafeHtml {
  return html`<section class="panel officer-action" id="phoi-hop">
    <h2>Ghi nhận ý kiến cơ quan phối hợp <span class="en" lang="en">Record the agency's reply</span></h2>
    <p class="muted small">Hồ sơ đang chờ ý kiến của cơ quan, đơn vị được lấy ý kiến.</p>
    ${reply?.which === 'agency' && reply.message && html`<p class="alert alert-error" role="alert">${reply.message}</p>`}
    <form method="post" action="/can-bo/ho-so/${d.id}/phoi-hop" class="stack">
      <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
      <label for="agency">Cơ quan phối hợp</label>
      <input id="agency" name="agency" maxlength="200" required value="${kept(reply, 'agency', 'agency')}" />
      ${fieldError(reply, 'agency', 'agency')}
      <label for="replyText">Nội dung trả lời</label>
      <textarea id="replyText" name="replyText" rows="4" maxlength="2000" required>
${kept(reply, 'agency', 'replyText')}</textarea>
      ${fieldError(reply, 'agency', 'replyText')}
      <div class="form-actions">
        <button type="submit" class="button">Ghi nhận cơ quan phối hợp đã trả lời</button>
      </div>
    </form>
  </section>`;
}

/** The dossier as an officer of the procedure sees it, with what they may record now. */
export function officerDossierPage(
  ctx: PageContext,
  v: OfficerDossierView,
  statusLabel: (code: number) => string,
): SafeHtml {
  const { dossier: d, progress: p } = v;
  const code = p?.dossierCode ?? d.dossierCode ?? 'Hồ sơ';
  return layout(
    ctx,
    `Hồ sơ ${code}`,
    html`<nav class="breadcrumb" aria-label="Vị trí">
        <a href="/can-bo/ho-so">Hồ sơ của đơn vị</a> › ${code}
      </nav>
      <section class="panel">
        <h1>${v.procedure.nameVi}</h1>
        ${v.flash && html`<p class="alert alert-ok" role="status">${v.flash}</p>`}
        ${
          // A record refused because nothing waits any more: its form is gone, so say it here.
          v.reply?.message &&
          !(v.reply.which === 'payment' ? v.actions.payment : v.actions.agencyReply) &&
          html`<p class="alert alert-error" role="alert">${v.reply.message}</p>`
        }
        <dl class="facts">
          <div>
            <dt>Mã hồ sơ</dt>
            <dd class="dossier-code">${code}</dd>
          </div>
          <div>
            <dt>Trạng thái</dt>
            <dd class="dossier-status">
              ${statusBadge(
                p?.statusCode ?? d.statusCode,
                p ? p.statusVi : d.statusCode ? statusLabel(d.statusCode) : '—',
                p ? p.outcome : d.outcome,
              )}
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
              <dt>Ngày hẹn trả</dt>
              <dd class="appointment">${formatDateVi(p.appointmentDate)}</dd>
            </div>`
          }
          ${
            p?.newAppointmentDate &&
            html`<div>
              <dt>Ngày hẹn trả mới (mẫu 04)</dt>
              <dd>${formatDateVi(p.newAppointmentDate)}</dd>
            </div>`
          }
        </dl>
      </section>
      ${v.actions.payment && paymentForm(ctx, d, v.reply)}
      ${v.actions.agencyReply && agencyForm(ctx, d, v.reply)}
      ${stepNotesSection(v.notes ?? [], { title: 'Ý kiến xử lý các bước', id: 'y-kien' })}
      ${formsSection(v.forms, `/can-bo/ho-so/${d.id}`)} ${documentsSection(v.documents)}
      ${
        v.files &&
        dossierFilesSection({
          files: v.files,
          hrefOf: (f) => `/can-bo/ho-so/${d.id}/tai-lieu/${f.id}`,
          previewOf: (f) =>
            f.mediaType === 'application/pdf' || f.mediaType.startsWith('image/')
              ? `/can-bo/ho-so/${d.id}/tai-lieu/${f.id}?xem=1`
              : null,
        })
      }
      ${historySection(v.history, statusLabel)}
      ${v.dvcqgSync && dvcqgSyncSection(ctx, d.id, v.dvcqgSync, statusLabel)}
      ${
        p?.steps.length &&
        html`<section class="panel">
          <h2>Quá trình xử lý <span class="en" lang="en">Progress</span></h2>
          ${timeline(p)}
        </section>`
      }
      ${v.diagram && processDiagramSection(v.diagram)}
      <section class="panel">
        <h2>Thông tin đã khai <span class="en" lang="en">Submitted information</span></h2>
        ${submittedDataTable(v.schema, d.submittedData)}
      </section>`,
    v.diagram ? html`<link rel="stylesheet" href="/static/process-diagram.css" />` : undefined,
  );
}

/** Dossiers that wait for something outside the platform the user's group records. */
export function waitingPanel(items: WaitingDossier[]): SafeHtml {
  if (!items.length) return html``;
  return html`<section class="panel waiting" aria-labelledby="cho-ghi-nhan">
    <h2 id="cho-ghi-nhan">Hồ sơ chờ ghi nhận <span class="en" lang="en">Waiting for a record</span></h2>
    <ul class="waiting-list">
      ${items.map(
        (w) =>
          html`<li data-waits-for="${w.waitsFor}">
            <a href="/can-bo/ho-so/${w.dossier.id}#${w.waitsFor === 'payment' ? 'le-phi' : 'phoi-hop'}"
              >${w.dossier.dossierCode ?? w.dossier.id}</a
            >
            — ${w.procedure.nameVi}:
            ${w.waitsFor === 'payment' ? 'chờ nộp phí, lệ phí' : 'chờ ý kiến cơ quan phối hợp'}
            <span class="muted">(từ ${formatDateTimeVi(w.since)})</span>
          </li>`,
      )}
    </ul>
  </section>`;
}

/** One deadline reminder, for the leader to act on: the dossier, its due date, "seen". */
export function reminderPage(
  ctx: PageContext,
  n: StaffNotification,
  o: {
    dossier: Dossier | null;
    procedure: CatalogueEntry | undefined;
    progress: DossierProgress | null;
    seenAt: Date | null;
    flash?: string;
  },
): SafeHtml {
  const due = o.progress?.newAppointmentDate ?? o.progress?.appointmentDate ?? n.dueDate;
  return layout(
    ctx,
    'Nhắc hạn xử lý hồ sơ',
    html`<nav class="breadcrumb" aria-label="Vị trí">
        <a href="/can-bo/cong-viec">Công việc cần xử lý</a> › Nhắc hạn
      </nav>
      <section class="panel reminder">
        <h1>Nhắc hạn xử lý hồ sơ <span class="en" lang="en">Deadline reminder</span></h1>
        ${o.flash && html`<p class="alert alert-ok" role="status">${o.flash}</p>`}
        <p>${n.textVi}</p>
        <dl class="facts">
          <div>
            <dt>Mã hồ sơ</dt>
            <dd class="dossier-code">${n.dossierCode ?? o.dossier?.dossierCode ?? '—'}</dd>
          </div>
          <div>
            <dt>Thủ tục</dt>
            <dd>${o.procedure?.nameVi ?? '—'}</dd>
          </div>
          <div>
            <dt>Hạn trả kết quả</dt>
            <dd class="due">${due ? formatDateVi(due) : '—'}</dd>
          </div>
          <div>
            <dt>Trạng thái</dt>
            <dd>
              ${o.progress ? statusBadge(o.progress.statusCode, o.progress.statusVi, o.progress.outcome) : '—'}
            </dd>
          </div>
          <div>
            <dt>Nhắc lúc</dt>
            <dd>${formatDateTimeVi(n.createdAt)}</dd>
          </div>
        </dl>
        <div class="actions">
          ${o.dossier && html`<a class="button button-secondary" href="/can-bo/ho-so/${o.dossier.id}">Mở hồ sơ</a>`}
          ${
            o.seenAt
              ? html`<span class="seen">Đã xem lúc ${formatDateTimeVi(o.seenAt)}</span>`
              : html`<form method="post" action="/can-bo/nhac-han/${n.id}/da-xem" class="inline">
                  <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
                  <button type="submit" class="button">Đánh dấu đã xem</button>
                </form>`
          }
        </div>
      </section>`,
  );
}
