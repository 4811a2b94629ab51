import type { DossierAttachment, StaffNotification } from '@motcua/db/portal';
import type { FormSchema } from '@motcua/forms';
import type { InboxItem, OpenedTask } from '../inbox/inbox-service.js';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import { html, type SafeHtml } from '../http/html.js';
import { dossierFilesSection, filePreview } from './document-parts.js';
import { formatDateTimeVi, formatDateVi } from './format.js';
import { formJsHead, formJsMount } from './form-page-parts.js';
import { layout, type PageContext } from './layout.js';
import { submittedDataTable } from './submitted-data.js';
import { timeline } from './applicant-pages.js';
import type { WaitingDossier } from '../officer/officer-actions.service.js';
import { waitingPanel } from './officer-pages.js';
import { dueCell } from './due-cell.js';
import { dueState } from '../officer/due-state.js';
import { stepNotesSection } from './step-notes-parts.js';
import type { StepNote } from '../officer/step-notes.js';

function claimButton(
  ctx: PageContext,
  taskId: string,
  action: 'nhan' | 'tra-lai',
  label: string,
  back: string,
): SafeHtml {
  return html`<form
    method="post"
    action="/can-bo/cong-viec/${encodeURIComponent(taskId)}/${action}"
    class="inline"
  >
    <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
    <input type="hidden" name="back" value="${back}" />
    <button type="submit" class="button button-small${action === 'tra-lai' ? ' button-secondary' : ''}">
      ${label}
    </button>
  </form>`;
}

/**
 * Giving a claimed task back to its group. Not "Trả lại", which officers read as returning the
 * dossier to the applicant.
 */
export const UNCLAIM_LABEL = 'Bỏ nhận việc (trả về nhóm)';

function assigneeLabel(item: InboxItem, userId: string): string {
  if (!item.task.assignee) return 'Chưa có người nhận';
  return item.task.assignee === userId ? 'Tôi' : (item.assigneeName ?? 'Cán bộ khác');
}

/** A task whose due moment has passed is late (quá hạn). */
export function isOverdue(due: string | null | undefined, now: Date): boolean {
  return !!due && new Date(due).getTime() < now.getTime();
}

/**
 * The legal due date of the task's dossier (its clock: the appointment date, or the apology
 * letter's new one), else the task's own due moment.
 */
export function legalDue(item: InboxItem): string | null {
  return item.dossier?.dueDate ?? item.task.due ?? null;
}

/** The reminders sent to the user's groups (the unit leader's deadline escalations). */
function notificationsPanel(notes: StaffNotification[], seen: Map<number, Date>): SafeHtml {
  if (!notes.length) return html``;
  return html`<section class="panel notifications" aria-labelledby="nhac-han">
    <h2 id="nhac-han">Nhắc hạn xử lý hồ sơ <span class="en" lang="en">Deadline reminders</span></h2>
    <ul class="notification-list">
      ${notes.map(
        (n) =>
          html`<li data-kind="${n.kind}" class="${seen.has(n.id) ? 'seen' : 'unseen'}">
            <span class="when">${formatDateTimeVi(n.createdAt)}</span>
            <a href="/can-bo/nhac-han/${n.id}">${n.textVi}</a>
            ${n.dueDate && html`<span class="muted">(hạn ${formatDateVi(n.dueDate)})</span>`}
            ${seen.has(n.id) ? html`<span class="badge">Đã xem</span>` : html`<span class="badge badge-late">Chưa xem</span>`}
          </li>`,
      )}
    </ul>
  </section>`;
}

