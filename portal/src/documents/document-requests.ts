import type { DossierHistoryEntry } from '@motcua/db/portal';

/** A document the desk asks the applicant to add or replace, with the reason. */
export interface RequestedDocument {
  slot: number;
  nameVi: string;
  reason: string;
}

/** History kinds of the desk's request (written by DocumentService) and of the applicant's answer. */
const REQUESTED = 'documents-requested';
const ROUND_OPENED = 'supplement-requested';
const ANSWERED = 'supplemented';

function documentsOf(e: DossierHistoryEntry): RequestedDocument[] {
  return ((e.detail?.documents as RequestedDocument[] | undefined) ?? []).filter(
    (r) => typeof r.slot === 'number' && typeof r.nameVi === 'string',
  );
}

/** What the open supplement round asks for (none once the applicant answered it). */
export function pendingRequest(history: DossierHistoryEntry[]): RequestedDocument[] {
  let pending: RequestedDocument[] = [];
  for (const e of history) {
    if (e.kind === REQUESTED) pending = documentsOf(e);
    if (e.kind === ANSWERED) pending = [];
  }
  return pending;
}

/**
 * What the latest supplement round asked for, answered or not (form 02 prints it). The desk's
 * request is written when it completes its check, before the worker records the round's start.
 */
export function latestRoundRequest(history: DossierHistoryEntry[]): RequestedDocument[] {
  let current: RequestedDocument[] = [];
  let previous: RequestedDocument[] = [];
  let open = false;
  for (const e of history) {
    if (e.kind === REQUESTED) current = documentsOf(e);
    if (e.kind === ROUND_OPENED) open = true;
    if (e.kind === ANSWERED) {
      previous = current;
      current = [];
      open = false;
    }
  }
  return open || current.length ? current : previous;
}
