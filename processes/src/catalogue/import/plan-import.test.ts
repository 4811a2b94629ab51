import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { csvRowToDescription, type MostProcedureRow } from '../csv/csv-row-to-description.js';
import { parseCsv } from '../csv/parse-csv.js';
import { slugifyVi } from '../csv/slug.js';
import { loadProcedureDescriptions } from '../load-descriptions.js';
import type { ProcedureDescription } from '../procedure-description.js';
import { importProcedureTable } from './import-procedures.js';
import { planImport } from './plan-import.js';
import { readTableFile } from './read-table.js';

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));
const OPTIONS = { sourceUrl: 'https://csdl.dichvucong.gov.vn/', sourceLabel: 'most-procedures-more.csv' };

/** The first 34 as catalogue-from-csv.ts makes them (before any review): the catalogue the second CSV met. */
function firstCatalogue(): ProcedureDescription[] {
  const ids = new Set<string>();
  return (
    parseCsv(readFileSync(fixture('most-procedures.csv'), 'utf8')) as unknown as MostProcedureRow[]
  ).map((row) => {
    let d = csvRowToDescription(row);
    if (ids.has(d.id)) d = { ...d, id: `${d.id}-${slugifyVi(row.unit, 40)}` };
    ids.add(d.id);
    return d;
  });
}

describe('importing most-procedures-more.csv', () => {
  const result = async () =>
    importProcedureTable((await readTableFile(fixture('most-procedures-more.csv'))).rows, OPTIONS);

  it('adds the 62 new procedures and merges the 3 rows that add facts, the newer legal basis winning', async () => {
    const plan = planImport(await result(), firstCatalogue());
    expect(plan.added).toHaveLength(62);
    expect(plan.unmatched).toEqual([]);
    const changed = new Map(plan.changed.map((c) => [c.row, c]));
    expect([...changed.keys()].sort()).toEqual([32, 33, 38]);

    // Row 33, "newer version": its 25 days replace the first list's 11 working days, which are kept in history.
    const xray = plan.files.get(changed.get(33)!.id)!;
    expect(changed.get(33)!.changes.find((c) => c.fact === 'processingTime')!.kind).toBe('replaced');
    expect(xray.processingTime!.parts).toEqual([
      expect.objectContaining({ amount: 25, unit: 'days', step: 'whole-procedure' }),
    ]);
    expect(xray.history![0]!.facts.processingTime).toMatchObject({ asStated: '11wd' });
    expect(xray.history![0]!.sources[0]!.url).toBe(
      'http://tthc.thuathienhue.gov.vn/Content/Thutuc/linhvuc.aspx?iLinhVuc=59',
    );
    expect(xray.fees).toMatchObject({ kind: 'tiered' });
    expect((xray.fees as { tiers: { nameVi: string }[] }).tiers.map((t) => t.nameVi)).toContain('PET/CT');
    // Every fact it took names the row's own page.
    expect(xray.sources.find((s) => s.facts.includes('fees'))!.url).toMatch(
      /^https:\/\/thuathienhue\.gov\.vn\//,
    );

    // Row 32, an older version ("phiên bản cũ"): adds the code and the fee the catalogue lacked,
    // but its legal basis (TT 08/2010) is recorded as history, never shown as current.
    const certificate = plan.files.get(changed.get(32)!.id)!;
    expect(certificate.code).toBe('1.000173');
    expect(certificate.fees).toMatchObject({ kind: 'fixed', amountVnd: 200_000 });
    expect(certificate.legalBasis).toEqual([]);
    expect(certificate.history!.flatMap((h) => Object.keys(h.facts))).toContain('legalBasis');
    expect(certificate.flags.some((f) => f.includes('phiên bản cũ hơn'))).toBe(true);

    // Row 38: adds the fee and the legal basis; the unit (another province) is not changed.
    const plan38 = plan.files.get(changed.get(38)!.id)!;
    expect(plan38.fees).toMatchObject({ kind: 'fixed', amountVnd: 500_000 });
    expect(plan38.unit.nameVi).toBe('Sở Khoa học và Công nghệ Thừa Thiên Huế');
  });

  it('keeps every superseded or doubtful version, marked, and reads documents, channels and legal basis', async () => {
    const r = await result();
    const status = r.descriptions.map((d) => d.status?.kind ?? 'current');
    expect(status.filter((s) => s === 'superseded')).toHaveLength(11);
    expect(status.filter((s) => s === 'to-verify')).toHaveLength(2);
    const byName = (n: string) => r.descriptions.find((d) => d.name.vi.startsWith(n))!;
    const declaration = byName('Khai báo chất phóng xạ');
    expect(declaration.requiredDocuments.map((x) => x.nameVi)).toEqual([
      'Phiếu khai báo nguồn phóng xạ kín',
      'Phiếu khai báo nguồn phóng xạ kín đã qua sử dụng',
      'Phiếu khai báo nguồn phóng xạ hở (01 bộ)',
    ]);
    expect(declaration.channels).toEqual(['in-person', 'post']);
    expect(declaration.legalBasis.map((b) => b.code)).toEqual(['18/2008/QH12', '08/2010/TT-BKHCN']);
    // The former national database's code is kept as a local code; no national code is invented.
    const abroad = byName('Đề nghị thành lập tổ chức khoa học và công nghệ');
    expect(abroad.code).toBeNull();
    expect(abroad.localCodes[0]!.code).toBe('B-BKC-BS293');
    // A page address that was not returned: the file's address stands in, and a flag says so.
    const dosimetry = byName(
      'Thủ tục cấp giấy đăng ký hoạt động dịch vụ hỗ trợ ứng dụng năng lượng nguyên tử - Đo liều',
    );
    expect(dosimetry.sources[0]!.url).toBe(OPTIONS.sourceUrl);
    expect(dosimetry.flags.some((f) => f.startsWith('sources:'))).toBe(true);
    expect(dosimetry.requiredDocuments[0]!.template).toEqual({ nameVi: 'Mẫu 9' });
    // "30d": the kind of day is not stated, so no legal clock is assumed.
    expect(dosimetry.processingTime!.parts.map((p) => p.unit)).toEqual(['working-days', 'days']);
  });

  it('changes nothing when imported again over the checked-in catalogue', async () => {
    const plan = planImport(
      await result(),
      loadProcedureDescriptions().map((e) => e.description),
    );
    expect(plan.added).toEqual([]);
    expect(plan.unchanged).toHaveLength(62);
    expect(plan.files.size).toBe(0);
  });
});

