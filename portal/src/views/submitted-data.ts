import { listFormFields, type FormSchema } from '@motcua/forms';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateVi } from './format.js';

/** Reads `a.b` or `list[].x` (one level of list) from submitted data. */
function valueAt(data: Record<string, unknown>, key: string): unknown {
  const listMatch = /^(.*?)\[\]\.(.+)$/.exec(key);
  if (listMatch) {
    const list = valueAt(data, listMatch[1]!);
    return Array.isArray(list)
      ? list.map((item) =>
          item && typeof item === 'object'
            ? valueAt(item as Record<string, unknown>, listMatch[2]!)
            : undefined,
        )
      : undefined;
  }
  let cur: unknown = data;
  for (const seg of key.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function show(value: unknown, options?: { label: string; value: unknown }[]): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.map((v) => show(v, options)).join('; ');
  const option = options?.find((o) => o.value === value);
  if (option) return option.label;
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDateVi(value);
  return String(value);
}

/** The submitted values as a definition list, labelled as the form labels them. */
export function submittedDataTable(schema: FormSchema | undefined, data: Record<string, unknown>): SafeHtml {
  if (!schema) return html`<p class="muted">Không có biểu mẫu để hiển thị dữ liệu.</p>`;
  const fields = listFormFields(schema);
  return html`<dl class="data-list">
    ${fields.map(
      (f) =>
        html`<div>
          <dt>${f.label}</dt>
          <dd>${show(valueAt(data, f.key), f.options)}</dd>
        </div>`,
    )}
  </dl>`;
}
