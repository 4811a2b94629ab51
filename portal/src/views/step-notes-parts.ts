import { html, type SafeHtml } from '../http/html.js';
import type { StepNote } from '../officer/step-notes.js';
import { formatDateTimeVi } from './format.js';

/**
 * What each step decided and noted, who and when (officers only: the appraiser's opinion is
 * internal). On the dossier page every step; on a task page the steps before it.
 */
export function stepNotesSection(notes: StepNote[], o: { title: string; id: string }): SafeHtml {
  if (!notes.length) return html``;
  return html`<section class="panel step-notes" aria-labelledby="${o.id}">
    <h2 id="${o.id}">${o.title}</h2>
    <ol class="step-note-list">
      ${notes.map(
        (n) =>
          html`<li class="step-note" data-step="${n.taskDefinitionKey}">
            <h3>${n.stepName}</h3>
            <p class="muted small">${n.actorName ?? 'Không rõ người xử lý'} · ${formatDateTimeVi(n.at)}</p>
            ${
              n.entries.length
                ? html`<dl class="note-entries">
                    ${n.entries.map(
                      (e) =>
                        html`<div data-key="${e.key}">
                          <dt>${e.label}</dt>
                          <dd>${e.value}</dd>
                        </div>`,
                    )}
                  </dl>`
                : html`<p class="muted">Không có ghi chú.</p>`
            }
          </li>`,
      )}
    </ol>
  </section>`;
}
