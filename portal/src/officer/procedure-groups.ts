import type { CatalogueEntry } from '../catalogue/catalogue.js';

/**
 * The candidate groups of a procedure's user tasks, read from its BPMN (`camunda:candidateGroups`
 * on `<bpmn:userTask id="…">`). The BPMN is ours (hand-modelled or generated), so a scan of the
 * start tags is enough; it is what decides which officers may act on a dossier outside a task.
 */
export function candidateGroupsByTask(bpmnXml: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const tag of bpmnXml.matchAll(/<(?:bpmn:)?userTask\b[^>]*>/g)) {
    const id = /\sid="([^"]+)"/.exec(tag[0])?.[1];
    const groups = /\scamunda:candidateGroups="([^"]*)"/.exec(tag[0])?.[1];
    if (!id || !groups) continue;
    out.set(
      id,
      groups
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    );
  }
  return out;
}

/** What an officer does on a dossier outside the inbox, and whose step it belongs to. */
export type OfficerAction = 'view' | 'record-payment' | 'record-agency-reply' | 'receive-at-desk';

/**
 * The groups that may do the action on a dossier of the procedure:
 * - `record-payment`: the one-stop desk (the completeness check's group) — it receives the fee;
 * - `receive-at-desk`: the same desk group — it receives dossiers in person and by post;
 * - `record-agency-reply`: the group that asked the other agency (the consultation step's group,
 *   else the appraisal's);
 * - `view`: any group with a step in the procedure (desk, appraisal, leader…).
 */
export function groupsFor(entry: CatalogueEntry, action: OfficerAction): string[] {
  const byTask = candidateGroupsByTask(entry.bpmnXml);
  switch (action) {
    case 'record-payment':
    case 'receive-at-desk':
      return byTask.get('UserTask_CheckCompleteness') ?? [];
    case 'record-agency-reply':
      return byTask.get('UserTask_Consultation') ?? byTask.get('UserTask_AppraiseDossier') ?? [];
    case 'view':
      return [...new Set([...byTask.values()].flat())];
  }
}

export function mayAct(userGroups: string[], entry: CatalogueEntry, action: OfficerAction): boolean {
  const allowed = groupsFor(entry, action);
  return userGroups.some((g) => allowed.includes(g));
}
