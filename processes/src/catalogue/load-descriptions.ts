import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CatalogueError } from './catalogue-error.js';
import { generationFacts, type GenerationFacts } from '../generator/standard-dossier-life.js';
import { procedureDescriptionSchema, type ProcedureDescription } from './procedure-description.js';

// src/catalogue/ and dist/catalogue/ both sit two levels below the package root.
export const CATALOGUE_DIR = fileURLToPath(new URL('../../catalogue/', import.meta.url));
const DEFAULT_PROCEDURES_DIR = fileURLToPath(new URL('../../procedures/', import.meta.url));

export interface ProcedureDescriptionEntry {
  description: ProcedureDescription;
  /** A process model exists for it (`procedures/<processKey>/process.bpmn`), so it is deployed. */
  deployable: boolean;
  /** The file it was read from. */
  fileName: string;
  /**
   * What the generator fills in from the law and what it flags (`stepsFromStandardDossierLife`,
   * `publishable` …): for `GET /api/procedures`.
   */
  generation: GenerationFacts;
}

/** Parses and validates one description; the error names the file and every problem. */
export function parseProcedureDescription(json: unknown, fileName: string): ProcedureDescription {
  const parsed = procedureDescriptionSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CatalogueError(`Procedure description "${fileName}": ${problems.join('; ')}`);
  }
  if (`${parsed.data.id}.json` !== fileName)
    throw new CatalogueError(
      `Procedure description "${fileName}": id "${parsed.data.id}" differs from the file name`,
    );
  return parsed.data;
}

/**
 * Every procedure of the catalogue (`catalogue/*.json`), deployable or not, sorted by file name.
 * Throws a CatalogueError naming the file when a description is invalid or two share a code or a
 * process key.
 */
export function loadProcedureDescriptions(
  catalogueDir: string = CATALOGUE_DIR,
  proceduresDir: string = DEFAULT_PROCEDURES_DIR,
): ProcedureDescriptionEntry[] {
  const entries = readdirSync(catalogueDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((fileName) => {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(join(catalogueDir, fileName), 'utf8'));
      } catch (err) {
        throw new CatalogueError(`Procedure description "${fileName}": not JSON (${(err as Error).message})`);
      }
      const description = parseProcedureDescription(json, fileName);
      const deployable =
        description.processKey !== undefined &&
        existsSync(join(proceduresDir, description.processKey, 'process.bpmn'));
      return { description, deployable, fileName, generation: generationFacts(description) };
    });
  const seen = new Map<string, string>();
  for (const { description: d, fileName } of entries) {
    for (const k of [d.code && `code ${d.code}`, d.processKey && `processKey ${d.processKey}`]) {
      if (!k) continue;
      const other = seen.get(k);
      if (other)
        throw new CatalogueError(`Procedure description "${fileName}": ${k} is also used by "${other}"`);
      seen.set(k, fileName);
    }
  }
  return entries;
}
