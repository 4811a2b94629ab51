import { describe, expect, it } from '@jest/globals';
import { foldVi, matchesFolded } from './text-folding.js';

describe('Vietnamese folding for search', () => {
  it.each([
    ['Cấp Chứng chỉ', 'cap chung chi'],
    ['ĐĂNG KÝ nhãn hiệu', 'dang ky nhan hieu'],
    ['  Sở  Khoa học\tvà Công nghệ ', 'so khoa hoc va cong nghe'],
    ['Thủ tục sửa đổi, bổ sung', 'thu tuc sua doi, bo sung'],
    // Precomposed and decomposed input fold alike.
    ['Ứng dụng'.normalize('NFD'), 'ung dung'],
  ])('%s → %s', (input, folded) => {
    expect(foldVi(input)).toBe(folded);
  });

  it('matches every word, diacritics, case and order free', () => {
    const name = 'Thủ tục cấp Chứng chỉ nhân viên bức xạ';
    expect(matchesFolded(name, 'cap chung chi')).toBe(true);
    expect(matchesFolded(name, 'BỨC XẠ chứng')).toBe(true);
    expect(matchesFolded(name, 'cap giay phep')).toBe(false);
    expect(matchesFolded(name, '   ')).toBe(true);
  });
});
