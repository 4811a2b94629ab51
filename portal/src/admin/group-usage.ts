import type { Catalogue } from '../catalogue/catalogue.js';

/** A step of a procedure that a group works in (a user task with the group as candidate). */
export interface GroupStep {
  procedureKey: string;
  procedureName: string;
  taskId: string;
  taskName: string;
}

/**
 * Which steps of the catalogue's procedures each candidate group works in, from the BPMN's
 * `camunda:candidateGroups` on each user task (the same scan as officer/procedure-groups.ts: our
 * own models). A user's access is the union over their groups.
 */
export function stepsByGroup(catalogue: Catalogue): Map<string, GroupStep[]> {
  const out = new Map<string, GroupStep[]>();
  for (const entry of catalogue.entries) {
    for (const tag of entry.bpmnXml.matchAll(/<(?:bpmn:)?userTask\b[^>]*>/g)) {
      const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag[0])?.[1];
      const taskId = attr('id');
      const groups = attr('camunda:candidateGroups');
      if (!taskId || !groups) continue;
      const step = {
        procedureKey: entry.key,
        procedureName: entry.nameVi,
        taskId,
        taskName: decodeXml(attr('name') ?? taskId),
      };
      for (const g of groups.split(',').map((x) => x.trim()))
        if (g) out.set(g, [...(out.get(g) ?? []), step]);
    }
  }
  return out;
}

/** The steps a member of all these groups may work in (each once). */
export function accessOf(groups: string[], byGroup: Map<string, GroupStep[]>): GroupStep[] {
  const seen = new Set<string>();
  const out: GroupStep[] = [];
  for (const g of groups)
    for (const s of byGroup.get(g) ?? []) {
      const key = `${s.procedureKey}#${s.taskId}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(s);
      }
    }
  return out.sort(
    (a, b) =>
      a.procedureName.localeCompare(b.procedureName, 'vi') || a.taskName.localeCompare(b.taskName, 'vi'),
  );
}

function decodeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
