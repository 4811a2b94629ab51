import type { FormSchema } from '@motcua/forms';
import type { CatalogueEntry } from '@motcua/processes';

/** The procedure catalogue of @motcua/processes, with the look-ups the portal needs. */
export type { CatalogueEntry };

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
  taskForm(
    entry: CatalogueEntry,
    taskDefinitionKey: string,
    formRefKey?: string | null,
  ): FormSchema | undefined {
    const id = entry.taskForms[taskDefinitionKey] ?? formRefKey ?? undefined;
    return id ? entry.forms[id] : undefined;
  }
}
