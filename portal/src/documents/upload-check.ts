import { fileTypeFromBuffer } from 'file-type';
import { kindsLabel, type FileKind } from './document-slots.js';

/**
 * Checks an uploaded file by its bytes. The file's name and the browser's Content-Type are never
 * trusted: a program renamed `.pdf` is a program. What is accepted is served later with the media
 * type found here and the matching extension.
 */

export interface UploadLimits {
  /** Largest file, in bytes. */
  maxFileBytes: number;
  /** Largest total of one dossier's files (the application, or the current files after a supplement). */
  maxDossierBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxDossierBytes: 50 * 1024 * 1024,
};

export interface AcceptedFile {
  ok: true;
  kind: FileKind;
  mediaType: string;
  /** The extension that goes with the bytes (`pdf`, `jpg`, `png`, `doc`, `docx`). */
  extension: string;
}

export type RefusalReason = 'empty' | 'too-large' | 'dossier-too-large' | 'wrong-type';

export interface RefusedFile {
  ok: false;
  reason: RefusalReason;
  /** Why, in Vietnamese, for the applicant (shown next to the slot). */
  messageVi: string;
  /** What the bytes are, when file-type knows (`exe`, `zip`…), for the audit trail. */
  detected?: string;
}

export type UploadCheck = AcceptedFile | RefusedFile;

const MEDIA: Record<FileKind, { mediaType: string; extension: string }> = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg' },
  png: { mediaType: 'image/png', extension: 'png' },
  doc: { mediaType: 'application/msword', extension: 'doc' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
};

/** `1,5 MB` (Vietnamese decimal comma). */
export function formatBytesVi(n: number): string {
  if (n < 1024) return `${n} byte`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1).replace('.', ',').replace(/,0$/, '')} MB`;
}

/** A Word 97–2003 file is an OLE compound file with a `WordDocument` stream (its name in UTF-16LE). */
const WORD_STREAM = Buffer.from('WordDocument', 'utf16le');

function kindOf(detected: { ext: string } | undefined, bytes: Buffer): FileKind | null {
  switch (detected?.ext) {
    case 'pdf':
      return 'pdf';
    case 'jpg':
      return 'jpeg';
    case 'png':
      return 'png';
    case 'docx':
      return 'docx';
    // Excel, installers (.msi) and others are compound files too: only a Word stream makes a .doc.
    case 'cfb':
      return bytes.includes(WORD_STREAM) ? 'doc' : null;
    default:
      return null;
  }
}

const PROGRAMS = new Set(['exe', 'elf', 'mach', 'dmg', 'msi', 'apk', 'class', 'wasm', 'dex', 'deb', 'rpm']);

/**
 * Checks `bytes` against the slot's accepted kinds and the limits. `dossierBytesSoFar`: what the
 * dossier's other files already weigh (per-dossier limit).
 */
export async function checkUpload(
  bytes: Buffer,
  accepted: readonly FileKind[],
  limits: UploadLimits,
  dossierBytesSoFar = 0,
): Promise<UploadCheck> {
  if (bytes.length === 0)
    return { ok: false, reason: 'empty', messageVi: 'Tệp rỗng (0 byte). Vui lòng chọn lại tệp tài liệu.' };
  if (bytes.length > limits.maxFileBytes)
    return {
      ok: false,
      reason: 'too-large',
      messageVi: `Tệp quá lớn (${formatBytesVi(bytes.length)}). Mỗi tệp tối đa ${formatBytesVi(limits.maxFileBytes)}; vui lòng quét/chụp với độ phân giải thấp hơn hoặc chia nhỏ tệp.`,
    };
  if (dossierBytesSoFar + bytes.length > limits.maxDossierBytes)
    return {
      ok: false,
      reason: 'dossier-too-large',
      messageVi: `Tổng dung lượng các tệp của hồ sơ vượt quá ${formatBytesVi(limits.maxDossierBytes)}. Vui lòng giảm dung lượng tệp.`,
    };
  const detected = await fileTypeFromBuffer(bytes);
  const kind = kindOf(detected, bytes);
  if (kind && accepted.includes(kind)) return { ok: true, kind, ...MEDIA[kind] };
  const allowed = kindsLabel(accepted);
  const what = detected?.ext;
  const messageVi =
    what && PROGRAMS.has(what)
      ? `Tệp này là chương trình máy tính (${what.toUpperCase()}), không phải tài liệu, dù tên tệp có thể ghi khác. Chỉ nhận tệp ${allowed}.`
      : kind
        ? `Thành phần hồ sơ này không nhận tệp ${kind.toUpperCase()}. Chỉ nhận tệp ${allowed}.`
        : `Nội dung tệp không phải ${allowed} (hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp). Vui lòng chọn đúng tệp tài liệu.`;
  return { ok: false, reason: 'wrong-type', messageVi, ...(what ? { detected: what } : {}) };
}

/** The name a download gets: the uploader's name with the extension of what the bytes are. */
export function downloadName(originalName: string | null, extension: string, fallback: string): string {
  const base = (originalName ?? '').replace(/\.[A-Za-z0-9]{1,8}$/, '').trim() || fallback;
  return `${base}.${extension}`;
}

/** The extension of a stored media type (what `checkUpload` accepted). */
export function extensionOf(mediaType: string): string {
  return Object.values(MEDIA).find((m) => m.mediaType === mediaType)?.extension ?? 'bin';
}
