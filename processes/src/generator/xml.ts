/** Escapes text for an XML attribute or element body. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** ` a="1" b="2"` from an attribute map (insertion order, values escaped). */
export function xmlAttrs(attrs: Record<string, string | undefined>): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(v!)}"`)
    .join('');
}

/**
 * A name as an engine stores it: Camunda 7 keeps a definition's name in a VARCHAR(255) column
 * (`ACT_RE_PROCDEF.NAME_`), so a longer procedure name (some run to 400 characters) is cut with "…".
 */
export function storedName(text: string, max = 255): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
