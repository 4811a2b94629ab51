/**
 * The designer studio's draft editor (/thiet-ke/ban-nhap/:id): the BPMN modeler, the form editor,
 * the fee table, autosave with optimistic concurrency, the server-side check and the deploy.
 * Configuration comes from data- attributes; nothing inline. Bundled on its own (esbuild entry),
 * so ordinary portal pages never load this code.
 */
import { formatDateTimeVi } from '@motcua/domain/calendar/vietnam-time';
import { StudioApiError, studioFetch } from './studio/api.js';
import { createBpmnEditor, type BpmnEditor } from './studio/bpmn-editor.js';
import { createDmnEditor, type DmnEditor } from './studio/dmn-editor.js';
import { createFormsEditor } from './studio/form-editor.js';

interface DraftDto {
  id: string;
  rev: number;
  bpmnXml: string;
  forms: Record<string, unknown>;
  dmnXml: string | null;
}

interface Finding {
  elementId: string | null;
  message: string;
}

interface CheckDto {
  errors: Finding[];
  warnings: Finding[];
}

const AUTOSAVE_MS = 1500;

function el<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing #${id}`);
  return found as T;
}

function text(tag: string, content: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
}

function renderCheck(box: HTMLElement, check: CheckDto): void {
  box.replaceChildren();
  box.append(
    text(
      'p',
      check.errors.length
        ? `${check.errors.length} lỗi, ${check.warnings.length} cảnh báo — phải sửa hết lỗi trước khi triển khai.`
        : `Không có lỗi (${check.warnings.length} cảnh báo).`,
      check.errors.length ? 'alert alert-error' : 'alert alert-ok',
    ),
  );
  for (const [list, cls, label] of [
    [check.errors, 'check-errors', 'Lỗi'],
    [check.warnings, 'check-warnings', 'Cảnh báo'],
  ] as const) {
    if (!list.length) continue;
    const ul = document.createElement('ul');
    ul.className = cls;
    ul.setAttribute('aria-label', label);
    for (const f of list) ul.append(text('li', f.message));
    box.append(ul);
  }
}

async function main(): Promise<void> {
  const root = el<HTMLElement>('studio');
  const url = root.dataset.draftUrl!;
  const csrf = root.dataset.csrf!;
  const status = el<HTMLElement>('save-status');
  const draft = await studioFetch<DraftDto>(url, csrf, 'GET');
  let rev = draft.rev;
  let dirty = false;
  let saving: Promise<void> | null = null;
  let stopped = false;
  let timer: number | undefined;

  const checkBox = el<HTMLElement>('check-result');
  let bpmn: BpmnEditor | null = null;
  let dmn: DmnEditor | null = null;

  const runCheck = async () => {
    const check = await studioFetch<CheckDto>(`${url}/kiem-tra`, csrf, 'POST', {});
    renderCheck(checkBox, check);
    bpmn?.markProblems(
      check.errors.flatMap((f) => (f.elementId ? [f.elementId] : [])),
      check.warnings.flatMap((f) => (f.elementId ? [f.elementId] : [])),
    );
    return check;
  };

  const save = async (): Promise<void> => {
    if (stopped || !bpmn) return;
    dirty = false;
    status.textContent = 'Đang lưu…';
    try {
      const body = {
        rev,
        bpmnXml: await bpmn.saveXml(),
        forms: forms.allForms(),
        dmnXml: dmn ? await dmn.saveXml() : draft.dmnXml,
      };
      const saved = await studioFetch<{ rev: number; authorName: string; updatedAt: string }>(
        url,
        csrf,
        'PUT',
        body,
      );
      rev = saved.rev;
      status.textContent = 'Đã lưu';
      el('draft-author').textContent = saved.authorName;
      // As the page writes it (Vietnam's time, time first), whatever the browser's time zone.
      el('draft-saved-at').textContent = formatDateTimeVi(saved.updatedAt, { timeFirst: true });
      // The live check: the same rules as the deploy, after every save.
      await runCheck().catch(() => {});
    } catch (err) {
      dirty = true;
      if (err instanceof StudioApiError && err.status === 409) {
        stopped = true;
        status.textContent = err.message;
        status.classList.add('save-conflict');
      } else status.textContent = `Chưa lưu được: ${(err as Error).message}`;
    }
  };

  const flush = async () => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
    while (saving) await saving;
    if (dirty) {
      saving = save();
      await saving;
      saving = null;
    }
  };

  const changed = () => {
    dirty = true;
    status.textContent = 'Có thay đổi chưa lưu';
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(() => void flush(), AUTOSAVE_MS);
  };

  const forms = createFormsEditor(el('form-editor'), draft.forms, changed);
  bpmn = await createBpmnEditor(el('bpmn-canvas'), el('bpmn-properties'), draft.bpmnXml, changed);

  // Tabs
  const tabs = [...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = async (tab: HTMLButtonElement) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      el(t.getAttribute('aria-controls')!).hidden = !on;
    }
    if (tab.id === 'tab-forms') {
      const formSelect = el<HTMLSelectElement>('form-select');
      if (formSelect.value) await forms.show(formSelect.value);
    }
    if (tab.id === 'tab-dmn' && !dmn && draft.dmnXml)
      dmn = await createDmnEditor(el('dmn-canvas'), el('dmn-properties'), draft.dmnXml, changed);
  };
  for (const t of tabs) t.addEventListener('click', () => void select(t));
  el<HTMLSelectElement>('form-select').addEventListener('change', (e) => {
    void forms.show((e.target as HTMLSelectElement).value);
  });

  el('check-button').addEventListener('click', () => {
    void (async () => {
      await flush();
      await runCheck().catch((err: Error) => {
        checkBox.replaceChildren(text('p', err.message, 'alert alert-error'));
      });
    })();
  });

  el('deploy-button').addEventListener('click', () => {
    const out = el<HTMLElement>('deploy-result');
    void (async () => {
      await flush();
      if (stopped) return;
      out.replaceChildren(text('p', 'Đang kiểm tra và triển khai…'));
      try {
        const result = await studioFetch<{ version: number | null; resources: string[] }>(
          `${url}/trien-khai`,
          csrf,
          'POST',
          { note: el<HTMLTextAreaElement>('deploy-note').value },
        );
        out.replaceChildren(
          text(
            'p',
            result.version
              ? `Đã triển khai phiên bản ${result.version} (${result.resources.join(', ')}).`
              : `Đã triển khai (${result.resources.join(', ') || 'không có tệp nào thay đổi'}); mô hình không đổi nên không có phiên bản quy trình mới.`,
            'alert alert-ok',
          ),
        );
        await runCheck().catch(() => {});
      } catch (err) {
        const e = err as StudioApiError;
        out.replaceChildren(text('p', e.message, 'alert alert-error'));
        if (e.body?.check) renderCheck(checkBox, e.body.check as CheckDto);
      }
    })();
  });

  window.addEventListener('beforeunload', (e) => {
    if (dirty && !stopped) e.preventDefault();
  });
  root.dataset.ready = 'true';
  await runCheck().catch(() => {});
}

main().catch((err: Error) => {
  const status = document.getElementById('save-status');
  if (status) status.textContent = `Không mở được bản nháp: ${err.message}`;
});
