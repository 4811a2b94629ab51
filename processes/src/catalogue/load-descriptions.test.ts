import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogueError } from './catalogue-error.js';
import { parseCsv } from './csv/parse-csv.js';
import { csvRowToDescription, type MostProcedureRow } from './csv/csv-row-to-description.js';
import { CATALOGUE_DIR, loadProcedureDescriptions, parseProcedureDescription } from './load-descriptions.js';
import { PROCEDURE_FACTS } from './procedure-description.js';

const all = loadProcedureDescriptions();
const byId = new Map(all.map((e) => [e.description.id, e.description]));
const csvRows = parseCsv(
  readFileSync(new URL('./__fixtures__/most-procedures.csv', import.meta.url), 'utf8'),
) as unknown as MostProcedureRow[];

const moreRows = parseCsv(
  readFileSync(new URL('./__fixtures__/most-procedures-more.csv', import.meta.url), 'utf8'),
) as unknown as Array<Record<string, string>>;

describe('the procedure catalogue (processes/catalogue/*.json)', () => {
  it('has one valid description per row of most-procedures.csv and per new procedure of most-procedures-more.csv', () => {
    expect(csvRows).toHaveLength(34);
    const newRows = moreRows.filter((r) => r.relation === 'new');
    expect(newRows).toHaveLength(62);
    expect(all).toHaveLength(34 + 62);
    const byName = new Map(all.map((e) => [e.description.name.vi, e.description]));
    for (const row of newRows) {
      const d = byName.get(row.name_vi!.normalize('NFC'));
      expect([row.name_vi, d !== undefined]).toEqual([row.name_vi, true]);
      // Every fact keeps its source address: the row's own page when it has one.
      const link = /https?:\/\/\S+/.exec(row.source!)?.[0];
      if (link) expect(d!.sources.map((s) => s.url)).toContain(link);
    }
    const names = new Set(all.map((e) => e.description.name.vi));
    for (const row of csvRows) expect(names.has(row.name_vi.normalize('NFC'))).toBe(true);
    for (const row of csvRows.filter((r) => r.code)) expect(byId.get(row.code)?.code).toBe(row.code);
  });

  it('accounts for every fact: sourced or listed as unknown', () => {
    for (const { description: d } of all) {
      const sourced = new Set(d.sources.flatMap((s) => s.facts));
      const unknown = new Set(d.unknown.map((u) => u.fact));
      for (const fact of PROCEDURE_FACTS)
        expect([d.id, fact, sourced.has(fact) || unknown.has(fact)]).toEqual([d.id, fact, true]);
    }
  });

  it('marks only the procedures with a process model as deployable', () => {
    expect(all.filter((e) => e.deployable).map((e) => e.description.id)).toEqual(['1.009846']);
    expect(byId.get('1.009846')!.processKey).toBe('most-chung-chi-nhan-vien-buc-xa');
  });

  it('has the five in-depth procedures reviewed, with their legal facts and sources', () => {
    const reviewed = all
      .filter((e) => e.description.review.status === 'reviewed')
      .map((e) => e.description.id);
    expect(reviewed.sort()).toEqual(
      ['1.009829', '1.009846', '1.014445', 'chap-thuan-chuyen-giao-cong-nghe', 'dang-ky-nhan-hieu'].sort(),
    );
    const licence = byId.get('1.009829')!;
    expect(licence.processingTime!.completenessCheck).toEqual({ amount: 5, unit: 'working-days' });
    expect(licence.fees).toEqual({
      kind: 'tiered',
      tiers: [2_000_000, 3_000_000, 4_000_000].map((amountVnd) => ({ amountVnd, nameVi: null })),
    });
    const transfer = byId.get('chap-thuan-chuyen-giao-cong-nghe')!;
    expect(transfer.fees).toMatchObject({ kind: 'fixed', amountVnd: 10_000_000 });
    expect(transfer.requiredDocuments).toHaveLength(5);
    expect(transfer.steps.find((s) => s.kind === 'consultation')?.optional).toBe(true);
    expect(byId.get('1.014445')).toMatchObject({
      fees: { kind: 'none' },
      onlineLevel: { kind: 'toan-trinh' },
    });
    expect(byId.get('dang-ky-nhan-hieu')!.processingTime!.parts[0]).toMatchObject({
      amount: 1,
      unit: 'months',
    });
    for (const id of reviewed)
      expect(byId.get(id)!.sources.every((s) => s.url.startsWith('http'))).toBe(true);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break valid JSON on purpose
type Json = any;

describe('procedure description validation', () => {
  const good = JSON.parse(readFileSync(join(CATALOGUE_DIR, '1.009829.json'), 'utf8'));

  it.each([
    [
      'a fact with a value but no source',
      (d: Json) => (d.sources[0].facts = d.sources[0].facts.filter((f: string) => f !== 'fees')),
      /fees.*has a value but no source/,
    ],
    [
      'an empty fact not listed as unknown',
      (d: Json) => (d.unknown = d.unknown.filter((u: Json) => u.fact !== 'requiredDocuments')),
      /requiredDocuments.*not listed as unknown/,
    ],
    [
      'a total that is not the sum of working-day parts',
      (d: Json) => (d.processingTime.totalWorkingDays = 50),
      /totalWorkingDays: must be null/,
    ],
    ['a malformed national code', (d: Json) => (d.code = '1.9829'), /code:/],
    ['a tiered fee with one tier', (d: Json) => (d.fees.tiers = [d.fees.tiers[0]]), /fees/],
    ['an id that is not the file name', (d: Json) => (d.id = '1.000001'), /differs from the file name/],
  ])('rejects %s', (_name, mutate, message) => {
    const d = structuredClone(good);
    mutate(d);
    expect(() => parseProcedureDescription(d, '1.009829.json')).toThrow(CatalogueError);
    expect(() => parseProcedureDescription(d, '1.009829.json')).toThrow(message);
  });

  it('rejects two descriptions with the same code, naming both files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-descriptions-'));
    writeFileSync(join(dir, '1.009829.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'copy.json'), JSON.stringify({ ...good, id: 'copy' }));
    expect(() => loadProcedureDescriptions(dir)).toThrow(
      /"copy.json": code 1.009829 is also used by "1.009829.json"/,
    );
  });
});

describe('csvRowToDescription', () => {
  const row = (over: Partial<MostProcedureRow>): MostProcedureRow => ({
    code: '',
    name_vi: 'Thủ tục đăng ký nhãn hiệu',
    field: 'Sở hữu trí tuệ',
    unit: 'Cục Sở hữu trí tuệ',
    level: '',
    processing_days: '',
    fee_vnd: '',
    source: 'https://example.gov.vn/tthc',
    ...over,
  });

  it('fills in only what the row says and lists the rest as unknown', () => {
    const d = csvRowToDescription(row({ level: '4' }));
    expect(d.id).toBe('dang-ky-nhan-hieu');
    expect(d.code).toBeNull();
    expect(d.onlineLevel).toEqual({ kind: null, legacyLevel: 4 });
    expect(d.tier).toBe('central');
    expect(d.unknown.map((u) => u.fact).sort()).toEqual(
      [
        'applicationForm',
        'channels',
        'code',
        'fees',
        'legalBasis',
        'localCodes',
        'processingTime',
        'requiredDocuments',
        'result',
        'steps',
      ].sort(),
    );
    expect(() => parseProcedureDescription(d, 'dang-ky-nhan-hieu.json')).not.toThrow();
  });

  it('reads two-part working days, fee tiers, local codes and the decree in the name', () => {
    const d = csvRowToDescription(
      row({
        code: '1.014445',
        name_vi:
          'Thủ tục cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ (Nghị định số 268/2025/NĐ-CP)',
        unit: 'Sở Khoa học và Công nghệ (cấp tỉnh; mã địa phương 1.014445.H38)',
        level: 'toàn trình',
        processing_days: '5wd+10wd',
        fee_vnd: '2000000|3000000',
      }),
    );
    expect(d.id).toBe('1.014445');
    expect(d.tier).toBe('provincial');
    expect(d.localCodes).toEqual([{ code: '1.014445.H38' }]);
    expect(d.onlineLevel.kind).toBe('toan-trinh');
    expect(d.processingTime).toMatchObject({
      totalWorkingDays: 15,
      completenessCheck: { amount: 5, unit: 'working-days' },
    });
    expect(d.fees).toEqual({
      kind: 'tiered',
      tiers: [
        { amountVnd: 2_000_000, nameVi: null },
        { amountVnd: 3_000_000, nameVi: null },
      ],
    });
    expect(d.legalBasis).toEqual([{ code: '268/2025/NĐ-CP', nameVi: 'Nghị định số 268/2025/NĐ-CP' }]);
    expect(() => parseProcedureDescription(d, '1.014445.json')).not.toThrow();
  });
});
