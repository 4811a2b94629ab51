import { ExpressionSyntaxError, tokenize, type Token } from './tokenizer.js';

/** The syntax tree of one `${…}` expression. */
export type Node =
  | { type: 'literal'; value: string | number | boolean | null; integer?: boolean }
  | { type: 'ident'; name: string }
  | { type: 'member'; object: Node; property: Node }
  | { type: 'unary'; op: '-' | '!' | 'empty'; operand: Node }
  | { type: 'binary'; op: BinaryOp; left: Node; right: Node }
  | { type: 'cond'; test: Node; then: Node; else: Node }
  /** `object.method(args)`: only the methods of `methods.ts` exist. */
  | { type: 'call'; object: Node; method: string; args: Node[] }
  /** `name(args)`: the functions of `methods.ts` (`now()`, `dateTime()`, `S(x)`). */
  | { type: 'fn'; name: string; args: Node[] };

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '&&' | '||';

/** Binding powers, EL precedence from loosest to tightest. */
const INFIX: Record<string, { bp: number; op: BinaryOp }> = {
  '||': { bp: 10, op: '||' },
  or: { bp: 10, op: '||' },
  '&&': { bp: 20, op: '&&' },
  and: { bp: 20, op: '&&' },
  '==': { bp: 30, op: '==' },
  eq: { bp: 30, op: '==' },
  '!=': { bp: 30, op: '!=' },
  ne: { bp: 30, op: '!=' },
  '<': { bp: 40, op: '<' },
  lt: { bp: 40, op: '<' },
  '>': { bp: 40, op: '>' },
  gt: { bp: 40, op: '>' },
  '<=': { bp: 40, op: '<=' },
  le: { bp: 40, op: '<=' },
  '>=': { bp: 40, op: '>=' },
  ge: { bp: 40, op: '>=' },
  '+': { bp: 50, op: '+' },
  '-': { bp: 50, op: '-' },
  '*': { bp: 60, op: '*' },
  '/': { bp: 60, op: '/' },
  div: { bp: 60, op: '/' },
  '%': { bp: 60, op: '%' },
  mod: { bp: 60, op: '%' },
};
const TERNARY_BP = 5;
const UNARY_BP = 70;

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text || (t.kind !== 'op' && t.kind !== 'keyword')) {
      throw this.error(t, `expected '${text}'`);
    }
  }
  private error(t: Token, what: string): ExpressionSyntaxError {
    const found = t.kind === 'eof' ? 'end of expression' : `'${t.text}'`;
    return new ExpressionSyntaxError(
      `Syntax error in '${this.source}' at position ${t.pos}: ${what}, found ${found}`,
    );
  }

  parseAll(): Node {
    const node = this.expr(0);
    const t = this.peek();
    if (t.kind !== 'eof') throw this.error(t, 'unexpected token');
    return node;
  }

  expr(minBp: number): Node {
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && (t.text === '.' || t.text === '[')) {
        this.next();
        if (t.text === '.') {
          const name = this.next();
          if (name.kind !== 'ident' && name.kind !== 'keyword')
            throw this.error(name, 'expected a property name');
          if (this.peek().kind === 'op' && this.peek().text === '(') {
            this.next();
            left = { type: 'call', object: left, method: name.text, args: this.args() };
          } else left = { type: 'member', object: left, property: { type: 'literal', value: name.text } };
        } else {
          const property = this.expr(0);
          this.expect(']');
          left = { type: 'member', object: left, property };
        }
        continue;
      }
      if (t.kind === 'op' && t.text === '(') {
        if (left.type !== 'ident') throw this.error(t, 'only named functions and methods can be called');
        this.next();
        left = { type: 'fn', name: left.name, args: this.args() };
        continue;
      }
      if (t.kind === 'op' && t.text === '?' && minBp <= TERNARY_BP) {
        this.next();
        const then = this.expr(0);
        this.expect(':');
        const otherwise = this.expr(TERNARY_BP);
        left = { type: 'cond', test: left, then, else: otherwise };
        continue;
      }
      const infix =
        (t.kind === 'op' || t.kind === 'keyword') && Object.hasOwn(INFIX, t.text) ? INFIX[t.text] : undefined;
      if (!infix || infix.bp <= minBp) return left;
      this.next();
      const right = this.expr(infix.bp);
      left = { type: 'binary', op: infix.op, left, right };
    }
  }

  /** Call arguments after `(`, up to and including `)`. */
  private args(): Node[] {
    const args: Node[] = [];
    if (this.peek().kind === 'op' && this.peek().text === ')') {
      this.next();
      return args;
    }
    for (;;) {
      args.push(this.expr(0));
      const t = this.next();
      if (t.kind === 'op' && t.text === ')') return args;
      if (!(t.kind === 'op' && t.text === ',')) throw this.error(t, "expected ',' or ')'");
    }
  }

  prefix(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { type: 'literal', value: t.value as number, integer: t.integer };
      case 'string':
        return { type: 'literal', value: t.value as string };
      case 'ident':
        return { type: 'ident', name: t.text };
      case 'keyword':
        if (t.text === 'true' || t.text === 'false') return { type: 'literal', value: t.text === 'true' };
        if (t.text === 'null') return { type: 'literal', value: null };
        if (t.text === 'not') return { type: 'unary', op: '!', operand: this.expr(UNARY_BP) };
        if (t.text === 'empty') return { type: 'unary', op: 'empty', operand: this.expr(UNARY_BP) };
        throw this.error(t, 'unexpected keyword');
      case 'op':
        if (t.text === '(') {
          const inner = this.expr(0);
          this.expect(')');
          return inner;
        }
        if (t.text === '-') return { type: 'unary', op: '-', operand: this.expr(UNARY_BP) };
        if (t.text === '!') return { type: 'unary', op: '!', operand: this.expr(UNARY_BP) };
        throw this.error(t, 'expected a value');
      default:
        throw this.error(t, 'expected a value');
    }
  }
}

export function parseExpression(source: string): Node {
  return new Parser(tokenize(source), source).parseAll();
}

/** A `${…}` template: literal text and expressions, in order. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expr'; source: string; node: Node };

/**
 * Splits `text ${expr} text #{expr}` into parts. A `}` inside a string literal does not close
 * the expression. `\${` is literal text.
 */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '\\' && (template[i + 1] === '$' || template[i + 1] === '#') && template[i + 2] === '{') {
      text += template[i + 1];
      i += 2;
      continue;
    }
    if ((c === '$' || c === '#') && template[i + 1] === '{') {
      let j = i + 2;
      let quote: string | null = null;
      for (; j < template.length; j++) {
        const d = template[j]!;
        if (quote) {
          if (d === '\\') j++;
          else if (d === quote) quote = null;
        } else if (d === "'" || d === '"') quote = d;
        else if (d === '}') break;
      }
      if (j >= template.length) throw new ExpressionSyntaxError(`Unclosed expression in '${template}'`);
      if (text) parts.push({ kind: 'text', text });
      text = '';
      const source = template.slice(i + 2, j);
      parts.push({ kind: 'expr', source: template.slice(i, j + 1), node: parseExpression(source) });
      i = j + 1;
      continue;
    }
    text += c;
    i++;
  }
  if (text) parts.push({ kind: 'text', text });
  return parts;
}
