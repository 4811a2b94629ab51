import { loadProcedureDescriptions } from '../catalogue/load-descriptions.js';
import {
  GenerationError,
  generateProcedure,
  generationProblems,
  type GeneratedProcedure,
} from './generate-procedure.js';

/** Why a superseded version is not generated (the coverage report counts on this text). */
export const SUPERSEDED_PROBLEM = 'superseded version, kept for history: not generated';

export interface CatalogueGeneration {
  generated: GeneratedProcedure[];
  /** Descriptions not complete enough to generate, with the reasons. */
  skipped: Array<{ id: string; problems: string[] }>;
}

/** Generates every catalogue procedure whose description is complete enough, in id order. */
export function generateCatalogue(catalogueDir?: string): CatalogueGeneration {
  const result: CatalogueGeneration = { generated: [], skipped: [] };
  const descriptions = loadProcedureDescriptions(catalogueDir)
    .map((e) => e.description)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const d of descriptions) {
    // An older version is kept in the catalogue for history only: nothing runs it.
    if (d.status?.kind === 'superseded') {
      result.skipped.push({ id: d.id, problems: [SUPERSEDED_PROBLEM] });
      continue;
    }
    const problems = generationProblems(d);
    if (problems.length) result.skipped.push({ id: d.id, problems });
    else result.generated.push(generateProcedure(d));
  }
  const keys = new Map<string, string>();
  for (const g of result.generated) {
    const other = keys.get(g.key);
    if (other) throw new GenerationError(g.descriptionId, [`process key ${g.key} is also ${other}'s`]);
    keys.set(g.key, g.descriptionId);
  }
  return result;
}
