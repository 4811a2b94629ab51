import type { FormComponent, FormSchema } from './form-schema.js';
import { isContainer, isInputComponent, pathSegments } from './form-fields.js';
import { MESSAGES } from './messages.js';
import { checkDateRange, dateRangeOf, isCalendarDate, vietnamToday } from './date-rules.js';

/**
 * Server-side validation of data submitted from a form-js form. The browser validates too, but the
 * server must not trust it: this checks the same rules form-js checks (required, minLength,
 * maxLength, pattern, min, max, email/phone, number decimals/increment), plus what form-js leaves to
 * the browser widget (value types, option membership, date formats) and rejects keys the form does
 * not declare, so an applicant cannot inject process variables such as `approved`.
 *
 * Not evaluated (no FEEL on the server yet): `conditional.hide` (such fields are treated as
 * optional), and validation bounds written as FEEL expressions (`"=…"`, skipped).
 */
export interface FieldError {
  /** Data path of the field: `fullName`, `training.certificateNo`, `trainings[1].name`. */
  field: string;
  /** The field's label as the form shows it. */
  label: string;
  /** Vietnamese message for the applicant. */
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: FieldError[];
  /** The cleaned, typed values of the declared fields that were filled in (trimmed strings). */
  values: Record<string, unknown>;
}

export interface ValidateOptions {
  /** What to do with keys the form does not declare: report them (default) or drop them. */
  unknownKeys?: 'reject' | 'strip';
  /** Today (`YYYY-MM-DD`, Vietnam) for the date ranges; default the real day. */
  today?: string;
}

type Scope = { kind: 'object'; children: Map<string, Node>; label?: string };
type Node =
  | { kind: 'field'; component: FormComponent }
  | Scope
  | { kind: 'list'; component: FormComponent; item: Scope };

function newScope(label?: string): Scope {
  return { kind: 'object', children: new Map(), ...(label ? { label } : {}) };
}

/** Descends (creating as needed) to the object scope at `segs` below `scope`. */
function scopeAt(scope: Scope, segs: string[]): Scope {
  let s = scope;
  for (const seg of segs) {
    let next = s.children.get(seg);
    if (!next || next.kind !== 'object') {
      next = newScope();
      s.children.set(seg, next);
    }
    s = next;
  }
  return s;
}

