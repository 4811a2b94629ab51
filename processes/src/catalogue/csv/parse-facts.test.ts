import { describe, expect, it } from '@jest/globals';
import { parseCsvRows } from './parse-csv.js';
import { parseFees, parseOnlineLevel, parseProcessingTime } from './parse-facts.js';
import { slugifyVi } from './slug.js';

describe('parseProcessingTime', () => {
  it.each([
    ['45', [[45, 'days', 'whole-procedure']], null],
    ['10wd', [[10, 'working-days', 'whole-procedure']], 10],
    [
      '5wd+10wd',
      [
        [5, 'working-days', 'completeness-check'],
        [10, 'working-days', 'appraisal-and-decision'],
      ],
      15,
    ],
    [
      '3wd+30',
      [
        [3, 'working-days', 'completeness-check'],
        [30, 'days', 'appraisal-and-decision'],
      ],
      null,
    ],
    ['30 ngày làm việc', [[30, 'working-days', 'whole-procedure']], 30],
    ['2 tháng', [[2, 'months', 'whole-procedure']], null],
  ])('reads "%s"', (text, parts, total) => {
    const t = parseProcessingTime(text)!;
    expect(t.parts.map((p) => [p.amount, p.unit, p.step])).toEqual(parts);
    expect(t.totalWorkingDays).toBe(total);
    expect(t.asStated).toBe(text);
  });

  it('keeps an empty cell unknown and refuses to guess', () => {
    expect(parseProcessingTime(' ')).toBeNull();
    expect(() => parseProcessingTime('nhanh')).toThrow(/unreadable processing time "nhanh"/);
    expect(() => parseProcessingTime('0')).toThrow(RangeError);
  });
});

describe('parseFees', () => {
  it('reads unknown, none, fixed and tiers', () => {
    expect(parseFees('')).toBeNull();
    expect(parseFees('0')).toEqual({ kind: 'none' });
    expect(parseFees('10.000.000 đ')).toEqual({ kind: 'fixed', amountVnd: 10_000_000 });
    expect(parseFees('50000000|20000000')).toEqual({
      kind: 'tiered',
      tiers: [
        { amountVnd: 50_000_000, nameVi: null },
        { amountVnd: 20_000_000, nameVi: null },
      ],
    });
    expect(() => parseFees('miễn phí')).toThrow(/unreadable fee/);
  });
});

describe('parseOnlineLevel, CSV and slugs', () => {
  it('reads levels', () => {
    expect(parseOnlineLevel('Mức độ 3')).toEqual({ kind: null, legacyLevel: 3 });
    expect(parseOnlineLevel('Một phần')).toEqual({ kind: 'mot-phan', legacyLevel: null });
    expect(() => parseOnlineLevel('5')).toThrow(/online level/);
  });

  it('parses quoted CSV fields with commas, quotes and CRLF', () => {
    expect(parseCsvRows('a,"b, c","d ""e"""\r\n1,,3\n')).toEqual([
      ['a', 'b, c', 'd "e"'],
      ['1', '', '3'],
    ]);
    expect(() => parseCsvRows('a,"b')).toThrow(/not closed/);
  });

  it('slugs Vietnamese names', () => {
    expect(slugifyVi('Thủ tục đăng ký sáng chế/giải pháp hữu ích')).toBe(
      'thu-tuc-dang-ky-sang-che-giai-phap-huu-ich',
    );
  });
});
