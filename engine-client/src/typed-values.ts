import { formatCamundaDate, parseCamundaDate } from '@motcua/domain';
import type { TypedValue, TypedVariables, VariableMapDto } from './dto.js';

/**
 * Camunda 7 typed variables (`{ value, type, valueInfo }`) to and from plain values.
 *
 * On the way out, `typed.*` builds a value of an explicit type, and `toTypedValue()` infers one:
 * whole numbers are Long, other numbers Double, a Date is a Date in Camunda's format
 * (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`), objects and arrays are Json (a JSON string, as Camunda's Spin
 * expects). On the way in, `fromTypedValue()` parses Json and JSON-serialised Objects, turns Dates
 * into `Date`s and File values with content into their bytes.
 */

/** A File variable read back: its bytes when the engine sent them, and what valueInfo says. */
export interface FileValue {
  filename: string | null;
  mimeType: string | null;
  encoding: string | null;
  /** Null when the engine sent only the file's description (GET …/variables does). */
  content: Buffer | null;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function wholeNumber(value: number, type: 'Integer' | 'Long', min: number, max: number): TypedValue {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${value} is not a ${type} (a whole number from ${min} to ${max})`);
  return { value, type };
}

/** Builders of typed values of an explicit Camunda type. */
export const typed = {
  null: (): TypedValue => ({ value: null, type: 'Null' }),
  string: (value: string): TypedValue => ({ value, type: 'String' }),
  boolean: (value: boolean): TypedValue => ({ value, type: 'Boolean' }),
  /** A 32-bit whole number (Java int); RangeError outside it. */
  integer: (value: number): TypedValue => wholeNumber(value, 'Integer', INT32_MIN, INT32_MAX),
  /** A whole number JavaScript holds exactly (the safe-integer range of Java's long). */
  long: (value: number): TypedValue =>
    wholeNumber(value, 'Long', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  double: (value: number): TypedValue => {
    if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite Double`);
    return { value, type: 'Double' };
  },
  /** An instant, sent in Camunda's format in UTC (`2026-11-27T10:00:00.000+0000`). */
  date: (value: Date): TypedValue => {
    if (Number.isNaN(value.getTime())) throw new RangeError('An invalid Date cannot be a Date variable');
    return { value: formatCamundaDate(value), type: 'Date' };
  },
  /** Any JSON-serialisable value as a Json variable (Spin's JSON data format). */
  json: (value: unknown): TypedValue => ({ value: JSON.stringify(value), type: 'Json' }),
  /**
   * A Java object, serialised as JSON, for an engine that deserialises it into `objectTypeName`
   * (Camunda and Operaton with Spin; our engine answers 400: it stores no Java objects).
   */
  object: (value: unknown, options: { objectTypeName: string }): TypedValue => ({
    value: JSON.stringify(value),
    type: 'Object',
    valueInfo: { objectTypeName: options.objectTypeName, serializationDataFormat: 'application/json' },
  }),
  /** A File variable with its bytes (base64 in the JSON body, as Camunda's REST API expects). */
  file: (file: {
    content: Uint8Array;
    filename: string;
    mimeType: string;
    encoding?: string;
  }): TypedValue => ({
    value: Buffer.from(file.content).toString('base64'),
    type: 'File',
    valueInfo: {
      filename: file.filename,
      mimeType: file.mimeType,
      ...(file.encoding ? { encoding: file.encoding } : {}),
    },
  }),
};

/** Infers the type of a plain value (see the module comment); RangeError for a number not finite. */
export function toTypedValue(value: unknown): TypedValue {
  if (value === null || value === undefined) return typed.null();
  if (typeof value === 'boolean') return typed.boolean(value);
  if (typeof value === 'string') return typed.string(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers can be engine variables');
    return Number.isInteger(value) ? { value, type: 'Long' } : typed.double(value);
  }
  if (value instanceof Date) return typed.date(value);
  return typed.json(value);
}

export function toTypedVariables(values: Record<string, unknown>): TypedVariables {
  const out: TypedVariables = {};
  for (const [k, v] of Object.entries(values)) out[k] = toTypedValue(v);
  return out;
}

const text = (info: Record<string, unknown>, key: string): string | null =>
  typeof info[key] === 'string' ? (info[key] as string) : null;

/**
 * Reads a typed value back to a plain one: Json and JSON-serialised Object parsed (the text kept
 * when it is not JSON), Date as a `Date` (the text kept when it is not a Camunda date), File as a
 * FileValue, everything else as sent. Type names are case-insensitive, as Camunda's.
 */
export function fromTypedValue(v: TypedValue | undefined): unknown {
  if (!v) return undefined;
  const type = v.type.toLowerCase();
  const info = v.valueInfo ?? {};
  if (type === 'file')
    return {
      filename: text(info, 'filename'),
      mimeType: text(info, 'mimeType') ?? text(info, 'mimetype'),
      encoding: text(info, 'encoding'),
      content: typeof v.value === 'string' ? Buffer.from(v.value, 'base64') : null,
    } satisfies FileValue;
  if (v.value === null || v.value === undefined) return null;
  const json =
    type === 'json' || (type === 'object' && text(info, 'serializationDataFormat') === 'application/json');
  if (json && typeof v.value === 'string') {
    try {
      return JSON.parse(v.value);
    } catch {
      return v.value;
    }
  }
  if (type === 'date' && typeof v.value === 'string') return parseCamundaDate(v.value) ?? v.value;
  return v.value;
}

/** A variable map (`GET …/variables`, a task's or an external task's variables) as plain values. */
export function fromTypedVariables(map: VariableMapDto | TypedVariables): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) out[k] = fromTypedValue(v);
  return out;
}
