import { parseTemplate, type Node, type TemplatePart } from './parser.js';
import { ExpressionSyntaxError } from './tokenizer.js';
import { callFunction, callMethod, DateTime, executionProperty, MethodError } from './methods.js';

/**
 * Evaluates the JUEL subset with EL's coercion rules (EL 3.0 §1.23), never with `eval`.
 * Values are plain JS: string, number, boolean, null, Date, objects/arrays (Json variables).
 */

/** Looks a name up: `found: false` means the variable does not exist (an error in JUEL). */
export type Resolver = (name: string) => { found: true; value: unknown } | { found: false };

/** Any failure while evaluating; the message follows Camunda's wording where it has one. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

class PropertyNotFound extends Error {}

function toNumber(v: unknown): number {
  if (v === null || v === undefined || v === '') return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean')
    throw new ExpressionError(`Cannot coerce from class java.lang.Boolean to class java.lang.Long`);
  if (typeof v === 'string') {
    const n = Number(v.trim());
    if (Number.isNaN(n)) throw new ExpressionError(`Cannot coerce '${v}' to a number`);
    return n;
  }
  if (v instanceof Date) return v.getTime();
  throw new ExpressionError(`Cannot coerce ${describe(v)} to a number`);
}

function toBoolean(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.toLowerCase() === 'true';
  throw new ExpressionError(`Cannot coerce ${describe(v)} to a boolean`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  return `a ${typeof v}`;
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (v instanceof Date) return false;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/** EL equality: numbers numerically, booleans by coercion, otherwise by value. */
function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) === toNumber(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBoolean(a) === toBoolean(b);
  if (typeof a === 'string' || typeof b === 'string') return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

function compare(a: unknown, b: unknown): number {
  if (a === null || a === undefined || b === null || b === undefined) {
    throw new ExpressionError('Cannot compare with null');
  }
  if ((a instanceof Date || a instanceof DateTime) && (b instanceof Date || b instanceof DateTime))
    return a.getTime() - b.getTime();
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return toNumber(a) - toNumber(b);
}

function member(object: unknown, property: unknown): unknown {
  // EL: a property of null is null (only an unknown top-level identifier is an error).
  if (object === null || object === undefined) return null;
  const key = String(property);
  if (Array.isArray(object)) {
    if (key === 'size' || key === 'length') return object.length;
    const idx = toNumber(property);
    return object[idx] ?? null;
  }
  if (typeof object === 'object' && !(object instanceof Date)) {
    const bean = executionProperty(object, key);
    if (bean) return bean.value;
    if (Object.hasOwn(object, key)) return (object as Record<string, unknown>)[key];
    throw new PropertyNotFound(`Property '${key}' not found on ${describe(object)}`);
  }
  throw new PropertyNotFound(`Property '${key}' not found on ${describe(object)}`);
}

function evalNode(node: Node, resolve: Resolver): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'ident': {
      const r = resolve(node.name);
      if (!r.found) throw new PropertyNotFound(`Cannot resolve identifier '${node.name}'`);
      return r.value;
    }
    case 'member':
      return member(evalNode(node.object, resolve), evalNode(node.property, resolve));
    case 'unary': {
      const v = evalNode(node.operand, resolve);
      if (node.op === '!') return !toBoolean(v);
      if (node.op === 'empty') return isEmpty(v);
      return -toNumber(v);
    }
    case 'call': {
      const target = evalNode(node.object, resolve);
      const args = node.args.map((a) => evalNode(a, resolve));
      try {
        return callMethod(target, node.method, args, resolve);
      } catch (err) {
        if (err instanceof MethodError) throw new ExpressionError(err.message);
        throw err;
      }
    }
    case 'fn': {
      const args = node.args.map((a) => evalNode(a, resolve));
      try {
        return callFunction(node.name, args, resolve);
      } catch (err) {
        if (err instanceof MethodError) throw new ExpressionError(err.message);
        throw err;
      }
    }
    case 'cond':
      return toBoolean(evalNode(node.test, resolve))
        ? evalNode(node.then, resolve)
        : evalNode(node.else, resolve);
    case 'binary': {
      // && and || short-circuit, as in EL.
      if (node.op === '&&')
        return toBoolean(evalNode(node.left, resolve)) && toBoolean(evalNode(node.right, resolve));
      if (node.op === '||')
        return toBoolean(evalNode(node.left, resolve)) || toBoolean(evalNode(node.right, resolve));
      const a = evalNode(node.left, resolve);
      const b = evalNode(node.right, resolve);
      switch (node.op) {
        case '==':
          return equals(a, b);
        case '!=':
          return !equals(a, b);
        case '<':
          return compare(a, b) < 0;
        case '>':
          return compare(a, b) > 0;
        case '<=':
          return compare(a, b) <= 0;
        case '>=':
          return compare(a, b) >= 0;
        case '+':
          return toNumber(a) + toNumber(b);
        case '-':
          return toNumber(a) - toNumber(b);
        case '*':
          return toNumber(a) * toNumber(b);
        case '/': {
          const d = toNumber(b);
          if (d === 0) throw new ExpressionError('Division by zero');
          return toNumber(a) / d;
        }
        case '%': {
          const d = toNumber(b);
          if (d === 0) throw new ExpressionError('Division by zero');
          return toNumber(a) % d;
        }
      }
    }
  }
}

