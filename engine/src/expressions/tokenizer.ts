/**
 * Tokenizer for the JUEL subset (the text inside `${…}` / `#{…}`).
 * Word operators (`and`, `eq`, `empty`, …) are keywords, as in EL; they cannot name variables.
 */
export type TokenKind = 'number' | 'string' | 'ident' | 'keyword' | 'op' | 'eof';
export interface Token {
  kind: TokenKind;
  text: string;
  /** Parsed value for number and string tokens. */
  value?: number | string;
  /** Whether a number literal was written as an integer (EL Long) or a floating point (Double). */
  integer?: boolean;
  pos: number;
}

export class ExpressionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

const KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'empty',
  'not',
  'and',
  'or',
  'eq',
  'ne',
  'lt',
  'gt',
  'le',
  'ge',
  'div',
  'mod',
  'instanceof',
]);
// Longest first so `==` wins over `=`-less prefixes.
const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '!',
  '+',
  '-',
  '*',
  '/',
  '%',
  '?',
  ':',
  '.',
  '[',
  ']',
  '(',
  ')',
  ',',
];

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      const text = m[0];
      const integer = !text.includes('.') && !/[eE]/.test(text);
      tokens.push({ kind: 'number', text, value: Number(text), integer, pos: start });
      i += text.length;
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length)
          throw new ExpressionSyntaxError(`Unterminated string literal at position ${start}`);
        const d = src[i]!;
        if (d === '\\' && (src[i + 1] === c || src[i + 1] === '\\')) {
          value += src[i + 1];
          i += 2;
          continue;
        }
        if (d === c) {
          i++;
          break;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: src.slice(start, i), value, pos: start });
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i))!;
      const text = m[0];
      tokens.push({ kind: KEYWORDS.has(text) ? 'keyword' : 'ident', text, pos: start });
      i += text.length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionSyntaxError(`Unexpected character '${c}' at position ${start}`);
    tokens.push({ kind: 'op', text: op, pos: start });
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '', pos: src.length });
  return tokens;
}
