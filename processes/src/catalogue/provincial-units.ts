import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CatalogueError } from './catalogue-error.js';
import type { ProcedureDescription } from './procedure-description.js';

/**
 * The provinces' Departments of Science and Technology (`processes/units/provincial-units.json`).
 * A provincial procedure is modelled once: its generated application form asks which department
 * receives the dossier (`unitCode`), and the receipt gives the dossier that department's code, so
 * every province runs the same process definition under its own unit code.
 */

export const UNIT_CODE_VARIABLE = 'unitCode';

const unitSchema = z.object({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9.]{0,30}$/),
  provinceVi: z.string().min(1),
  nameVi: z.string().min(1),
  codeIsOfficial: z.boolean(),
  source: z.object({ url: z.url(), what: z.string().min(1) }),
});
const fileSchema = z.object({ about: z.string(), units: z.array(unitSchema).min(1) });

export type ProvincialUnit = z.infer<typeof unitSchema>;

export const PROVINCIAL_UNITS_FILE = fileURLToPath(
  new URL('../../units/provincial-units.json', import.meta.url),
);

let cached: ProvincialUnit[] | undefined;

/** The departments, sorted by code; throws a CatalogueError when the file is invalid or repeats a code. */
export function loadProvincialUnits(file: string = PROVINCIAL_UNITS_FILE): ProvincialUnit[] {
  if (file === PROVINCIAL_UNITS_FILE && cached) return cached;
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new CatalogueError(`${file}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const units = [...parsed.data.units].sort((a, b) => (a.code < b.code ? -1 : 1));
  if (new Set(units.map((u) => u.code)).size !== units.length)
    throw new CatalogueError(`${file}: a unit code is listed twice`);
  if (file === PROVINCIAL_UNITS_FILE) cached = units;
  return units;
}

/** A procedure the provinces' departments run: modelled once, the department chosen per dossier. */
export function isProvincialProcedure(d: Pick<ProcedureDescription, 'tier'>): boolean {
  return d.tier === 'provincial';
}

/** The department a dossier names (`unitCode`), when the procedure is provincial and the code is known. */
export function provincialUnitOf(
  d: Pick<ProcedureDescription, 'tier'>,
  unitCode: unknown,
  units: ProvincialUnit[] = loadProvincialUnits(),
): ProvincialUnit | null {
  if (!isProvincialProcedure(d) || typeof unitCode !== 'string') return null;
  return units.find((u) => u.code === unitCode) ?? null;
}