export function inboxPage(
  ctx: PageContext,
  userId: string,
  items: InboxItem[],
  flash?: string,
  notifications: StaffNotification[] = [],
  now: Date = new Date(),
  more: {
    waiting?: WaitingDossier[];
    seen?: Map<number, Date>;
    /** Which page of how many tasks (the inbox is paged by the engine). */
    paging?: { total: number; page: number; pageSize: number };
  } = {},
): SafeHtml {
  return layout(
    ctx,
    'Công việc cần xử lý',
    html`${notificationsPanel(notifications, more.seen ?? new Map())} ${waitingPanel(more.waiting ?? [])}
      <section class="panel">
        <h1>Công việc cần xử lý <span class="en" lang="en">Task inbox</span></h1>
        <p><a class="button" href="/can-bo/tiep-nhan">Tiếp nhận hồ sơ trực tiếp / qua bưu chính</a></p>
        ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
        ${
          items.length === 0
            ? html`<p>Không có công việc nào đang chờ.</p>`
            : html`<table class="table table-stack">
                <thead>
                  <tr>
                    <th scope="col">Công việc</th>
                    <th scope="col">Mã hồ sơ</th>
                    <th scope="col">Thủ tục</th>
                    <th scope="col">Ngày nhận</th>
                    <th scope="col">Hạn xử lý</th>
                    <th scope="col">Người xử lý</th>
                    <th scope="col"><span class="sr-only">Thao tác</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (i) =>
                      html`<tr
                        data-task-key="${i.task.taskDefinitionKey}"
                        class="${dueState(legalDue(i), now) === 'overdue' ? 'row-late' : ''}"
                      >
                        <td data-label="Công việc">
                          <a href="/can-bo/cong-viec/${encodeURIComponent(i.task.id)}"
                            >${i.task.name ?? i.task.taskDefinitionKey}</a
                          >
                        </td>
                        <td class="nowrap" data-label="Mã hồ sơ">
                          ${
                            i.dossier
                              ? html`<a href="/can-bo/ho-so/${i.dossier.id}"
                                  >${i.dossier.dossierCode ?? 'Hồ sơ'}</a
                                >`
                              : '—'
                          }
                        </td>
                        <td data-label="Thủ tục">${i.procedure?.nameVi ?? '—'}</td>
                        <td class="nowrap" data-label="Ngày nhận">${formatDateTimeVi(i.task.created)}</td>
                        <td class="nowrap due" data-label="Hạn xử lý">${dueCell(legalDue(i), now)}</td>
                        <td data-label="Người xử lý">${assigneeLabel(i, userId)}</td>
                        <td class="nowrap">
                          ${
                            !i.task.assignee
                              ? claimButton(ctx, i.task.id, 'nhan', 'Nhận xử lý', '/can-bo/cong-viec')
                              : i.task.assignee === userId
                                ? claimButton(ctx, i.task.id, 'tra-lai', UNCLAIM_LABEL, '/can-bo/cong-viec')
                                : ''
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        ${more.paging ? pager(more.paging) : ''}
      </section>`,
  );
}

/** "Trang 2/7" with the previous and next pages, when there is more than one. */
function pager(p: { total: number; page: number; pageSize: number }): SafeHtml | '' {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (pages === 1) return '';
  const link = (n: number, label: string, rel: string) =>
    html`<a class="button button-light" rel="${rel}" href="/can-bo/cong-viec?trang=${n}">${label}</a>`;
  return html`<nav class="pager" aria-label="Phân trang công việc">
    ${p.page > 1 ? link(p.page - 1, '‹ Trang trước', 'prev') : ''}
    <span>Trang ${p.page}/${pages} (${p.total} công việc)</span>
    ${p.page < pages ? link(p.page + 1, 'Trang sau ›', 'next') : ''}
  </nav>`;
}

