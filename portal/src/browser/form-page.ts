/**
 * Renders the page's form-js form and submits it as JSON. The schema and settings come from JSON
 * data blocks in the page; server errors are written with textContent only (never as HTML).
 * Bundled by esbuild into dist/public/form-page.js (`npm run build:browser`).
 */
import { initDocumentSlots } from './document-slots.js';
import { localiseValidator, localiseWidgets } from './form-messages-vi.js';

interface FormConfig {
  submitUrl: string;
  csrfToken: string;
  data: Record<string, unknown>;
  /** Id of a plain HTML form whose fields are sent along as `meta` (e.g. the desk's channel). */
  metaFormId?: string;
}

interface FieldError {
  field: string;
  label: string;
  message: string;
}

function readJson<T>(id: string): T {
  const el = document.getElementById(id);
  if (!el?.textContent) throw new Error(`missing #${id}`);
  return JSON.parse(el.textContent) as T;
}

function showErrors(box: HTMLElement, title: string, errors: FieldError[]): void {
  box.replaceChildren();
  const heading = document.createElement('p');
  heading.className = 'form-errors-title';
  heading.textContent = title;
  box.append(heading);
  if (errors.length) {
    const list = document.createElement('ul');
    for (const e of errors) {
      const li = document.createElement('li');
      li.textContent = e.label ? `${e.label}: ${e.message}` : e.message;
      li.dataset.field = e.field;
      list.append(li);
    }
    box.append(list);
  }
  box.hidden = false;
  box.focus();
}

function metaOf(id: string | undefined): { meta?: Record<string, string> } {
  const el = id ? document.getElementById(id) : null;
  if (!(el instanceof HTMLFormElement)) return {};
  const meta: Record<string, string> = {};
  for (const [k, v] of new FormData(el)) if (typeof v === 'string') meta[k] = v;
  return { meta };
}

async function main(): Promise<void> {
  const container = document.getElementById('form-container');
  const submit = document.getElementById('form-submit') as HTMLButtonElement | null;
  const errorsBox = document.getElementById('form-errors');
  const status = document.getElementById('form-status');
  if (!container || !submit || !errorsBox || !status) return;
  errorsBox.tabIndex = -1;

  const schema = readJson<Record<string, unknown>>('form-schema');
  const config = readJson<FormConfig>('form-config');
  // form-js is the bulk of the page's script: a chunk of its own (esbuild splitting), loaded here,
  // with the Vietnamese date picker that goes with it (flatpickr is form-js's).
  const [{ Form }, dates] = await Promise.all([
    import('@bpmn-io/form-js-viewer'),
    import('./date-input-vi.js'),
  ]);
  dates.vietnameseDatePicker();
  const form = new Form({ container });
  localiseValidator(form.get('validator'));
  dates.validateDateRanges(form.get('validator'), form.get('formFieldRegistry'));
  const typedDateErrors = dates.guardTypedDates(container);
  await form.importSchema(schema, config.data);
  localiseWidgets(container);

  // Enter in the meta form must not reload the page (and lose what was typed in the form).
  const metaForm = config.metaFormId ? document.getElementById(config.metaFormId) : null;
  metaForm?.addEventListener('submit', (e) => e.preventDefault());
  // The document slots beside the form, when the page has them (their files go up on their own).
  const slots = initDocumentSlots(config.csrfToken);

  submit.addEventListener('click', async () => {
    // A day that does not exist stays typed and refused; nothing is sent.
    const badDates = typedDateErrors();
    if (badDates.length) {
      showErrors(errorsBox, 'Vui lòng sửa các ngày không hợp lệ.', badDates);
      return;
    }
    const { data, errors } = form.submit();
    if (Object.keys(errors).length > 0) {
      showErrors(errorsBox, 'Vui lòng kiểm tra lại các trường được đánh dấu trong biểu mẫu.', []);
      return;
    }
    if (slots && slots.pending() > 0) {
      showErrors(errorsBox, 'Đang tải tệp lên, vui lòng đợi tải xong rồi bấm gửi lại.', []);
      return;
    }
    errorsBox.hidden = true;
    submit.disabled = true;
    status.textContent = 'Đang gửi…';
    try {
      const res = await fetch(config.submitUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-csrf-token': config.csrfToken,
        },
        body: JSON.stringify({
          data,
          ...metaOf(config.metaFormId),
          ...(slots ? { documents: slots.selection() } : {}),
        }),
      });
      const body = (await res.json().catch(() => ({}))) as {
        message?: string;
        errors?: FieldError[];
        redirect?: string;
      };
      if (res.ok && body.redirect) {
        status.textContent = 'Đã gửi thành công.';
        window.location.assign(body.redirect);
        return;
      }
      showErrors(errorsBox, body.message ?? 'Không gửi được. Vui lòng thử lại.', body.errors ?? []);
      slots?.showErrors(body.errors ?? []);
    } catch {
      showErrors(errorsBox, 'Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại.', []);
    } finally {
      submit.disabled = false;
      if (status.textContent === 'Đang gửi…') status.textContent = '';
    }
  });
}

void main();
