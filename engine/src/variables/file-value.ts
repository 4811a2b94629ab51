import { FileTooLargeError } from '@motcua/db';
import { type EngineTx } from '@motcua/db/engine';
import type { VariableValueDto } from '@motcua/engine-client';
import { newId } from '../runtime/ids.js';
import { VariableValueError } from './variable-value.error.js';

/**
 * File and Bytes variables. The bytes go to the shared file storage (`@motcua/db` files); the
 * variable's text is only a reference, `{"fileId", "size", "filename", "mimeType", "encoding"}`.
 * History rows and copies (call activity mappings) copy that text, so every revision keeps
 * pointing at its own bytes and nothing is duplicated.
 *
 * The file id is chosen when the value is parsed, so the text is final before the command writes
 * it; the bytes ride along in `StoredValue.content` and are stored by the command that writes the
 * variable (`storePendingContent`), in its transaction.
 */

export type BinaryType = 'File' | 'Bytes';

/** A File/Bytes `StoredValue` (typed-value.ts), declared here to keep the import graph acyclic. */
export interface BinaryValue {
  type: BinaryType;
  text: string | null;
  content?: Buffer;
}

export interface BinaryRef {
  fileId: string;
  size: number;
  /** File only. */
  filename?: string;
  mimeType?: string | null;
  encoding?: string | null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** A valueInfo text (file name, media type, encoding) longer than this is refused. */
const MAX_INFO = 1000;

/** Strict base64 (RFC 4648, whitespace ignored): Buffer.from would silently skip bad characters. */
function decodeBase64(name: string, type: BinaryType, value: unknown): Buffer {
  const text = typeof value === 'string' ? value.replace(/\s+/g, '') : null;
  if (text === null || text.length % 4 !== 0 || !BASE64.test(text))
    throw new VariableValueError(
      `Cannot convert value '${typeof value === 'string' ? value.slice(0, 40) : String(value)}' of variable '${name}' to type ${type}: expected a base64 string.`,
    );
  return Buffer.from(text, 'base64');
}

function infoText(name: string, info: Record<string, unknown>, key: string): string | null {
  const v = info[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || v.length > MAX_INFO)
    throw new VariableValueError(
      `valueInfo.${key} of variable '${name}' must be a string of at most ${MAX_INFO} characters.`,
    );
  return v;
}

/** A new File/Bytes value whose bytes are still to be stored. */
export function newBinaryValue(
  type: BinaryType,
  content: Buffer,
  info: { filename?: string | null; mimeType?: string | null; encoding?: string | null } = {},
): BinaryValue {
  const ref: BinaryRef = { fileId: newId(), size: content.byteLength };
  if (type === 'File') {
    ref.filename = info.filename ?? 'file';
    ref.mimeType = info.mimeType ?? null;
    ref.encoding = info.encoding ?? null;
  }
  return { type, text: JSON.stringify(ref), content };
}

/** A REST typed value of type File (valueInfo `filename`, `mimeType`, `encoding`) or Bytes; base64 `value`. */
export function binaryFromDto(name: string, type: BinaryType, dto: Record<string, unknown>): BinaryValue {
  const content = decodeBase64(name, type, dto.value);
  if (type === 'Bytes') return newBinaryValue('Bytes', content);
  const info = dto.valueInfo;
  if (info === null || typeof info !== 'object' || Array.isArray(info))
    throw new VariableValueError(`Cannot create file variable '${name}' without valueInfo.`);
  const valueInfo = info as Record<string, unknown>;
  const filename = infoText(name, valueInfo, 'filename');
  if (filename === null)
    throw new VariableValueError(`Cannot create file variable '${name}' without valueInfo.filename.`);
  return newBinaryValue('File', content, {
    filename,
    mimeType: infoText(name, valueInfo, 'mimeType'),
    encoding: infoText(name, valueInfo, 'encoding'),
  });
}

export function isBinaryType(type: string): type is BinaryType {
  return type === 'File' || type === 'Bytes';
}

/** The reference in a stored File/Bytes text; null for a null value or a foreign text. */
export function binaryRef(text: string | null): BinaryRef | null {
  if (text === null) return null;
  try {
    const ref = JSON.parse(text) as BinaryRef;
    return typeof ref?.fileId === 'string' ? ref : null;
  } catch {
    return null;
  }
}

/**
 * The REST shape: never the bytes (`…/data` serves them). Camunda leaves a File's value null in
 * every response and a Bytes' value null in lists; we leave it null everywhere (README).
 */
export function binaryDto(type: BinaryType, text: string | null): VariableValueDto {
  const ref = binaryRef(text);
  if (type === 'Bytes' || !ref) return { value: null, type, valueInfo: {} };
  const valueInfo: Record<string, unknown> = { filename: ref.filename };
  if (ref.mimeType) valueInfo.mimeType = ref.mimeType;
  if (ref.encoding) valueInfo.encoding = ref.encoding;
  return { value: null, type, valueInfo };
}

/** What expressions see: a description of the file, never its bytes. */
export function binaryJs(type: BinaryType, text: string | null): unknown {
  const ref = binaryRef(text);
  if (!ref) return null;
  return type === 'File'
    ? {
        filename: ref.filename,
        mimeType: ref.mimeType ?? null,
        encoding: ref.encoding ?? null,
        size: ref.size,
      }
    : { size: ref.size };
}

/**
 * Stores the bytes a freshly parsed value carries, in the command's transaction (a second write
 * of the same value, e.g. to another scope, finds its file already there). Too large → 400.
 */
export async function storePendingContent(
  tx: EngineTx,
  value: { type: string; text: string | null; content?: Buffer },
): Promise<void> {
  if (!value.content || !isBinaryType(value.type)) return;
  const ref = binaryRef(value.text);
  if (!ref) return;
  try {
    await tx.files().put({
      id: ref.fileId,
      content: value.content,
      mimeType: ref.mimeType ?? null,
      originalName: ref.filename ?? null,
    });
  } catch (err) {
    if (err instanceof FileTooLargeError)
      throw new VariableValueError(`Variable value of type ${value.type} is too large: ${err.message}`);
    throw err;
  }
}

export interface BinaryContent {
  content: Buffer;
  type: BinaryType;
  ref: BinaryRef;
}

/** The bytes of a stored File/Bytes variable text; null when it has none (null value, not binary). */
export async function readBinary(
  tx: EngineTx,
  type: string,
  text: string | null,
): Promise<BinaryContent | null> {
  if (!isBinaryType(type)) return null;
  const ref = binaryRef(text);
  if (!ref) return null;
  const file = await tx.files().read(ref.fileId);
  return file ? { content: file.content, type, ref } : null;
}
