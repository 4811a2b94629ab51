import type { ProcedureDescription, ProcedureFact } from '../procedure-description.js';
import { csvRowToDescription } from '../csv/csv-row-to-description.js';
import { parseProcedureDescription } from '../load-descriptions.js';
import { matchColumns, type NationalColumn } from './national-columns.js';
import {
  readChannelsText,
  readFeesText,
  readLegalBasisText,
  readOnlineLevelText,
  readProcessingTimeText,
  readTierText,
  type Read,
} from './read-fact-text.js';

export interface ImportOptions {
  /** Where the file came from, recorded as the source of every fact (a row's own link wins). */
  sourceUrl: string;
  /** What the file is, e.g. "CSDL quốc gia về TTHC, xuất ngày 27/11/2026". */
  sourceLabel: string;
}

export interface ImportProblem {
  /** 1-based row number as a spreadsheet shows it. */
  row: number;
  reason: string;
}

export interface ImportResult {
  descriptions: ProcedureDescription[];
  /** Rows that could not be mapped, with the reason; nothing is imported from them. */
  problems: ImportProblem[];
  /** Which known columns were found, by header text. */
  columns: Partial<Record<NationalColumn, string>>;
  /** Headers the importer does not know (ignored). */
  ignoredHeaders: string[];
}

export class ImportError extends Error {}

// An export may start with title rows before the header.
const HEADER_SEARCH_ROWS = 15;
const NATIONAL_CODE = /^(\d\.\d{6})(?:\.[0-9A-Z.]+)?$/;

/**
 * Maps a procedure table (rows of text, a header row first, as `readTableFile` gives it) to
 * catalogue descriptions marked `review.status: 'generated'`. Free-text facts the importer cannot
 * read clearly stay unknown with a note; rows without a name, unit or field, with a malformed
 * code, or repeating a code are reported and skipped.
 */
export function importProcedureTable(rows: string[][], options: ImportOptions): ImportResult {
  const headerIndex = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => matchColumns(r).name !== undefined);
  if (headerIndex < 0)
    throw new ImportError(
      `Không tìm thấy dòng tiêu đề có cột "Tên thủ tục" trong ${HEADER_SEARCH_ROWS} dòng đầu của tệp.`,
    );
  const header = rows[headerIndex]!;
  const cols = matchColumns(header);
  const used = new Set(Object.values(cols));
  const result: ImportResult = {
    descriptions: [],
    problems: [],
    columns: Object.fromEntries(Object.entries(cols).map(([k, i]) => [k, header[i]!.trim()])),
    ignoredHeaders: header.filter((h, i) => h.trim() && !used.has(i)).map((h) => h.trim()),
  };
  for (const required of ['field', 'unit'] as const)
    if (cols[required] === undefined)
      throw new ImportError(
        `Thiếu cột bắt buộc: ${required === 'field' ? '"Lĩnh vực"' : '"Cơ quan thực hiện"'}.`,
      );

  const seenCodes = new Map<string, number>();
  const seenIds = new Map<string, number>();
  rows.slice(headerIndex + 1).forEach((cells, i) => {
    const rowNumber = headerIndex + 2 + i;
    const cell = (c: NationalColumn) => (cols[c] === undefined ? '' : (cells[cols[c]] ?? '').trim());
    if (cells.every((c) => !c.trim())) return;
    const problem = (reason: string) => result.problems.push({ row: rowNumber, reason });

    const name = cell('name');
    if (!name) return problem('Thiếu tên thủ tục.');
    if (!cell('unit')) return problem('Thiếu cơ quan thực hiện.');
    if (!cell('field')) return problem('Thiếu lĩnh vực.');
    const codeCell = cell('code');
    const codeMatch = NATIONAL_CODE.exec(codeCell);
    if (codeCell && !codeMatch)
      return problem(`Mã thủ tục "${codeCell}" không có dạng d.dddddd (có thể kèm mã địa phương).`);
    const code = codeMatch?.[1] ?? '';
    if (code && seenCodes.has(code))
      return problem(`Mã thủ tục ${code} trùng với dòng ${seenCodes.get(code)}.`);

    const link = cell('source');
    const sourceUrl = /^https?:\/\/\S+$/.test(link) ? link : options.sourceUrl;
    const d = csvRowToDescription({
      code,
      name_vi: name,
      field: cell('field'),
      unit: cell('unit'),
      level: '',
      processing_days: '',
      fee_vnd: '',
      source: sourceUrl,
    });
    d.sources[0]!.what = `${options.sourceLabel}, dòng ${rowNumber}; chưa đối chiếu văn bản gốc.`;
    if (codeMatch && codeCell !== code) {
      d.localCodes.push({ code: codeCell });
      markKnown(d, 'localCodes');
    }

    applyRead(
      d,
      'processingTime',
      readProcessingTimeText(cell('processingTime')),
      (v) => (d.processingTime = v),
    );
    applyRead(d, 'fees', readFeesText(cell('fees')), (v) => (d.fees = v));
    applyRead(d, 'onlineLevel', readOnlineLevelText(cell('level')), (v) => (d.onlineLevel = v));
    const channels = readChannelsText(cell('channels'));
    if (channels.length) {
      d.channels = channels;
      markKnown(d, 'channels');
    }
    const resultText = cell('result');
    if (resultText) {
      d.result = { nameVi: resultText.slice(0, 300) };
      markKnown(d, 'result');
    }
    const legalBasis = readLegalBasisText(`${cell('legalBasis')}\n${cell('decision')}`);
    if (legalBasis.length) {
      d.legalBasis = [
        ...d.legalBasis,
        ...legalBasis.filter((b) => !d.legalBasis.some((x) => x.code === b.code)),
      ];
      markKnown(d, 'legalBasis');
    }
    const tierText = cell('tier');
    if (tierText) d.tier = readTierText(tierText);

    if (seenIds.has(d.id)) d.id = `${d.id}-dong-${rowNumber}`;
    try {
      parseProcedureDescription(d, `${d.id}.json`);
    } catch (err) {
      return problem(`Không chuyển được thành mô tả hợp lệ: ${(err as Error).message}`);
    }
    if (code) seenCodes.set(code, rowNumber);
    seenIds.set(d.id, rowNumber);
    result.descriptions.push(d);
  });
  return result;
}

function markKnown(d: ProcedureDescription, fact: ProcedureFact): void {
  d.unknown = d.unknown.filter((u) => u.fact !== fact);
  const facts = d.sources[0]!.facts;
  if (!facts.includes(fact)) facts.push(fact);
}

function applyRead<T>(
  d: ProcedureDescription,
  fact: ProcedureFact,
  read: Read<T> | null,
  set: (v: T) => void,
): void {
  if (!read) return; // empty cell: stays unknown as generated
  if (read.value === null) {
    const entry = d.unknown.find((u) => u.fact === fact);
    if (entry) entry.note = read.note ?? entry.note;
    return;
  }
  set(read.value);
  markKnown(d, fact);
  if (read.note) d.flags.push(read.note);
  if (
    fact === 'processingTime' &&
    (read.value as { parts: { unit: string }[] }).parts.some((p) => p.unit === 'days')
  )
    d.flags.push(
      'processingTime: nguồn ghi "ngày" mà không nói ngày làm việc hay ngày lịch; cần đối chiếu văn bản.',
    );
}
