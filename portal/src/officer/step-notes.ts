import type { PortalUserStore } from '@motcua/db/portal';
import type { FormComponent, FormSchema } from '@motcua/forms';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import type { DeployedForms } from '../deployed-forms/deployed-forms.js';
import type { EngineClient, HistoricTask, HistoricVariableUpdate } from '../engine/engine-client.js';

/** One answer of a step as its form labels it: "Kết quả kiểm tra: Hồ sơ đầy đủ, hợp lệ". */
export interface StepNoteEntry {
  key: string;
  label: string;
  value: string;
}

/** What one officer decided and wrote at one step of the dossier, with who and when. */
export interface StepNote {
  taskId: string;
  taskDefinitionKey: string;
  stepName: string;
  actorName: string | null;
  at: string;
  entries: StepNoteEntry[];
}

/** The form's input components by key (top level and inside groups). */
function componentsByKey(form: FormSchema | undefined): Map<string, FormComponent> {
  const out = new Map<string, FormComponent>();
  const walk = (list: FormComponent[] | undefined) => {
    for (const c of list ?? []) {
      if (c.key) out.set(c.key, c);
      walk(c.components);
    }
  };
  walk(form?.components);
  return out;
}

/** A value as the officer chose it: the option's label for radios and selects, yes/no for a box. */
function shown(c: FormComponent, value: unknown): string {
  const option = c.values?.find((o) => o.value === value);
  if (option) return option.label;
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Builds the notes from the engine's history: the finished user tasks (who held each, when it
 * ended) and the variables written when each was completed (matched by task id, else by the
 * task's activity instance), labelled by the step's form. Only the form's own fields are shown.
 */
export function stepNotesOf(
  tasks: HistoricTask[],
  updates: HistoricVariableUpdate[],
  formOf: (taskDefinitionKey: string) => FormSchema | undefined,
  names: Map<string, string>,
): StepNote[] {
  const notes: StepNote[] = [];
  for (const t of tasks) {
    if (!t.endTime || (t.deleteReason && t.deleteReason !== 'completed')) continue;
    const fields = componentsByKey(formOf(t.taskDefinitionKey));
    const written = updates.filter(
      (u) =>
        u.taskId === t.id ||
        (!u.taskId && !!t.activityInstanceId && u.activityInstanceId === t.activityInstanceId),
    );
    const entries: StepNoteEntry[] = [];
    for (const c of fields.values()) {
      const u = [...written].reverse().find((x) => x.variableName === c.key);
      if (!u) continue;
      const value = shown(c, u.value);
      if (value !== '') entries.push({ key: c.key!, label: c.label ?? c.key!, value });
    }
    notes.push({
      taskId: t.id,
      taskDefinitionKey: t.taskDefinitionKey,
      stepName: t.name ?? t.taskDefinitionKey,
      actorName: t.assignee ? (names.get(t.assignee) ?? t.assignee) : null,
      at: t.endTime,
      entries,
    });
  }
  return notes;
}

export interface StepNotesDeps {
  engine: EngineClient;
  forms: DeployedForms;
  users: PortalUserStore;
}

/** Every step's note of a dossier, for officers (the dossier page, the leader's decision page). */
export async function stepNotes(
  d: StepNotesDeps,
  processInstanceId: string | null,
  procedure: CatalogueEntry | undefined | null,
): Promise<StepNote[]> {
  if (!processInstanceId || !procedure) return [];
  const [tasks, updates] = await Promise.all([
    d.engine.finishedTasks(processInstanceId),
    d.engine.variableUpdates(processInstanceId),
  ]);
  const names = await d.users.displayNames([
    ...new Set(tasks.flatMap((t) => (t.assignee ? [t.assignee] : []))),
  ]);
  // The labels of the form each step was done with: the one deployed with the dossier's version,
  // else the catalogue's.
  const forms = new Map<string, FormSchema | undefined>();
  for (const t of tasks) {
    if (forms.has(t.taskDefinitionKey)) continue;
    const formId = procedure.taskForms[t.taskDefinitionKey];
    const deployed =
      formId && t.processDefinitionId
        ? await d.forms.deploymentForm(t.processDefinitionId, formId).catch(() => null)
        : null;
    forms.set(t.taskDefinitionKey, deployed ?? (formId ? procedure.forms[formId] : undefined));
  }
  return stepNotesOf(tasks, updates, (key) => forms.get(key), names);
}
