import type { FormComponent, FormSchema } from './form-schema.js';

/** Components that show something but hold no submitted value. */
const DISPLAY_ONLY = new Set([
  'text',
  'html',
  'spacer',
  'separator',
  'image',
  'iframe',
  'button',
  'table',
  'documentPreview',
  'expression',
]);

/** Components whose children sit in the data object (optionally under `path`). */
const CONTAINERS = new Set(['group', 'dynamiclist']);

export interface FormField {
  /** Dotted data path, e.g. `fullName` or `training.certificateNo`. */
  key: string;
  label: string;
  type: string;
  required: boolean;
  /** The options of a select/radio/checklist/taglist with static values. */
  options?: { label: string; value: string | number | boolean }[];
}

export function isInputComponent(c: FormComponent): boolean {
  return !DISPLAY_ONLY.has(c.type) && !CONTAINERS.has(c.type) && typeof c.key === 'string';
}

export function isContainer(c: FormComponent): boolean {
  return CONTAINERS.has(c.type);
}

/** Splits a form-js key or path ("a.b") into segments. */
export function pathSegments(p: string | undefined): string[] {
  return p ? p.split('.').filter((s) => s.length > 0) : [];
}

/**
 * The form's input fields in display order, for summaries (dossier detail, receipt slip, inbox).
 * Fields inside a dynamic list are listed once with `[]` in their key (`trainings[].name`).
 */
export function listFormFields(schema: FormSchema): FormField[] {
  const out: FormField[] = [];
  const walk = (components: FormComponent[], prefix: string[]) => {
    for (const c of components) {
      if (isContainer(c)) {
        const segs = [...prefix, ...pathSegments(c.path)];
        if (c.type === 'dynamiclist' && segs.length > 0) segs[segs.length - 1] += '[]';
        walk(c.components ?? [], segs);
      } else if (isInputComponent(c)) {
        const key = [...prefix, ...pathSegments(c.key)].join('.');
        const field: FormField = {
          key,
          label: c.label ?? key,
          type: c.type,
          required: c.validate?.required === true,
        };
        if (c.values) field.options = c.values.map((o) => ({ label: o.label, value: o.value }));
        out.push(field);
      }
    }
  };
  walk(schema.components, []);
  return out;
}
