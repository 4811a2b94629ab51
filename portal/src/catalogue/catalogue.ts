/**
 * The procedure catalogue as the portal uses it: the shape `loadCatalogue()` of @motcua/processes
 * returns (only the fields the portal reads), plus look-ups.
 */
export type FormSchema = { id?: string; components?: unknown[]; [key: string]: unknown };

export interface CatalogueEntry {
  key: string;
  code: string;
  nameVi: string;
  nameEn?: string;
  agencyVi?: string;
  processingDays?: number;
  bpmnXml: string;
  forms: Record<string, FormSchema>;
  startFormId: string;
  taskForms: Record<string, string>;
}

export class Catalogue {
  private readonly byKey: Map<string, CatalogueEntry>;

  constructor(readonly entries: CatalogueEntry[]) {
    this.byKey = new Map(entries.map((e) => [e.key, e]));
  }

  get(key: string): CatalogueEntry | undefined {
    return this.byKey.get(key);
  }

  startForm(entry: CatalogueEntry): FormSchema | undefined {
    return entry.forms[entry.startFormId];
  }

  /** The form of a user task: by its task definition key, else by the engine's formRef key. */
  taskForm(entry: CatalogueEntry, taskDefinitionKey: string, formRefKey?: string | null): FormSchema | undefined {
    const id = entry.taskForms[taskDefinitionKey] ?? formRefKey ?? undefined;
    return id ? entry.forms[id] : undefined;
  }
}
