/**
 * Generates `catalogue/<id>.json` from most-procedures.csv, once: a file that exists is data and
 * is left alone; `--force` regenerates the files still marked `review.status: "generated"` (never
 * a reviewed one).
 *
 *   npx tsx processes/scripts/catalogue-from-csv.ts [path/to/most-procedures.csv] [--force]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvRowToDescription, type MostProcedureRow } from '../src/catalogue/csv/csv-row-to-description.js';
import { parseCsv } from '../src/catalogue/csv/parse-csv.js';
import { slugifyVi } from '../src/catalogue/csv/slug.js';
import { parseProcedureDescription } from '../src/catalogue/load-descriptions.js';

const args = process.argv.slice(2);
const force = args.includes('--force');
// Default: the domain brief's CSV beside the repository (../shared/domain/).
const csvPath =
  args.find((a) => !a.startsWith('--')) ??
  fileURLToPath(new URL('../../../shared/domain/most-procedures.csv', import.meta.url));
const outDir = fileURLToPath(new URL('../catalogue/', import.meta.url));

let written = 0;
let kept = 0;
const ids = new Set<string>();
for (const row of parseCsv(readFileSync(csvPath, 'utf8')) as unknown as MostProcedureRow[]) {
  let description = csvRowToDescription(row);
  // Two procedures of the same name at different units (a ministry's and a province's): the unit tells them apart.
  if (ids.has(description.id))
    description = { ...description, id: `${description.id}-${slugifyVi(row.unit, 40)}` };
  ids.add(description.id);
  const fileName = `${description.id}.json`;
  parseProcedureDescription(description, fileName); // never write an invalid file
  const path = join(outDir, fileName);
  const reviewed =
    existsSync(path) &&
    (JSON.parse(readFileSync(path, 'utf8')) as { review?: { status?: string } }).review?.status !==
      'generated';
  if (existsSync(path) && (!force || reviewed)) {
    kept++;
    continue;
  }
  writeFileSync(path, `${JSON.stringify(description, null, 2)}\n`);
  written++;
}
process.stdout.write(`${written} written, ${kept} kept (existing or reviewed) in ${outDir}\n`);
