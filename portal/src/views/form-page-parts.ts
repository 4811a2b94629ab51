import { readFileSync } from 'node:fs';
import { html, jsonForScript, lazyHtml, type SafeHtml } from '../http/html.js';

/**
 * The mount point of a form-js form: the schema and the submit settings travel as JSON data
 * blocks (never executed, so the CSP stays `script-src 'self'`), read by /static/form-page.js.
 */
export function formJsMount(o: {
  schema: unknown;
  data?: Record<string, unknown>;
  submitUrl: string;
  submitLabel: string;
  csrfToken: string;
  /** An HTML form on the page whose fields travel with the data as `meta` (the desk's choices). */
  metaFormId?: string;
}): SafeHtml {
  return html`<div class="form-errors" id="form-errors" role="alert" aria-live="assertive" hidden></div>
    <div id="form-container" class="form-container"></div>
    <script type="application/json" id="form-schema">
      ${jsonForScript(o.schema)}
    </script>
    <script type="application/json" id="form-config">
      ${jsonForScript({
        submitUrl: o.submitUrl,
        csrfToken: o.csrfToken,
        data: o.data ?? {},
        ...(o.metaFormId ? { metaFormId: o.metaFormId } : {}),
      })}
    </script>
    <div class="form-actions">
      <button type="button" class="button" id="form-submit">${o.submitLabel}</button>
      <span class="form-status" id="form-status" role="status" aria-live="polite"></span>
    </div>
    <noscript><p class="alert alert-error">Trang này cần JavaScript để hiển thị biểu mẫu.</p></noscript>
    <script type="module" src="/static/form-page.js"></script>`;
}

/** Where the browser build writes its bundles and `preload.json` (same place from src/ and dist/). */
const PRELOADS = new URL('../../dist/public/preload.json', import.meta.url);

/**
 * `<link rel="modulepreload">` for the chunks an entry imports (form-js for form-page.js), so the
 * browser fetches them in parallel with the entry. Without a build's `preload.json`: none.
 */
export function modulePreloads(entry: string): SafeHtml {
  let chunks: string[];
  try {
    chunks = (JSON.parse(readFileSync(PRELOADS, 'utf8')) as Record<string, string[]>)[entry] ?? [];
  } catch {
    chunks = [];
  }
  return html`${chunks.map((c) => html`<link rel="modulepreload" href="/static/${c}" />`)}`;
}

export const formJsHead: SafeHtml = lazyHtml(
  () =>
    html`<link rel="stylesheet" href="/static/form-js.css" /><link
        rel="stylesheet"
        href="/static/flatpickr-light.css"
      />${modulePreloads('form-page.js')}`,
);
