/**
 * Imports a procedure list exported from the national procedure database (.csv or .xlsx) into the
 * catalogue. Prints what it mapped and every row it could not map, with the reason. Dry run unless
 * --write; never overwrites an existing catalogue file.
 *
 *   npm run procedures:import -- FILE [--write] [--out DIR] [--source-url URL] [--label TEXT]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ImportError, importProcedureTable } from '../src/catalogue/import/import-procedures.js';
import { readTableFile } from '../src/catalogue/import/read-table.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    write: { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('../catalogue/', import.meta.url)) },
    'source-url': { type: 'string', default: 'https://csdl.dichvucong.gov.vn/' },
    label: { type: 'string' },
  },
});
const file = positionals[0];
if (!file) {
  process.stderr.write(
    'Cách dùng: npm run procedures:import -- TỆP.xlsx|TỆP.csv [--write] [--out THƯ_MỤC]\n',
  );
  process.exit(2);
}

const say = (line = '') => process.stdout.write(`${line}\n`);
try {
  const table = await readTableFile(file);
  const result = importProcedureTable(table.rows, {
    sourceUrl: values['source-url'],
    sourceLabel:
      values.label ??
      `Tệp xuất danh mục TTHC "${basename(file)}"${table.sheet ? `, trang "${table.sheet}"` : ''}`,
  });
  say(
    `Cột nhận ra: ${Object.entries(result.columns)
      .map(([k, h]) => `${h} → ${k}`)
      .join('; ')}`,
  );
  if (result.ignoredHeaders.length) say(`Cột bỏ qua: ${result.ignoredHeaders.join('; ')}`);
  say(`${result.descriptions.length} thủ tục chuyển được, ${result.problems.length} dòng không chuyển được.`);
  for (const p of result.problems) say(`  dòng ${p.row}: ${p.reason}`);
  if (values.write) {
    let written = 0;
    for (const d of result.descriptions) {
      const path = join(values.out, `${d.id}.json`);
      if (existsSync(path)) {
        say(`  giữ nguyên ${d.id}.json (đã có)`);
        continue;
      }
      writeFileSync(path, `${JSON.stringify(d, null, 2)}\n`);
      written++;
    }
    say(`Đã ghi ${written} tệp vào ${values.out}`);
  } else say('Chạy thử: thêm --write để ghi vào danh mục.');
} catch (err) {
  if (err instanceof ImportError || err instanceof RangeError || err instanceof SyntaxError) {
    process.stderr.write(`Không nhập được: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