export interface CompiledExpression {
  readonly source: string;
  /** True when the whole text is one `${…}`: the result keeps its type; otherwise a string. */
  readonly single: boolean;
  /**
   * The Java number type EL gives a single expression's numeric result, where the expression
   * alone decides it: integer literals and `+ - * %` on integers are Long, `/` is Double (EL 2.2
   * §1.7); null when it depends on a value (a variable, a method's result).
   */
  readonly numberType: 'Long' | 'Double' | null;
  evaluate(resolve: Resolver): unknown;
}

function numberTypeOf(node: Node): 'Long' | 'Double' | null {
  switch (node.type) {
    case 'literal':
      return typeof node.value === 'number' ? (Number.isInteger(node.value) ? 'Long' : 'Double') : null;
    case 'unary':
      return node.op === '-' ? numberTypeOf(node.operand) : null;
    case 'binary':
      if (node.op === '/') return 'Double';
      if (node.op === '+' || node.op === '-' || node.op === '*' || node.op === '%')
        return numberTypeOf(node.left) === 'Double' || numberTypeOf(node.right) === 'Double'
          ? 'Double'
          : 'Long';
      return null;
    default:
      return null;
  }
}

const cache = new Map<string, CompiledExpression>();

/** Parses (once, cached) a text that may hold `${…}`/`#{…}` expressions. Throws on syntax errors. */
export function compileExpression(source: string): CompiledExpression {
  const hit = cache.get(source);
  if (hit) return hit;
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(source);
  } catch (err) {
    if (err instanceof ExpressionSyntaxError)
      throw new ExpressionError(`Error parsing '${source}': ${err.message}`);
    throw err;
  }
  const single = parts.length === 1 && parts[0]!.kind === 'expr';
  const compiled: CompiledExpression = {
    source,
    single,
    numberType: single ? numberTypeOf((parts[0] as { node: Node }).node) : null,
    evaluate(resolve) {
      try {
        if (single) return evalNode((parts[0] as { node: Node }).node, resolve);
        return parts.map((p) => (p.kind === 'text' ? p.text : stringify(evalNode(p.node, resolve)))).join('');
      } catch (err) {
        if (err instanceof PropertyNotFound) {
          throw new ExpressionError(`Unknown property used in expression: ${source}. Cause: ${err.message}`);
        }
        if (err instanceof ExpressionError)
          throw new ExpressionError(`Error while evaluating expression: ${source}. Cause: ${err.message}`);
        throw err;
      }
    },
  };
  if (cache.size > 10_000) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

function stringify(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof DateTime) return v.toString();
  if (typeof v === 'object' && !(v instanceof Date)) return JSON.stringify(v);
  return String(v);
}

/** Whether the text holds any `${…}`/`#{…}`. */
export function isExpression(text: string): boolean {
  return /[$#]\{/.test(text);
}

/** Evaluates a sequence-flow condition: must yield a Boolean, as Camunda's UelExpressionCondition. */
export function evaluateCondition(source: string, resolve: Resolver): boolean {
  const v = compileExpression(source).evaluate(resolve);
  if (typeof v !== 'boolean') {
    throw new ExpressionError(`condition expression returns non-Boolean: ${stringify(v)} (${describe(v)})`);
  }
  return v;
}

/** Resolver over a plain object of variables. */
export function resolverOf(vars: Record<string, unknown>): Resolver {
  return (name) => (Object.hasOwn(vars, name) ? { found: true, value: vars[name] } : { found: false });
}
