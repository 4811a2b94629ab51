/**
 * Generates BPMN, forms and fee tables for every catalogue procedure complete enough, into
 * processes/generated/<process key>/ (checked in). Prints what was skipped and why.
 *
 *   npm run procedures:generate            # write
 *   npm run procedures:generate -- --check # exit 1 when the checked-in files are out of date
 */
import { parseArgs } from 'node:util';
import { generateCatalogue, staleGeneratedFiles, writeGeneratedFiles } from '../src/generator/index.js';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const { generated, skipped } = generateCatalogue();

for (const g of generated)
  process.stdout.write(`sinh: ${g.key} (${g.descriptionId}): ${Object.keys(g.files).join(', ')}\n`);
for (const s of skipped) process.stdout.write(`bỏ qua: ${s.id}: ${s.problems.join('; ')}\n`);

if (values.check) {
  const stale = staleGeneratedFiles(generated);
  for (const f of stale) process.stdout.write(`lỗi thời: processes/generated/${f}\n`);
  process.exit(stale.length ? 1 : 0);
}
const changed = writeGeneratedFiles(generated);
process.stdout.write(
  `${generated.length} thủ tục được sinh, ${skipped.length} bỏ qua, ${changed.length} tệp thay đổi.\n`,
);