/** Turns the component tree into the shape of the data it produces. */
function buildShape(components: FormComponent[], scope: Scope): void {
  for (const c of components) {
    if (isContainer(c)) {
      const segs = pathSegments(c.path);
      if (c.type === 'dynamiclist') {
        if (segs.length === 0) continue; // a list without a path produces no data
        const parent = scopeAt(scope, segs.slice(0, -1));
        const item = newScope();
        parent.children.set(segs[segs.length - 1]!, { kind: 'list', component: c, item });
        buildShape(c.components ?? [], item);
      } else {
        buildShape(c.components ?? [], scopeAt(scope, segs));
      }
    } else if (isInputComponent(c)) {
      const segs = pathSegments(c.key);
      if (segs.length === 0) continue;
      scopeAt(scope, segs.slice(0, -1)).children.set(segs[segs.length - 1]!, { kind: 'field', component: c });
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

export function validateSubmission(
  schema: FormSchema,
  data: unknown,
  options: ValidateOptions = {},
): ValidationResult {
  const root = newScope();
  buildShape(schema.components, root);
  const errors: FieldError[] = [];
  if (!isPlainObject(data)) {
    return { valid: false, errors: [{ field: '', label: '', message: MESSAGES.notAnObject }], values: {} };
  }
  const values = validateScope(root, data, '', errors, {
    unknownKeys: options.unknownKeys ?? 'reject',
    today: options.today ?? vietnamToday(),
  });
  return { valid: errors.length === 0, errors, values };
}

function validateScope(
  scope: Scope,
  data: Record<string, unknown>,
  prefix: string,
  errors: FieldError[],
  run: { unknownKeys: 'reject' | 'strip'; today: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (run.unknownKeys === 'reject') {
    for (const key of Object.keys(data)) {
      if (!scope.children.has(key))
        errors.push({ field: join(prefix, key), label: key, message: MESSAGES.unknownField });
    }
  }
  for (const [key, node] of scope.children) {
    const path = join(prefix, key);
    const raw = data[key];
    if (node.kind === 'field') {
      const r = validateField(node.component, raw, run.today);
      const label = node.component.label ?? path;
      for (const message of r.errors) errors.push({ field: path, label, message });
      if (r.errors.length === 0 && r.value !== undefined) out[key] = r.value;
    } else if (node.kind === 'object') {
      if (raw === undefined || raw === null) {
        // Nothing submitted for the group: still check its required fields.
        const inner = validateScope(node, {}, path, errors, run);
        if (Object.keys(inner).length > 0) out[key] = inner;
      } else if (!isPlainObject(raw)) {
        errors.push({ field: path, label: path, message: MESSAGES.notAnObject });
      } else {
        const inner = validateScope(node, raw, path, errors, run);
        if (Object.keys(inner).length > 0) out[key] = inner;
      }
    } else {
      const label = node.component.label ?? path;
      if (raw === undefined || raw === null) continue;
      if (!Array.isArray(raw)) {
        errors.push({ field: path, label, message: MESSAGES.notAList });
        continue;
      }
      out[key] = raw.map((item, i) => {
        const itemPath = `${path}[${i}]`;
        if (!isPlainObject(item)) {
          errors.push({ field: itemPath, label, message: MESSAGES.notAnObject });
          return {};
        }
        return validateScope(node.item, item, itemPath, errors, run);
      });
    }
  }
  return out;
}

// ---- single fields ---------------------------------------------------------------------------

interface FieldResult {
  errors: string[];
  value?: unknown;
}

/** A bound from the schema, or undefined when absent or written as a FEEL expression. */
function bound(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  if (v.trim().startsWith('=')) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function isUnset(c: FormComponent, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  // Stricter than form-js: whitespace alone does not fill a required field.
  if (typeof v === 'string' && v.trim() === '') return true;
  if (Array.isArray(v) && v.length === 0) return true;
  return c.type === 'checkbox' && v === false;
}

const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// form-js checks a list of country codes; the server only checks the international shape.
const INTERNATIONAL_PHONE = /^(\+|00)[1-9]\d{6,22}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;
const DATETIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

function decimals(n: number): number {
  const s = String(n);
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  return s.includes('.') ? s.split('.')[1]!.length : 0;
}

function optionValues(c: FormComponent): unknown[] | null {
  // Options from input data or an expression are only known in the browser.
  return c.values ? c.values.map((o) => o.value) : null;
}

function validateField(c: FormComponent, raw: unknown, today: string): FieldResult {
  const v = c.validate ?? {};
  // A field hidden by a condition is not submitted; without FEEL we cannot tell, so it is optional.
  const required = v.required === true && !c.conditional?.hide;
  if (isUnset(c, raw)) {
    if (required) return { errors: [c.type === 'checkbox' ? MESSAGES.mustBeChecked : MESSAGES.required] };
    // An unticked optional checkbox is still an answer.
    return c.type === 'checkbox' && raw === false ? { errors: [], value: false } : { errors: [] };
  }
  switch (c.type) {
    case 'textfield':
    case 'textarea':
      return validateText(c, raw);
    case 'number':
      return validateNumber(c, raw);
    case 'checkbox':
      return typeof raw === 'boolean' ? { errors: [], value: raw } : { errors: [MESSAGES.notBoolean] };
    case 'radio':
    case 'select': {
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean')
        return { errors: [MESSAGES.notAnOption] };
      const opts = optionValues(c);
      return opts && !opts.includes(raw) ? { errors: [MESSAGES.notAnOption] } : { errors: [], value: raw };
    }
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(raw)) return { errors: [MESSAGES.notAList] };
      const opts = optionValues(c);
      const bad = raw.some(
        (x) => (typeof x !== 'string' && typeof x !== 'number') || (opts !== null && !opts.includes(x)),
      );
      if (bad) return { errors: [MESSAGES.notAnOption] };
      return { errors: [], value: [...new Set(raw)] };
    }
    case 'datetime':
      return validateDatetime(c, raw, today);
    default:
      return { errors: [MESSAGES.unsupportedType(c.type)] };
  }
}

function validateText(c: FormComponent, raw: unknown): FieldResult {
  if (typeof raw !== 'string') return { errors: [MESSAGES.notText] };
  const v = c.validate ?? {};
  const errors: string[] = [];
  const trimmed = raw.trim();
  // Same semantics as form-js: the pattern is not anchored unless the schema anchors it.
  if (v.pattern && !new RegExp(v.pattern).test(raw)) errors.push(v.patternErrorMessage || MESSAGES.pattern);
  const minLength = bound(v.minLength);
  const maxLength = bound(v.maxLength);
  if (minLength !== undefined && trimmed.length < minLength) errors.push(MESSAGES.minLength(minLength));
  if (maxLength !== undefined && trimmed.length > maxLength) errors.push(MESSAGES.maxLength(maxLength));
  if (v.validationType === 'email' && !EMAIL.test(trimmed)) errors.push(MESSAGES.email);
  if (v.validationType === 'phone' && !INTERNATIONAL_PHONE.test(trimmed)) errors.push(MESSAGES.phone);
  return errors.length ? { errors } : { errors, value: trimmed };
}

function validateNumber(c: FormComponent, raw: unknown): FieldResult {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && NUMERIC.test(raw.trim())) n = Number(raw.trim());
  else return { errors: [MESSAGES.notANumber] };
  if (!Number.isFinite(n)) return { errors: [MESSAGES.notANumber] };
  const errors: string[] = [];
  if (c.decimalDigits !== undefined && decimals(n) > c.decimalDigits) {
    errors.push(c.decimalDigits === 0 ? MESSAGES.integer : MESSAGES.decimals(c.decimalDigits));
  }
  const inc = bound(c.increment);
  if (inc !== undefined && inc > 0) {
    // Compare on a decimal grid so 0.3 counts as a multiple of 0.1.
    const scale = 10 ** Math.max(decimals(n), decimals(inc));
    if (Math.round(n * scale) % Math.round(inc * scale) !== 0) errors.push(MESSAGES.increment(inc));
  }
  const v = c.validate ?? {};
  const min = bound(v.min);
  const max = bound(v.max);
  if (min !== undefined && n < min) errors.push(MESSAGES.min(min));
  if (max !== undefined && n > max) errors.push(MESSAGES.max(max));
  if (errors.length) return { errors };
  return { errors, value: c.serializeToString ? String(n) : n };
}

function validateDatetime(c: FormComponent, raw: unknown, today: string): FieldResult {
  if (typeof raw !== 'string') return { errors: [MESSAGES.notText] };
  const subtype = c.subtype ?? 'date';
  if (subtype === 'date') {
    if (!isCalendarDate(raw)) return { errors: [MESSAGES.date] };
    const outside = checkDateRange(raw, dateRangeOf(c), today);
    return outside ? { errors: [outside] } : { errors: [], value: raw };
  }
  if (subtype === 'time') return TIME.test(raw) ? { errors: [], value: raw } : { errors: [MESSAGES.time] };
  const m = DATETIME.exec(raw);
  return m && isCalendarDate(m[1]!) ? { errors: [], value: raw } : { errors: [MESSAGES.datetime] };
}
