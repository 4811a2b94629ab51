/**
 * Camunda 7 typed variables (`{ value, type, valueInfo }`) to and from plain values.
 * Numbers follow the contract: whole numbers are Long unless the caller asks for Integer,
 * other numbers Double; objects and arrays are Json (a JSON string, as Camunda's Spin expects).
 */
export interface TypedValue {
  value: unknown;
  type: string;
  valueInfo?: Record<string, unknown>;
}

export type TypedVariables = Record<string, TypedValue>;

export function toTypedValue(value: unknown): TypedValue {
  if (value === null || value === undefined) return { value: null, type: 'Null' };
  if (typeof value === 'boolean') return { value, type: 'Boolean' };
  if (typeof value === 'string') return { value, type: 'String' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('Only finite numbers can be engine variables');
    return Number.isInteger(value) ? { value, type: 'Long' } : { value, type: 'Double' };
  }
  if (value instanceof Date) return { value: formatEngineDate(value), type: 'Date' };
  return { value: JSON.stringify(value), type: 'Json' };
}

export function toTypedVariables(values: Record<string, unknown>): TypedVariables {
  const out: TypedVariables = {};
  for (const [k, v] of Object.entries(values)) out[k] = toTypedValue(v);
  return out;
}

/** Camunda's date format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, in UTC. */
export function formatEngineDate(d: Date): string {
  return d.toISOString().replace(/Z$/, '+0000');
}

/** Reads a typed value back to a plain one (Json parsed, Date as a Date). */
export function fromTypedValue(v: TypedValue | undefined): unknown {
  if (!v) return undefined;
  const type = v.type.toLowerCase();
  if (v.value === null || v.value === undefined) return null;
  if (type === 'json' && typeof v.value === 'string') {
    try {
      return JSON.parse(v.value);
    } catch {
      return v.value;
    }
  }
  if (type === 'date' && typeof v.value === 'string')
    return new Date(v.value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return v.value;
}