export function taskPage(
  ctx: PageContext,
  userId: string,
  t: OpenedTask,
  progress: DossierProgress | null,
  startForm: FormSchema | undefined,
  notes: StepNote[] = [],
  docs?: TaskDocuments,
): SafeHtml {
  const mine = t.task.assignee === userId;
  const back = `/can-bo/cong-viec/${encodeURIComponent(t.task.id)}`;
  return layout(
    ctx,
    t.task.name ?? 'Công việc',
    html`<nav class="breadcrumb" aria-label="Vị trí">
        <a href="/can-bo/cong-viec">Công việc cần xử lý</a> › ${t.task.name ?? t.task.taskDefinitionKey}
      </nav>
      <section class="panel">
        <h1>${t.task.name ?? t.task.taskDefinitionKey}</h1>
        <dl class="facts">
          <div>
            <dt>Thủ tục</dt>
            <dd>${t.procedure?.nameVi ?? '—'}</dd>
          </div>
          <div>
            <dt>Mã hồ sơ</dt>
            <dd class="dossier-code">${progress?.dossierCode ?? t.dossier?.dossierCode ?? '—'}</dd>
          </div>
          <div>
            <dt>Ngày nộp</dt>
            <dd>${t.dossier ? formatDateTimeVi(t.dossier.submittedAt) : '—'}</dd>
          </div>
          ${
            progress?.newAppointmentDate &&
            html`<div>
              <dt>Ngày hẹn trả mới (mẫu 04)</dt>
              <dd>
                ${formatDateVi(progress.newAppointmentDate)} <span class="badge badge-late">Quá hạn</span>
              </dd>
            </div>`
          }
          ${
            progress?.appointmentDate &&
            html`<div>
              <dt>Ngày hẹn trả</dt>
              <dd>${formatDateVi(progress.appointmentDate)}</dd>
            </div>`
          }
          <div>
            <dt>Hạn xử lý</dt>
            <dd>${dueCell(legalDue(t), new Date())}</dd>
          </div>
          <div>
            <dt>Người xử lý</dt>
            <dd>${assigneeLabel(t, userId)}</dd>
          </div>
        </dl>
        <div class="actions">
          ${!t.task.assignee && claimButton(ctx, t.task.id, 'nhan', 'Nhận xử lý', back)}
          ${mine && claimButton(ctx, t.task.id, 'tra-lai', UNCLAIM_LABEL, '/can-bo/cong-viec')}
        </div>
      </section>
      ${stepNotesSection(
        notes.filter((n) => n.taskId !== t.task.id),
        { title: 'Ý kiến của các bước trước', id: 'y-kien-truoc' },
      )}
      <div class="columns">
        <section class="panel grow">
          <h2>Thông tin hồ sơ <span class="en" lang="en">Dossier</span></h2>
          ${t.dossier && html`<p><a href="/can-bo/ho-so/${t.dossier.id}">Mở trang hồ sơ</a></p>`}
          ${timeline(progress)}
          ${t.dossier ? submittedDataTable(startForm, t.dossier.submittedData) : html`<p class="muted">Không tìm thấy hồ sơ của công việc này.</p>`}
          ${docs && t.dossier && taskDocumentsPart(t.dossier.id, back, docs)}
        </section>
        <section class="panel grow">
          <h2>Xử lý <span class="en" lang="en">Decision</span></h2>
          ${
            !mine
              ? html`<p class="alert">Nhận xử lý công việc để nhập kết quả.</p>`
              : t.form
                ? html`${docs?.requestForm}${formJsMount({
                    schema: t.form,
                    submitUrl: `/can-bo/cong-viec/${encodeURIComponent(t.task.id)}/hoan-thanh`,
                    submitLabel: 'Hoàn thành',
                    csrfToken: ctx.csrfToken ?? '',
                    ...(docs?.requestForm ? { metaFormId: 'requested-documents' } : {}),
                  })}`
                : html`<p class="alert alert-error">Không tìm thấy biểu mẫu của công việc này.</p>`
          }
        </section>
      </div>`,
    mine && t.form ? formJsHead : undefined,
  );
}

/** The dossier's files on a task page: the list, and the chosen PDF/image previewed beside the form. */
export interface TaskDocuments {
  files: DossierAttachment[];
  /** The file shown in the preview (`?xem=<id>` on the task page). */
  selected: DossierAttachment | null;
  /** The desk's choice of documents for a supplement (completeness check only). */
  requestForm?: SafeHtml;
}

function taskDocumentsPart(dossierId: string, taskUrl: string, docs: TaskDocuments): SafeHtml {
  const fileUrl = (f: DossierAttachment) => `/can-bo/ho-so/${dossierId}/tai-lieu/${f.id}`;
  return html`<h3>Thành phần hồ sơ <span class="en" lang="en">Documents</span></h3>
    ${
      docs.files.length
        ? dossierFilesSection({
            files: docs.files,
            heading: false,
            hrefOf: fileUrl,
            previewOf: (f) =>
              f.mediaType === 'application/pdf' || f.mediaType.startsWith('image/')
                ? `${taskUrl}?xem=${f.id}#xem-truoc`
                : null,
          })
        : html`<p class="muted">Hồ sơ không có tệp đính kèm.</p>`
    }
    ${
      docs.selected &&
      html`<div id="xem-truoc" class="doc-preview-box">
        <p class="small">
          Đang xem: <strong>${docs.selected.documentName}</strong> — ${docs.selected.originalName ?? 'tệp'}
          ${docs.selected.state === 'replaced' && html`<span class="badge badge-replaced">Đã thay thế</span>`}
        </p>
        ${filePreview(docs.selected, `${fileUrl(docs.selected)}?xem=1`)}
      </div>`
    }`;
}
