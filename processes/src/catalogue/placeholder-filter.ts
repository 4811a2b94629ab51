import { foldVi } from './text-folding.js';

/** What a page shows for a fact the catalogue does not know (or knows only as a placeholder). */
export const UNKNOWN_VI = 'Chưa có thông tin';

/**
 * Catalogue text that is an example or a blank to fill, not a fact: "ví dụ Tiền Giang", "VD: …",
 * "chẳng hạn", "xxx", "TODO", "…" as a blank. Matched on folded text (diacritics and case free).
 */
export const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /\bvi du\b/,
  /\bvd\s*[:.]/,
  /\bchang han\b/,
  /\bx{3,}\b/,
  /\b(todo|tbd|fixme)\b/,
  /\blorem ipsum\b/,
  /\[\s*(\.\.\.|…)?\s*\]/,
  /<\s*(\.\.\.|…)?\s*>/,
  /^\s*(\.\.\.|…)\s*$/,
];

export function isPlaceholder(text: string): boolean {
  const folded = foldVi(text);
  return PLACEHOLDER_PATTERNS.some((p) => p.test(folded));
}

/**
 * A catalogue fact made fit for a page: a parenthetical clause that is a placeholder is dropped
 * ("Sở Khoa học và Công nghệ (cấp tỉnh; ví dụ Tiền Giang)" → "Sở Khoa học và Công nghệ (cấp
 * tỉnh)"); anything else containing a placeholder is unknown (null). Empty text is unknown too.
 */
/** The competent agency as letters and pages print it: its name without placeholders. */
export function agencyNameVi(nameVi: string | null): string {
  return cleanFact(nameVi) ?? UNKNOWN_AGENCY_VI;
}

/** What letters say when the catalogue's agency name is only a placeholder. */
export const UNKNOWN_AGENCY_VI = 'Cơ quan giải quyết thủ tục';

export function cleanFact(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const withoutExamples = text.replace(/\(([^()]*)\)/g, (_all, inner: string) => {
    const kept = inner
      .split(';')
      .map((c) => c.trim())
      .filter((c) => c && !isPlaceholder(c));
    return kept.length ? `(${kept.join('; ')})` : '';
  });
  const result = withoutExamples
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;)])/g, '$1')
    .trim();
  if (!result || isPlaceholder(result)) return null;
  return result;
}
