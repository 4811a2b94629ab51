import { describe, expect, it } from '@jest/globals';
import { cleanFact, isPlaceholder } from './placeholder-filter.js';

describe('catalogue placeholders never reach a page', () => {
  it.each([
    'ví dụ Tiền Giang',
    'Ví dụ: Sở KH&CN Hà Nội',
    'VD: 000.00.01.H22',
    'chẳng hạn tỉnh Lào Cai',
    'Số xxx/QĐ-UBND',
    'TODO',
    '[...]',
    '…',
  ])('"%s" is a placeholder', (text) => {
    expect(isPlaceholder(text)).toBe(true);
  });

  it.each([
    'Cục An toàn bức xạ và hạt nhân',
    'Sở Khoa học và Công nghệ Thừa Thiên Huế',
    'Quyết định 546/QĐ-BKHCN',
  ])('"%s" is a fact', (text) => {
    expect(isPlaceholder(text)).toBe(false);
    expect(cleanFact(text)).toBe(text);
  });

  it('drops a placeholder clause in parentheses and keeps the rest', () => {
    expect(cleanFact('Sở Khoa học và Công nghệ (cấp tỉnh; ví dụ Tiền Giang)')).toBe(
      'Sở Khoa học và Công nghệ (cấp tỉnh)',
    );
    expect(cleanFact('Sở Khoa học và Công nghệ (ví dụ Tiền Giang)')).toBe('Sở Khoa học và Công nghệ');
    expect(cleanFact('Cơ quan (Lạng Sơn; mã địa phương 3.000453.000.00.00.H37)')).toBe(
      'Cơ quan (Lạng Sơn; mã địa phương 3.000453.000.00.00.H37)',
    );
  });

  it('a fact that is a placeholder outside parentheses, or empty, is unknown', () => {
    expect(cleanFact('Ví dụ: Sở Khoa học và Công nghệ Tiền Giang')).toBeNull();
    expect(cleanFact('   ')).toBeNull();
    expect(cleanFact(null)).toBeNull();
    expect(cleanFact(undefined)).toBeNull();
  });
});

describe('the generated forms and the published entries carry no placeholder', () => {
  it('no application form heading, no agency of a published procedure', async () => {
    const { loadPublishedCatalogue } = await import('./published-catalogue.js');
    for (const e of loadPublishedCatalogue()) {
      expect(isPlaceholder(e.agencyVi)).toBe(false);
      const texts = Object.values(e.forms).flatMap((f) =>
        JSON.stringify(f)
          .split(/[.;()"\\]/)
          .filter((piece) => isPlaceholder(piece)),
      );
      expect(texts).toEqual([]);
    }
  });
});
