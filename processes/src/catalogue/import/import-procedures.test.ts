import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { ImportError, importProcedureTable, type ImportResult } from './import-procedures.js';
import { readTableFile } from './read-table.js';
import { readFeesText, readLegalBasisText, readProcessingTimeText } from './read-fact-text.js';

const FIXTURE = fileURLToPath(new URL('./__fixtures__/national-export.csv', import.meta.url));
const OPTIONS = { sourceUrl: 'https://csdl.dichvucong.gov.vn/', sourceLabel: 'Tệp kiểm thử' };

/** The same table as an .xlsx, with the title rows a real export has above its header. */
async function fixtureAsXlsx(): Promise<string> {
  const { rows } = await readTableFile(FIXTURE);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách TTHC');
  sheet.addRow(['DANH SÁCH THỦ TỤC HÀNH CHÍNH']);
  sheet.addRow(['Bộ Khoa học và Công nghệ']);
  for (const r of rows) sheet.addRow(r.map((c) => (/^\d+$/.test(c) && c.length < 4 ? Number(c) : c)));
  // A rich-text cell, as Excel writes formatted text.
  sheet.getCell('C4').value = {
    richText: [
      { text: 'Thủ tục cấp giấy phép tiến hành công việc bức xạ ' },
      { text: '(sản xuất, chế biến chất phóng xạ)', font: { bold: true } },
    ],
  };
  const path = join(mkdtempSync(join(tmpdir(), 'motcua-import-')), 'export.xlsx');
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
  return path;
}

function expectFixtureResult(result: ImportResult, firstDataRow: number) {
  const row = (n: number) => firstDataRow + n - 1;
  expect(result.problems).toEqual([
    { row: row(5), reason: 'Mã thủ tục "1.0098" không có dạng d.dddddd (có thể kèm mã địa phương).' },
    { row: row(6), reason: `Mã thủ tục 2.000169 trùng với dòng ${row(1)}.` },
    { row: row(7), reason: 'Thiếu tên thủ tục.' },
  ]);
  expect(result.ignoredHeaders).toEqual(['STT', 'Ghi chú nội bộ']);
  expect(result.descriptions.map((d) => d.id)).toEqual([
    '2.000169',
    '1.014445',
    '1.009829',
    'dang-ky-nhan-hieu',
    '3.000454',
  ]);
  const [licence, enterprise, storage, trademark, unitUnknown] = result.descriptions;
  // No unit in the row: catalogued with its unit unknown, never invented, never published.
  expect(unitUnknown!.unit.nameVi).toBeNull();
  expect(unitUnknown!.unknown.find((u) => u.fact === 'unit')!.note).toBe(
    'Nguồn không ghi cơ quan thực hiện.',
  );

  expect(licence).toMatchObject({
    code: '2.000169',
    name: { vi: 'Thủ tục cấp giấy phép tiến hành công việc bức xạ (sản xuất, chế biến chất phóng xạ)' },
    tier: 'central',
    onlineLevel: { kind: 'mot-phan', legacyLevel: null },
    channels: ['in-person', 'post'],
    fees: { kind: 'tiered', tiers: [{ amountVnd: 50_000_000 }, { amountVnd: 20_000_000 }] },
    result: { nameVi: 'Giấy phép tiến hành công việc bức xạ' },
    review: { status: 'generated' },
  });
  expect(licence!.processingTime).toEqual({
    asStated: '60 Ngày',
    parts: [{ step: 'whole-procedure', amount: 60, unit: 'days' }],
    completenessCheck: null,
    totalWorkingDays: null,
  });
  expect(licence!.legalBasis.map((b) => b.code)).toEqual(['18/2008/QH12', '142/2020/NĐ-CP']);
  expect(licence!.sources[0]!.what).toBe(`Tệp kiểm thử, dòng ${row(1)}; chưa đối chiếu văn bản gốc.`);

  expect(enterprise).toMatchObject({
    code: '1.014445',
    localCodes: [{ code: '1.014445.H38' }],
    tier: 'provincial',
    fees: { kind: 'none' },
    onlineLevel: { kind: 'toan-trinh' },
    channels: ['online'],
  });
  expect(enterprise!.processingTime!.parts[0]).toMatchObject({ amount: 15, unit: 'days' });

  // Two durations in free text: not guessed, left unknown with the text to read.
  expect(storage!.processingTime).toBeNull();
  expect(storage!.unknown.find((u) => u.fact === 'processingTime')!.note).toMatch(/cần đọc và nhập tay/);
  expect(storage!.onlineLevel).toEqual({ kind: null, legacyLevel: 4 });
  expect(storage!.fees).toMatchObject({
    kind: 'tiered',
    tiers: [{ amountVnd: 2_000_000 }, { amountVnd: 3_000_000 }, { amountVnd: 4_000_000 }],
  });

  expect(trademark!.code).toBeNull();
  expect(trademark!.fees).toBeNull();
  expect(trademark!.unknown.find((u) => u.fact === 'fees')!.note).toMatch(/Theo biểu phí sở hữu công nghiệp/);
}

describe('importProcedureTable', () => {
  it('maps a CSV export and reports the rows it cannot map, with the reason', async () => {
    const { rows } = await readTableFile(FIXTURE);
    expectFixtureResult(importProcedureTable(rows, OPTIONS), 2);
  });

  it('reads the same export as .xlsx, finding the header below title rows', async () => {
    const table = await readTableFile(await fixtureAsXlsx());
    expect(table.sheet).toBe('Danh sách TTHC');
    expectFixtureResult(importProcedureTable(table.rows, OPTIONS), 4);
  });

  it('refuses a file without a name column or a required column', () => {
    expect(() =>
      importProcedureTable(
        [
          ['a', 'b'],
          ['1', '2'],
        ],
        OPTIONS,
      ),
    ).toThrow(ImportError);
    expect(() =>
      importProcedureTable(
        [
          ['Tên thủ tục', 'Lĩnh vực'],
          ['x', 'y'],
        ],
        OPTIONS,
      ),
    ).toThrow(/Cơ quan thực hiện/);
  });

  it('refuses other file types', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'motcua-import-')), 'export.xls');
    writeFileSync(path, 'not a workbook');
    await expect(readTableFile(path)).rejects.toThrow(/\.csv or \.xlsx/);
  });
});

describe('free-text facts', () => {
  it('reads one duration, and refuses to guess between several', () => {
    expect(readProcessingTimeText('10 ngày làm việc kể từ ngày nhận đủ hồ sơ')!.value).toMatchObject({
      totalWorkingDays: 10,
    });
    expect(readProcessingTimeText('5wd+10wd')!.value).toMatchObject({ totalWorkingDays: 15 });
    expect(readProcessingTimeText('Theo quy định')!.value).toBeNull();
    expect(readProcessingTimeText('')).toBeNull();
  });

  it('reads fees in words and amounts', () => {
    expect(readFeesText('Miễn phí')!.value).toEqual({ kind: 'none' });
    expect(readFeesText('Lệ phí: 10.000.000 VNĐ')!.value).toEqual({ kind: 'fixed', amountVnd: 10_000_000 });
    expect(readFeesText('Theo biểu phí')!.value).toBeNull();
  });

  it('finds legal documents by their number', () => {
    expect(
      readLegalBasisText('- Luật số 07/2017/QH14\n- Quyết định 546/QĐ-BKHCN; văn bản không số').map(
        (b) => b.code,
      ),
    ).toEqual(['07/2017/QH14', '546/QĐ-BKHCN']);
  });
});
