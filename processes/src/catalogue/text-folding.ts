/**
 * Vietnamese text folded for search: lower case, no diacritics (NFD marks removed, đ → d), spaces
 * collapsed — so "cap chung chi" finds "Cấp chứng chỉ", as applicants type on a phone without
 * a Vietnamese keyboard.
 */
export function foldVi(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether every word of the query occurs in the text, both folded (word order free). */
export function matchesFolded(text: string, query: string): boolean {
  const words = foldVi(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = foldVi(text);
  return words.every((w) => haystack.includes(w));
}
