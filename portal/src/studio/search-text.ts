/**
 * Text folded for search: lower case, Vietnamese diacritics removed (đ → d as well, which Unicode
 * decomposition does not do), so "cap chung chi" finds "Cấp chứng chỉ".
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}
