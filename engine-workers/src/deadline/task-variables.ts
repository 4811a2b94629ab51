import type { ExternalTaskInfo } from '../runtime/define-handler.js';

export function stringVar(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/**
 * The portal's dossier id: the business key, or the `dossierId` variable the portal also sets.
 * Without either the task cannot be tied to a dossier: a technical failure (retries, then an
 * incident an administrator sees), not a business outcome the model handles.
 */
export function requireDossierId(task: ExternalTaskInfo): string {
  const id = task.businessKey ?? stringVar(task.variables.dossierId);
  if (!id) throw new Error(`Process instance ${task.processInstanceId} has no business key (dossier id)`);
  return id;
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`, the Vietnamese way of writing a date (`@motcua/domain`'s). */
export { formatDateVi } from '@motcua/domain';
