import type { ProcedureDescription, ProcedureFact } from '../procedure-description.js';
import { csvRowToDescription } from '../csv/csv-row-to-description.js';
import { parseFees, parseProcessingTime } from '../csv/parse-facts.js';
import { parseProcedureDescription } from '../load-descriptions.js';
import { matchColumns, type NationalColumn } from './national-columns.js';
import {
  feeNameText,
  namedTiers,
  readChannelsText,
  readDocumentsText,
  readFeesText,
  readLegalBasisText,
  readOnlineLevelText,
  readProcessingTimeText,
  readStatusText,
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

/** A row that adds facts to a procedure already in the catalogue (`relation: enriches existing row '…'`). */
export interface Enrichment {
  row: number;
  /** The catalogue procedure's Vietnamese name, as the row names it. */
  targetNameVi: string;
  /** The row says it is the newer version. */
  saysNewer: boolean;
  description: ProcedureDescription;
}

export interface ImportResult {
  descriptions: ProcedureDescription[];
  enrichments: Enrichment[];
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
// The former national database's codes (B = Bộ, BKC = Bộ Khoa học và Công nghệ): kept as a local code.
const LEGACY_CODE = /^B-[A-Z]{2,5}-[A-Z0-9]+(?:-[A-Z]{1,4})?$/;
// A provincial code of a procedure inside a unit's text: `1.014393.H38`, `2.002249.000.00.00.H34`.
const LOCAL_CODE_IN_TEXT = /(?<![\d.])\d\.\d{6}(?:\.[0-9A-Z]+)+/g;
const ENRICHES = /^enriches existing row '(.+?)'/u;

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
    enrichments: [],
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
    if (!cell('field')) return problem('Thiếu lĩnh vực.');
    const codeCell = cell('code');
    const codeMatch = NATIONAL_CODE.exec(codeCell);
    const legacyCode = LEGACY_CODE.test(codeCell);
    if (codeCell && !codeMatch && !legacyCode)
      return problem(`Mã thủ tục "${codeCell}" không có dạng d.dddddd (có thể kèm mã địa phương).`);
    const code = codeMatch?.[1] ?? '';
    if (code && seenCodes.has(code))
      return problem(`Mã thủ tục ${code} trùng với dòng ${seenCodes.get(code)}.`);

    // A row may cite several pages ("url1 ; url2"); a row without an address falls back to the file's.
    const links = cell('source')
      .split(/\s+;\s+|\s+/)
      .filter((l) => /^https?:\/\/\S+$/.test(l));
    const sourceUrl = links[0] ?? options.sourceUrl;
    const unitText = cell('unit');
    const d = csvRowToDescription({
      code,
      name_vi: name,
      field: cell('field'),
      unit: unitText || '-',
      level: '',
      processing_days: '',
      fee_vnd: '',
      source: sourceUrl,
    });
    d.sources[0]!.what = `${options.sourceLabel}, dòng ${rowNumber}; chưa đối chiếu văn bản gốc.`;
    if (!unitText) {
      // Never invented: the procedure is catalogued with its unit unknown.
      d.unit.nameVi = null;
      d.tier = null;
      d.sources[0]!.facts = d.sources[0]!.facts.filter((f) => f !== 'unit');
      d.unknown.push({ fact: 'unit', note: 'Nguồn không ghi cơ quan thực hiện.' });
    }
    if (cell('source') && links.length === 0)
      d.flags.push(
        `sources: nguồn của dòng không có địa chỉ trang ("${cell('source').slice(0, 200)}"); ghi địa chỉ của tệp thay thế.`,
      );
    if (codeMatch && codeCell !== code) {
      d.localCodes.push({ code: codeCell });
      markKnown(d, 'localCodes');
    }
    if (legacyCode) {
      d.localCodes.push({ code: codeCell, authorityVi: 'CSDL TTHC cũ (trước mã d.dddddd)' });
      markKnown(d, 'localCodes');
    }
    for (const m of unitText.matchAll(LOCAL_CODE_IN_TEXT))
      if (!d.localCodes.some((c) => c.code === m[0])) {
        d.localCodes.push({ code: m[0], authorityVi: unitText.slice(0, 200) });
        markKnown(d, 'localCodes');
      }

    readTime(d, cols.processingDays !== undefined, cell('processingDays'), cell('processingTime'));
    readFees(d, cols.feeVnd !== undefined, cell('feeVnd'), cell('fees'));
    applyRead(d, 'onlineLevel', readOnlineLevelText(cell('level')), (v) => (d.onlineLevel = v));
    const channels = readChannelsText(cell('channels'));
    if (channels.length) {
      d.channels = channels;
      markKnown(d, 'channels');
    }
    const documents = readDocumentsText(cell('documents'));
    if (documents.length) {
      d.requiredDocuments = documents;
      markKnown(d, 'requiredDocuments');
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
    const status = readStatusText(cell('status'));
    if (status) d.status = status;
    if (cell('notes')) d.flags.push(`Ghi chú của nguồn: ${cell('notes').slice(0, 1000)}`);
    // The other pages of the row: the same facts, since the row does not say which page gave which.
    const facts = d.sources[0]!.facts;
    for (const url of links.slice(1))
      d.sources.push({
        url,
        what: `${options.sourceLabel}, dòng ${rowNumber} (một trong ${links.length} trang của dòng; dòng không ghi dữ kiện nào lấy từ trang nào).`,
        facts: [...facts],
      });

    const enriches = ENRICHES.exec(cell('relation'));
    if (enriches) {
      try {
        parseProcedureDescription(d, `${d.id}.json`);
      } catch (err) {
        return problem(`Không chuyển được thành mô tả hợp lệ: ${(err as Error).message}`);
      }
      result.enrichments.push({
        row: rowNumber,
        targetNameVi: enriches[1]!.normalize('NFC'),
        saysNewer: /newer version|phiên bản mới/iu.test(cell('relation')),
        description: d,
      });
      return;
    }

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

/**
 * The processing time: from the compact notation when the table has it (`5wd+30d`, the words kept
 * as `asStated`), else read from the words, one duration only.
 */
function readTime(d: ProcedureDescription, compactColumn: boolean, compact: string, words: string): void {
  const text = words.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!compactColumn) {
    applyRead(d, 'processingTime', readProcessingTimeText(text), (v) => (d.processingTime = v));
    return;
  }
  let time: ProcedureDescription['processingTime'];
  try {
    time = parseProcessingTime(compact);
  } catch {
    time = null;
  }
  if (!time) {
    if (text || compact) {
      const entry = d.unknown.find((u) => u.fact === 'processingTime');
      if (entry)
        entry.note = `Nguồn ghi "${(text || compact).slice(0, 300)}": không có thời hạn đọc được; cần nhập tay.`;
    }
    return;
  }
  if (text) {
    time.asStated = `${compact} (${text.slice(0, 480)})`;
    if (time.parts.length === 1) time.parts[0]!.descriptionVi = text.slice(0, 500);
  }
  d.processingTime = time;
  markKnown(d, 'processingTime');
  if (time.parts.some((p) => p.unit === 'days'))
    d.flags.push(
      'processingTime: nguồn ghi "ngày" mà không nói ngày làm việc hay ngày lịch; cần đối chiếu văn bản.',
    );
}

/** The fees: the amounts of the VND column when the table has one, named from the words beside them. */
function readFees(d: ProcedureDescription, amountColumn: boolean, amounts: string, words: string): void {
  const text = words.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!amountColumn) {
    applyRead(d, 'fees', readFeesText(text), (v) => (d.fees = v));
    return;
  }
  let fees: ProcedureDescription['fees'];
  try {
    fees = parseFees(amounts);
  } catch {
    fees = null;
  }
  if (!fees) {
    if (text) {
      const entry = d.unknown.find((u) => u.fact === 'fees');
      if (entry) entry.note = `Nguồn ghi "${text.slice(0, 300)}": không có mức thu đọc được; cần nhập tay.`;
    }
    return;
  }
  if (fees.kind === 'tiered') {
    const named = namedTiers(
      fees.tiers.map((t) => t.amountVnd),
      text,
    );
    if (named) fees = { kind: 'tiered', tiers: named };
    else d.flags.push('fees: các mức phí có trong nguồn nhưng chưa rõ mức nào áp dụng cho trường hợp nào.');
  }
  if (fees.kind === 'fixed') {
    const name = feeNameText(text);
    if (name) fees = { ...fees, nameVi: name };
  }
  if (text && text !== amounts) d.flags.push(`fees: nguồn ghi "${text.slice(0, 400)}" — cần kiểm tra.`);
  d.fees = fees;
  markKnown(d, 'fees');
}
