import { ConflictError, UserInputError } from '@motcua/domain';
import type { PortalContext } from '../http/state.js';
import type { FormProblems } from '../views/admin/form-parts.js';
import { AccountFormError } from './user-admin.service.js';

/** The posted form's fields (urlencoded: a repeated field is an array). */
export function formBody(ctx: PortalContext): Record<string, unknown> {
  return (ctx.request.body ?? {}) as Record<string, unknown>;
}

/** One text field, trimmed and cut to `max` (absent or not text: ''). */
export function text(body: Record<string, unknown>, name: string, max = 300): string {
  const v = body[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
}

/** A repeated field (checkboxes) as a list of non-empty strings. */
export function list(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .map((x) => x.trim().slice(0, 100));
}

/**
 * What to show again on the form after a refused change: field errors (400), a bad value (400) or
 * a conflict such as a taken code (409). Anything else is not the user's to fix and is rethrown.
 */
export function formProblems(err: unknown): { status: number; problems: FormProblems } {
  if (err instanceof AccountFormError) return { status: 400, problems: { errors: err.errors } };
  if (err instanceof UserInputError) return { status: 400, problems: { errors: {}, message: err.message } };
  if (err instanceof ConflictError) return { status: 409, problems: { errors: {}, message: err.message } };
  throw err;
}
