import { describe, expect, it } from '@jest/globals';
import { formatVnd, vndInWords } from './vnd-in-words.js';

describe('amounts in Vietnamese words', () => {
  it.each([
    [0, 'Không đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    [15, 'Mười lăm đồng'],
    [21, 'Hai mươi mốt đồng'],
    [24, 'Hai mươi tư đồng'],
    [25, 'Hai mươi lăm đồng'],
    [105, 'Một trăm linh năm đồng'],
    [110, 'Một trăm mười đồng'],
    [1_000, 'Một nghìn đồng'],
    [150_000, 'Một trăm năm mươi nghìn đồng'],
    [200_000, 'Hai trăm nghìn đồng'],
    [1_005_000, 'Một triệu không trăm linh năm nghìn đồng'],
    [1_000_050, 'Một triệu không trăm năm mươi đồng'],
    [2_000_500, 'Hai triệu năm trăm đồng'],
    [10_000_000, 'Mười triệu đồng'],
    [15_500_000, 'Mười lăm triệu năm trăm nghìn đồng'],
    [50_000_000, 'Năm mươi triệu đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
    [2_001_000_000, 'Hai tỷ không trăm linh một triệu đồng'],
    [1_000_000_000_000, 'Một nghìn tỷ đồng'],
  ])('%d → %s', (n, text) => {
    expect(vndInWords(n)).toBe(text);
  });

  it('refuses what is not a whole amount', () => {
    expect(() => vndInWords(-1)).toThrow(RangeError);
    expect(() => vndInWords(1.5)).toThrow(RangeError);
  });

  it('groups thousands with dots', () => {
    expect(formatVnd(150000)).toBe('150.000');
    expect(formatVnd(10000000)).toBe('10.000.000');
    expect(formatVnd(999)).toBe('999');
  });
});
