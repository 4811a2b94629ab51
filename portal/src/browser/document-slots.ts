/**
 * The document upload slots beside a form-js form (views/document-parts.ts): each chosen file is
 * sent at once (multipart, CSRF header) and listed in its slot with a remove button; a refusal
 * is written next to the slot (text only). Nothing else on the page changes, so what was typed
 * in the form and the other slots' files stay. The slots' lists are the state: the ids in them
 * are sent with the form.
 */

interface UploadAnswer {
  id?: string;
  name?: string;
  size?: number;
  message?: string;
}

export interface DocumentSlots {
  /** slot index → ids of its uploaded files. */
  selection(): Record<string, string[]>;
  /** Uploads still running (the form waits for them). */
  pending(): number;
  /** Writes the server's per-slot messages (`tai-lieu-<i>`) next to their slots. */
  showErrors(errors: Array<{ field: string; message: string }>): void;
}

function sizeVi(n: number): string {
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${(n / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

export function initDocumentSlots(csrfToken: string): DocumentSlots | null {
  const section = document.getElementById('document-slots');
  if (!section) return null;
  const uploadUrl = section.dataset.uploadUrl ?? '';
  let running = 0;

  const messageOf = (slot: HTMLElement) => slot.querySelector<HTMLElement>('.doc-message');
  const say = (slot: HTMLElement, text: string, kind: 'error' | 'ok' | 'busy') => {
    const box = messageOf(slot);
    if (!box) return;
    box.textContent = text;
    box.dataset.kind = kind;
  };

  function listItem(id: string, name: string, size: number): HTMLLIElement {
    const li = document.createElement('li');
    li.dataset.attachmentId = id;
    const label = document.createElement('span');
    label.className = 'doc-file-name';
    label.textContent = name;
    const meta = document.createElement('span');
    meta.className = 'muted small';
    meta.textContent = ` (${sizeVi(size)}) `;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link-button doc-remove';
    remove.textContent = 'Xoá tệp';
    li.append(label, meta, remove);
    return li;
  }

  async function upload(slot: HTMLElement, file: File): Promise<void> {
    const name = slot.dataset.name ?? '';
    const body = new FormData();
    body.append('slot', slot.dataset.slot ?? '');
    body.append('file', file, file.name);
    running++;
    say(slot, `Đang tải lên “${file.name}”…`, 'busy');
    try {
      const res = await fetch(uploadUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
        body,
      });
      const answer = (await res.json().catch(() => ({}))) as UploadAnswer;
      if (res.ok && answer.id) {
        slot
          .querySelector('.doc-files')
          ?.append(listItem(answer.id, answer.name ?? file.name, answer.size ?? 0));
        say(slot, `Đã tải lên “${file.name}”.`, 'ok');
      } else {
        say(slot, `Không nhận tệp “${file.name}”: ${answer.message ?? 'tệp không hợp lệ.'}`, 'error');
      }
    } catch {
      say(
        slot,
        `Không tải lên được “${file.name}” (${name}): không kết nối được tới máy chủ. Vui lòng thử lại.`,
        'error',
      );
    } finally {
      running--;
    }
  }

  for (const slot of section.querySelectorAll<HTMLElement>('.doc-slot')) {
    for (const input of slot.querySelectorAll<HTMLInputElement>('input[type="file"]')) {
      input.addEventListener('change', async () => {
        const files = [...(input.files ?? [])];
        for (const f of files) await upload(slot, f);
        input.value = '';
      });
    }
    slot.addEventListener('click', async (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>('.doc-remove');
      const li = button?.closest<HTMLLIElement>('li[data-attachment-id]');
      if (!button || !li) return;
      button.disabled = true;
      const res = await fetch(`/tai-lieu-tam/${encodeURIComponent(li.dataset.attachmentId ?? '')}/xoa`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
      }).catch(() => null);
      if (res?.ok || res?.status === 404) {
        li.remove();
        say(slot, 'Đã xoá tệp.', 'ok');
      } else {
        button.disabled = false;
        say(slot, 'Không xoá được tệp. Vui lòng thử lại.', 'error');
      }
    });
  }

  return {
    selection() {
      const out: Record<string, string[]> = {};
      for (const slot of section.querySelectorAll<HTMLElement>('.doc-slot')) {
        const ids = [...slot.querySelectorAll<HTMLElement>('li[data-attachment-id]')].map(
          (li) => li.dataset.attachmentId ?? '',
        );
        if (ids.length) out[slot.dataset.slot ?? ''] = ids;
      }
      return out;
    },
    pending: () => running,
    showErrors(errors) {
      for (const slot of section.querySelectorAll<HTMLElement>('.doc-slot')) {
        const mine = errors.filter((e) => e.field === `tai-lieu-${slot.dataset.slot}`);
        if (mine.length) say(slot, mine.map((e) => e.message).join(' '), 'error');
      }
    },
  };
}
