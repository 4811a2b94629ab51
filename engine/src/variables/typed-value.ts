import { formatCamundaDate, parseCamundaDate } from '@motcua/domain';
import type { CamundaVariableType, VariableValueDto } from '@motcua/engine-client';
import { binaryDto, binaryFromDto, binaryJs } from './file-value.js';
import { VariableValueError } from './variable-value.error.js';

/**
 * Typed variables as Camunda's REST API carries them (`{value, type, valueInfo}`) and as we store
 * them (type + canonical text). Type names are case-insensitive on the way in (Camunda lower-cases
 * the first letter) and capitalised on the way out.
 */

export interface StoredValue {
  type: CamundaVariableType;
  /**
   * Canonical text: String as is, numbers in decimal, Boolean true/false, Date ISO UTC, Json text,
   * File/Bytes a reference into the file storage (`file-value.ts`); null for Null.
   */
  text: string | null;
  /** File/Bytes just parsed from a request: the bytes, stored by the command that writes the variable. */
  content?: Buffer;
}

export { VariableValueError } from './variable-value.error.js';

const TYPE_BY_LOWER: Record<string, CamundaVariableType> = {
  string: 'String',
  boolean: 'Boolean',
  short: 'Short',
  integer: 'Integer',
  long: 'Long',
  double: 'Double',
  date: 'Date',
  null: 'Null',
  json: 'Json',
  file: 'File',
  bytes: 'Bytes',
};

const INT32 = 2 ** 31;

export { formatCamundaDate, parseCamundaDate };

function integerOf(value: unknown, name: string, type: string, min: number, max: number): string {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new VariableValueError(
      `Cannot convert value '${String(value)}' of variable '${name}' to type ${type}.`,
    );
  }
  return String(n);
}

/** Validates a REST typed value and turns it into its stored form. */
export function fromDto(name: string, dto: unknown): StoredValue {
  if (dto === null || typeof dto !== 'object' || Array.isArray(dto)) {
    throw new VariableValueError(`Variable '${name}' must be an object {value, type, valueInfo}.`);
  }
  const { value, type } = dto as { value?: unknown; type?: unknown };
  if (type === undefined || type === null || type === '') return inferType(name, value);
  if (typeof type !== 'string')
    throw new VariableValueError(`The type of variable '${name}' must be a string.`);
  const t = TYPE_BY_LOWER[type.toLowerCase()];
  if (!t) throw new VariableValueError(`Unsupported value type '${type}' of variable '${name}'.`);
  if (value === null || value === undefined) return { type: t === 'Null' ? 'Null' : t, text: null };
  switch (t) {
    case 'Null':
      return { type: 'Null', text: null };
    case 'String':
      if (typeof value === 'object')
        throw new VariableValueError(`Cannot convert value of variable '${name}' to type String.`);
      return { type: 'String', text: String(value) };
    case 'Boolean':
      if (typeof value === 'boolean') return { type: 'Boolean', text: String(value) };
      if (value === 'true' || value === 'false') return { type: 'Boolean', text: value };
      throw new VariableValueError(
        `Cannot convert value '${String(value)}' of variable '${name}' to type Boolean.`,
      );
    case 'Short':
      return { type: 'Short', text: integerOf(value, name, 'Short', -32768, 32767) };
    case 'Integer':
      return { type: 'Integer', text: integerOf(value, name, 'Integer', -INT32, INT32 - 1) };
    case 'Long':
      return {
        type: 'Long',
        text: integerOf(value, name, 'Long', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      };
    case 'Double': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) {
        throw new VariableValueError(
          `Cannot convert value '${String(value)}' of variable '${name}' to type Double.`,
        );
      }
      return { type: 'Double', text: String(n) };
    }
    case 'Date': {
      const d = typeof value === 'string' ? parseCamundaDate(value) : null;
      if (!d) {
        throw new VariableValueError(
          `Cannot convert value '${String(value)}' of variable '${name}' to type Date: expected yyyy-MM-dd'T'HH:mm:ss.SSSZ.`,
        );
      }
      return { type: 'Date', text: d.toISOString() };
    }
    case 'File':
    case 'Bytes':
      return binaryFromDto(name, t, dto as Record<string, unknown>);
    case 'Json': {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      try {
        JSON.parse(text);
      } catch {
        throw new VariableValueError(`Value of variable '${name}' is not valid JSON.`);
      }
      return { type: 'Json', text };
    }
  }
}

/** Untyped values get the type their JSON value suggests (as Camunda's untyped values). */
function inferType(name: string, value: unknown): StoredValue {
  if (value === null || value === undefined) return { type: 'Null', text: null };
  if (typeof value === 'string') return { type: 'String', text: value };
  if (typeof value === 'boolean') return { type: 'Boolean', text: String(value) };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new VariableValueError(`Variable '${name}' is not a finite number.`);
    if (Number.isInteger(value))
      return { type: value >= -INT32 && value < INT32 ? 'Integer' : 'Long', text: String(value) };
    return { type: 'Double', text: String(value) };
  }
  return { type: 'Json', text: JSON.stringify(value) };
}

/** The REST shape of a stored value. */
export function toDto(v: StoredValue): VariableValueDto {
  switch (v.type) {
    case 'Null':
      return { value: null, type: 'Null', valueInfo: {} };
    case 'Boolean':
      return { value: v.text === null ? null : v.text === 'true', type: 'Boolean', valueInfo: {} };
    case 'Short':
    case 'Integer':
    case 'Long':
    case 'Double':
      return { value: v.text === null ? null : Number(v.text), type: v.type, valueInfo: {} };
    case 'Date':
      return {
        value: v.text === null ? null : formatCamundaDate(new Date(v.text)),
        type: 'Date',
        valueInfo: {},
      };
    case 'Json':
    case 'String':
      return { value: v.text, type: v.type, valueInfo: {} };
    case 'File':
    case 'Bytes':
      return binaryDto(v.type, v.text);
  }
}

/** The value expressions see: numbers, booleans, Dates, parsed Json. */
export function toJs(v: StoredValue): unknown {
  if (v.text === null) return null;
  switch (v.type) {
    case 'Null':
      return null;
    case 'Boolean':
      return v.text === 'true';
    case 'Short':
    case 'Integer':
    case 'Long':
    case 'Double':
      return Number(v.text);
    case 'Date':
      return new Date(v.text);
    case 'Json':
      return JSON.parse(v.text) as unknown;
    case 'String':
      return v.text;
    case 'File':
    case 'Bytes':
      return binaryJs(v.type, v.text);
  }
}

/** Parses a REST variable map (`{name: {value, type, valueInfo}}`); null/undefined = no variables. */
export function fromDtoMap(map: unknown): Map<string, StoredValue> {
  const out = new Map<string, StoredValue>();
  if (map === null || map === undefined) return out;
  if (typeof map !== 'object' || Array.isArray(map))
    throw new VariableValueError('variables must be an object of typed values');
  for (const [name, dto] of Object.entries(map as Record<string, unknown>)) out.set(name, fromDto(name, dto));
  return out;
}

/**
 * The canonical text a query value is compared with (`variables=name_eq_value`): query values
 * arrive as text, so `true` matches Boolean true and `5` matches Integer/Long 5.
 */
export function queryText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const d = parseCamundaDate(value);
    return d ? d.toISOString() : value;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
