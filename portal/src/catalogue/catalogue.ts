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

  /**
   * The application form in the catalogue files. What applicants fill and the server validates is
   * the form deployed with the process (`DeployedForms`); this one only tells whether a procedure
   * has an application form at all.
   */
  startForm(entry: CatalogueEntry): FormSchema | undefined {
    return entry.forms[entry.startFormId];
  }
}
