import { compileExpression, isExpression, type Resolver } from '../expressions/index.js';
import type { IoValue } from '../bpmn/model.js';
import { DateTime } from '../expressions/methods.js';
import type { StoredValue } from '../variables/typed-value.js';

/*
 * `camunda:inputOutput` values → typed variables. Text is a String unless it is an expression,
 * whose result keeps its type; `camunda:list` and `camunda:map` become Json arrays and objects
 * (Camunda stores Java collections as serialized Objects; our REST API has no Object type).
 */

/** Evaluates one parameter value against the scope it is read in. */
export function ioValue(value: IoValue, resolve: Resolver): StoredValue {
  if (value.kind === 'text' && isExpression(value.text)) return evaluateTyped(value.text, resolve);
  return fromJs(ioJs(value, resolve));
}

/**
 * An expression's result as the typed variable Camunda stores: a number keeps the type EL gives
 * it (`${amount + 1}` is a Long, `${a / b}` a Double) where the expression decides it.
 */
export function evaluateTyped(text: string, resolve: Resolver): StoredValue {
  const compiled = compileExpression(text);
  const value = compiled.evaluate(resolve);
  if (typeof value === 'number' && compiled.numberType && Number.isFinite(value))
    return {
      type: compiled.numberType === 'Long' && Number.isInteger(value) ? 'Long' : 'Double',
      text: String(value),
    };
  return fromJs(value);
}

function ioJs(value: IoValue, resolve: Resolver): unknown {
  switch (value.kind) {
    case 'null':
      return null;
    case 'text':
      return isExpression(value.text) ? compileExpression(value.text).evaluate(resolve) : value.text;
    case 'list':
      return value.items.map((i) => ioJs(i, resolve));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of value.entries) {
        const key = isExpression(e.key) ? String(compileExpression(e.key).evaluate(resolve)) : e.key;
        out[key] = ioJs(e.value, resolve);
      }
      return out;
    }
  }
}

const INT32 = 2 ** 31;

/** A JavaScript value as the typed variable Camunda would store for the equivalent Java value. */
export function fromJs(value: unknown): StoredValue {
  if (value === null || value === undefined) return { type: 'Null', text: null };
  if (typeof value === 'string') return { type: 'String', text: value };
  if (typeof value === 'boolean') return { type: 'Boolean', text: String(value) };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { type: 'Double', text: String(value) };
    return { type: value >= -INT32 && value < INT32 ? 'Integer' : 'Long', text: String(value) };
  }
  if (value instanceof Date) return { type: 'Date', text: value.toISOString() };
  if (value instanceof DateTime) return { type: 'Date', text: new Date(value.getTime()).toISOString() };
  return { type: 'Json', text: JSON.stringify(value) };
}
