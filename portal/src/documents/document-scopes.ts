/** Where a staged upload belongs until it is bound to a dossier (`dossier_attachment.scope`). */
export const scopes = {
  apply: (procedureKey: string) => `apply:${procedureKey}`,
  desk: (procedureKey: string) => `desk:${procedureKey}`,
  supplement: (dossierId: string) => `supplement:${dossierId}`,
};

/** The field name of a slot in error lists (`tai-lieu-<index>`); the browser shows it by the slot. */
export const slotField = (index: number) => `tai-lieu-${index}`;
