/** The form-js Editor for the draft's forms; each form keeps its id (= the `camunda:formRef`). */
import { FormEditor } from '@bpmn-io/form-js-editor';

import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';

export interface FormsEditor {
  /** Every form, with the one being edited taken from the editor. */
  allForms(): Record<string, unknown>;
  show(formId: string): Promise<void>;
}

export function createFormsEditor(
  container: HTMLElement,
  forms: Record<string, unknown>,
  onChange: () => void,
): FormsEditor {
  const state: Record<string, unknown> = { ...forms };
  let editor: FormEditor | null = null;
  let current: string | null = null;

  const capture = () => {
    if (!editor || !current) return;
    const schema = editor.saveSchema() as Record<string, unknown>;
    state[current] = { ...schema, id: current };
  };

  return {
    allForms() {
      capture();
      return { ...state };
    },
    async show(formId) {
      capture();
      if (!editor) {
        editor = new FormEditor({ container, exporter: { name: 'motcua-studio', version: '1' } });
        editor.on('changed', onChange);
      }
      current = formId;
      await editor.importSchema(state[formId] as Parameters<FormEditor['importSchema']>[0]);
    },
  };
}
