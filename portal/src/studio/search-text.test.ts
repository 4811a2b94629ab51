import { describe, expect, it } from '@jest/globals';
import { foldVietnamese } from './search-text.js';

describe('foldVietnamese', () => {
  it('drops diacritics, đ and case', () => {
    expect(foldVietnamese('Cấp Chứng chỉ nhân viên bức xạ')).toBe('cap chung chi nhan vien buc xa');
    expect(foldVietnamese('Đăng ký  hoạt động')).toBe('dang ky hoat dong');
  });
  it('lets a query without accents find the accented name', () => {
    expect(foldVietnamese('Cấp chứng chỉ').includes(foldVietnamese('cap chung chi'))).toBe(true);
    expect(foldVietnamese('Cấp chứng chỉ').includes(foldVietnamese('cap giay phep'))).toBe(false);
  });
});
