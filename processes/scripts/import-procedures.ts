/**
 * Imports a procedure list (.csv or .xlsx: the national procedure database's export, the domain
 * CSVs, or officers' corrections in the export's shape) into the catalogue. Prints what it mapped,
 * every row it could not map with the reason, and every fact it adds or changes. Dry run unless
 * --write; a new procedure never overwrites another's file; a row that adds facts to a catalogue
 * procedure (or, with --corrections, corrects one) is merged fact by fact (merge-description.ts).
 *
 *   npm run procedures:import -- FILE [--write] [--corrections] [--out DIR] [--source-url URL] [--label TEXT]
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ImportError, importProcedureTable } from '../src/catalogue/import/import-procedures.js';
import { describeFactValue } from '../src/catalogue/import/merge-description.js';
import { planImport } from '../src/catalogue/import/plan-import.js';
import { readTableFile } from '../src/catalogue/import/read-table.js';
import { loadProcedureDescriptions } from '../src/catalogue/load-descriptions.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    write: { type: 'boolean', default: false },
    corrections: { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('../catalogue/', import.meta.url)) },
    'source-url': { type: 'string', default: 'https://csdl.dichvucong.gov.vn/' },
    label: { type: 'string' },
  },
});
const file = positionals[0];
if (!file) {
  process.stderr.write(
    'Cách dùng: npm run procedures:import -- TỆP.xlsx|TỆP.csv [--write] [--corrections] [--out THƯ_MỤC]\n',
  );
  process.exit(2);
}

const CHANGE_VI = {
  added: 'bổ sung',
  replaced: 'thay (bản cũ ghi vào lịch sử)',
  'older-recorded': 'giữ nguyên (bản cũ hơn ghi vào lịch sử)',
};
const say = (line = '') => process.stdout.write(`${line}\n`);
try {
  const table = await readTableFile(file);
  const result = importProcedureTable(table.rows, {
    sourceUrl: values['source-url'],
    sourceLabel:
      values.label ??
      `${values.corrections ? 'Bảng sửa của cán bộ' : 'Tệp danh mục TTHC'} "${basename(file)}"${table.sheet ? `, trang "${table.sheet}"` : ''}`,
  });
  say(
    `Cột nhận ra: ${Object.entries(result.columns)
      .map(([k, h]) => `${h} → ${k}`)
      .join('; ')}`,
  );
  if (result.ignoredHeaders.length) say(`Cột bỏ qua: ${result.ignoredHeaders.join('; ')}`);
  say(
    `${result.descriptions.length} thủ tục chuyển được, ${result.enrichments.length} dòng bổ sung cho thủ tục đã có, ${result.problems.length} dòng không chuyển được.`,
  );
  for (const p of result.problems) say(`  dòng ${p.row}: ${p.reason}`);
  const catalogue = loadProcedureDescriptions(values.out).map((e) => e.description);
  const plan = planImport(result, catalogue, { corrections: values.corrections });
  for (const id of plan.added) say(`  thêm ${id}`);
  for (const id of plan.unchanged) say(`  giữ nguyên ${id} (đã nhập từ cùng nguồn)`);
  for (const c of plan.changed) {
    say(`  sửa ${c.id} (dòng ${c.row}):`);
    for (const ch of c.changes)
      say(
        `    ${ch.fact}: ${describeFactValue(ch.before)} → ${describeFactValue(ch.after)} — ${CHANGE_VI[ch.kind]}`,
      );
  }
  for (const u of plan.unmatched) say(`  dòng ${u.row}: ${u.reason}`);
  if (values.write) {
    for (const [id, d] of plan.files)
      writeFileSync(join(values.out, `${id}.json`), `${JSON.stringify(d, null, 2)}\n`);
    say(`Đã ghi ${plan.files.size} tệp vào ${values.out}`);
  } else say('Chạy thử: thêm --write để ghi vào danh mục.');
} catch (err) {
  if (err instanceof ImportError || err instanceof RangeError || err instanceof SyntaxError) {
    process.stderr.write(`Không nhập được: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