describe("officers' corrections (a spreadsheet in the national export's shape)", () => {
  it('corrects the catalogue procedure by code or name, records what it replaces, and reports rows that match none', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sửa danh mục');
    sheet.addRow(['BẢNG SỬA DANH MỤC TTHC']);
    sheet.addRow([
      'Mã thủ tục',
      'Tên thủ tục',
      'Lĩnh vực',
      'Cơ quan thực hiện',
      'Thời hạn giải quyết',
      'Phí, lệ phí',
      'Căn cứ pháp lý',
    ]);
    sheet.addRow([
      '2.002131',
      'Thủ tục khai báo thiết bị X-quang chẩn đoán trong y tế',
      'Năng lượng nguyên tử, an toàn bức xạ và hạt nhân',
      'Sở Khoa học và Công nghệ',
      '',
      'Lệ phí: 150.000 đồng',
      'Nghị định số 142/2020/NĐ-CP',
    ]);
    sheet.addRow([
      '',
      'Thủ tục đăng ký nhãn hiệu',
      'Sở hữu trí tuệ',
      'Cục Sở hữu trí tuệ',
      '12 tháng',
      '',
      '',
    ]);
    sheet.addRow([
      '9.999999',
      'Thủ tục không có trong danh mục',
      'Sở hữu trí tuệ',
      'Cục Sở hữu trí tuệ',
      '',
      '',
      '',
    ]);
    const path = join(mkdtempSync(join(tmpdir(), 'motcua-corrections-')), 'sua-danh-muc.xlsx');
    writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));

    const table = await readTableFile(path);
    const result = importProcedureTable(table.rows, {
      sourceUrl: 'https://csdl.dichvucong.gov.vn/',
      sourceLabel: 'Bảng sửa của cán bộ "sua-danh-muc.xlsx"',
    });
    const catalogue = loadProcedureDescriptions().map((e) => e.description);
    const plan = planImport(result, catalogue, { corrections: true });

    expect(plan.added).toEqual([]);
    expect(plan.unmatched).toEqual([{ row: 5, reason: expect.stringContaining('9.999999') }]);
    const xray = plan.changed.find((c) => c.id === '2.002131')!;
    expect(xray.row).toBe(3);
    expect(xray.changes.map((c) => [c.fact, c.kind])).toEqual([
      ['fees', 'replaced'],
      ['legalBasis', 'added'],
    ]);
    const corrected = plan.files.get('2.002131')!;
    expect(corrected.fees).toEqual({ kind: 'fixed', amountVnd: 150_000 });
    expect(corrected.history!.at(-1)!.facts.fees).toEqual({ kind: 'none' });
    expect(corrected.sources.find((s) => s.facts.includes('fees'))!.what).toContain('Bảng sửa của cán bộ');
    // The unit's name is the procedure's identity: a correction sheet does not rename it.
    expect(corrected.unit.nameVi).toBe(catalogue.find((d) => d.id === '2.002131')!.unit.nameVi);

    const trademark = plan.changed.find((c) => c.id === 'dang-ky-nhan-hieu')!;
    expect(trademark.changes.map((c) => [c.fact, c.kind])).toEqual([['processingTime', 'replaced']]);
    expect(plan.files.get('dang-ky-nhan-hieu')!.processingTime!.parts).toEqual([
      expect.objectContaining({ amount: 12, unit: 'months' }),
    ]);
  });
});
