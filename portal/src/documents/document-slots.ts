import type { CatalogueEntry } from '../catalogue/catalogue.js';

/** The file kinds the portal accepts, found in the bytes (upload-check.ts). */
export type FileKind = 'pdf' | 'jpeg' | 'png' | 'doc' | 'docx';

/** What every document accepts: PDF and the two image formats a phone camera produces. */
export const DEFAULT_KINDS: readonly FileKind[] = ['pdf', 'jpeg', 'png'];

/**
 * One document (thành phần hồ sơ) of a procedure as its upload slot: the catalogue's facts, and
 * `null` wherever the catalogue does not know (shown as unknown, never guessed).
 */
export interface DocumentSlot {
  /** Index in the catalogue's `requiredDocuments`; the slot's id in forms and records. */
  index: number;
  nameVi: string;
  /** true = required, false = optional, null = the catalogue does not say. */
  mandatory: boolean | null;
  /** How many copies the law asks for; null = not stated. */
  copies: number | null;
  /** Original or copy, only where the document's own name says it (`Bản sao …`); else null. */
  form: 'original' | 'copy' | null;
  /** The template (mẫu) it follows, when the catalogue names one. */
  templateVi: string | null;
  /** Kinds accepted online: PDF/JPEG/PNG, plus DOC/DOCX where the catalogue lists them. */
  kinds: FileKind[];
}

export interface ProcedureDocuments {
  slots: DocumentSlot[];
  /** The catalogue's note when it does not know the procedure's documents (unknown fact). */
  unknownNote: string | null;
}

/**
 * The catalogue lists accepted file extensions (`acceptedFileTypes`, [] = not stated): Word files
 * are accepted only where it lists `doc`/`docx`; PDF, JPEG and PNG always (what a scan or a phone
 * photo is). Extensions the portal cannot check by their bytes are not accepted.
 */
function kindsOf(accepted: string[]): FileKind[] {
  const kinds: FileKind[] = [...DEFAULT_KINDS];
  if (accepted.includes('doc')) kinds.push('doc');
  if (accepted.includes('docx')) kinds.push('docx');
  return kinds;
}

function formOf(nameVi: string): DocumentSlot['form'] {
  const n = nameVi.trim().toLocaleLowerCase('vi');
  if (n.startsWith('bản sao')) return 'copy';
  if (n.startsWith('bản chính')) return 'original';
  return null;
}

/** The procedure's documents from its catalogue description. */
export function procedureDocuments(entry: CatalogueEntry): ProcedureDocuments {
  const docs = entry.metadata.requiredDocuments;
  const unknown = entry.metadata.unknown?.find((u) => u.fact === 'requiredDocuments');
  return {
    slots: docs.map((d, index) => ({
      index,
      nameVi: d.nameVi,
      mandatory: d.mandatory,
      copies: d.copies ?? null,
      form: formOf(d.nameVi),
      templateVi: d.template?.nameVi ?? null,
      kinds: kindsOf(d.acceptedFileTypes),
    })),
    unknownNote: docs.length
      ? null
      : (unknown?.note ?? 'Danh mục chưa ghi thành phần hồ sơ của thủ tục này.'),
  };
}

const KIND_LABEL: Record<FileKind, string> = {
  pdf: 'PDF',
  jpeg: 'JPEG',
  png: 'PNG',
  doc: 'DOC',
  docx: 'DOCX',
};

/** `PDF, JPEG, PNG` — for messages and the slot's hint. */
export function kindsLabel(kinds: readonly FileKind[]): string {
  return kinds.map((k) => KIND_LABEL[k]).join(', ');
}

/** The `accept` attribute of the slot's file input (extensions and media types). */
export function acceptAttribute(kinds: readonly FileKind[]): string {
  const parts: Record<FileKind, string> = {
    pdf: '.pdf,application/pdf',
    jpeg: '.jpg,.jpeg,image/jpeg',
    png: '.png,image/png',
    doc: '.doc,application/msword',
    docx: '.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
  return kinds.map((k) => parts[k]).join(',');
}
