import { html, type SafeHtml } from '../http/html.js';
import { dueState } from '../officer/due-state.js';
import { formatDateVi } from './format.js';

/**
 * The legal due date (Hạn xử lý) dd/mm/yyyy, with its state in words as well as colour:
 * "Quá hạn" past it, "Sắp đến hạn" from today for NEAR_DUE_DAYS days.
 */
export function dueCell(due: string | null | undefined, now: Date): SafeHtml {
  const state = dueState(due, now);
  if (!due || !state) return html`<span class="muted">Chưa có</span>`;
  if (state === 'overdue')
    return html`<span class="due-date overdue">${formatDateVi(due)}</span>
      <span class="badge badge-late">Quá hạn</span>`;
  if (state === 'near')
    return html`<span class="due-date near-due">${formatDateVi(due)}</span>
      <span class="badge badge-near">Sắp đến hạn</span>`;
  return html`<span class="due-date">${formatDateVi(due)}</span>`;
}
