import { html, type SafeHtml } from '../../http/html.js';

/** Field errors by field name, and a message for the whole form. */
export interface FormProblems {
  errors: Record<string, string>;
  message?: string;
}

/** The error summary at the top of a form (role alert), or nothing. */
export function errorSummary(p: FormProblems | undefined): SafeHtml {
  if (!p || (!p.message && !Object.keys(p.errors).length)) return html``;
  return html`<div class="form-errors" role="alert">
    <p class="form-errors-title">Chưa lưu được. Vui lòng kiểm tra lại:</p>
    <ul>
      ${p.message && !Object.keys(p.errors).length && html`<li>${p.message}</li>`}
      ${Object.values(p.errors).map((m) => html`<li>${m}</li>`)}
    </ul>
  </div>`;
}

/** The error under one field (its id is what aria-describedby names). */
export function fieldError(p: FormProblems | undefined, name: string, id: string): SafeHtml {
  const m = p?.errors[name];
  return m ? html`<p class="field-error" id="${id}-loi">${m}</p>` : html``;
}

export function describedBy(p: FormProblems | undefined, name: string, id: string): SafeHtml {
  return p?.errors[name] ? html`aria-describedby="${id}-loi" aria-invalid="true"` : html``;
}

export function hiddenCsrf(token: string | null): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token ?? ''}" />`;
}

/** A select of options `[value, label]` with one selected. */
export function options(items: Array<[string, string]>, selected: string | null | undefined): SafeHtml[] {
  return items.map(
    ([value, label]) =>
      html`<option value="${value}" ${value === (selected ?? '') ? html`selected` : ''}>${label}</option>`,
  );
}
