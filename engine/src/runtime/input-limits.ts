/**
 * Limits on untrusted documents (request bodies, deployed BPMN, DMN and forms), checked by linear
 * scans before any parser or recursive reader sees them: a body nested 100 000 deep would overflow
 * the stack of the code that walks it, and a DOCTYPE is where entity expansion ("billion laughs")
 * and external entities (`file:///etc/passwd`) start.
 */

/**
 * Deepest nesting of JSON objects and arrays accepted: Jackson's default
 * (StreamReadConstraints.maxNestingDepth), which Camunda 7.24's REST API inherits.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Deepest XML element nesting accepted in a deployed model. Real BPMN and DMN stay far below
 * (definitions › process › sub-processes › extension elements › camunda:map › …).
 */
export const MAX_XML_DEPTH = 200;

/** How deep `[`/`{` nest in JSON text, skipping strings; one pass, no recursion. */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Why an XML document is refused before parsing, or null: a DOCTYPE (DTDs, entity declarations,
 * external entities — Camunda sets `disallow-doctype-decl` too) or elements nested deeper than
 * `maxDepth`. Comments, CDATA and processing instructions are skipped; quotes in tags are honoured.
 */
export function xmlRefusal(xml: string, maxDepth = MAX_XML_DEPTH): string | null {
  let depth = 0;
  let i = xml.indexOf('<');
  while (i !== -1 && i < xml.length) {
    if (xml.startsWith('<!--', i)) i = skipTo(xml, '-->', i + 4);
    else if (xml.startsWith('<![CDATA[', i)) i = skipTo(xml, ']]>', i + 9);
    else if (xml.startsWith('<?', i)) i = skipTo(xml, '?>', i + 2);
    else if (xml.startsWith('<!', i)) {
      if (/^<!doctype/i.test(xml.slice(i, i + 9)))
        return 'DOCTYPE is not allowed: DTDs and entity declarations are refused.';
      return 'Markup declarations (<!…>) are not allowed.';
    } else if (xml[i + 1] === '/') {
      depth--;
      i = skipTo(xml, '>', i + 2);
    } else {
      const end = tagEnd(xml, i + 1);
      if (end === -1) return null; // unterminated: the parser reports it
      if (xml[end - 1] !== '/' && ++depth > maxDepth)
        return `Elements are nested deeper than ${maxDepth} levels.`;
      i = end + 1;
    }
    if (i === -1) return null;
    i = xml.indexOf('<', i);
  }
  return null;
}

/** Index just past `token` from `from`, or -1. */
function skipTo(text: string, token: string, from: number): number {
  const at = text.indexOf(token, from);
  return at === -1 ? -1 : at + token.length;
}

/** Index of the `>` closing a start tag, skipping quoted attribute values; -1 if none. */
function tagEnd(xml: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}
