import type { Fees, ProcedureDescription, ProcessingTime, TimeUnit } from '../procedure-description.js';
import { parseFees, parseOnlineLevel, parseProcessingTime } from '../csv/parse-facts.js';

/**
 * Readers for the free text of a national-database export ("15 ngày kể từ ngày nhận được hồ sơ
 * hợp lệ", "Phí: 10.000.000 Đồng"). Each returns null with a note when the text does not say
 * clearly, so the fact stays unknown instead of guessed.
 */
export type Read<T> = { value: T; note?: string } | { value: null; note: string };

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function readProcessingTimeText(text: string): Read<ProcessingTime> | null {
  const cell = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!cell) return null;
  try {
    return { value: parseProcessingTime(cell)! };
  } catch {
    // free text: below
  }
  const durations = [...cell.toLowerCase().matchAll(/(\d{1,4})\s*(ngày làm việc|ngày|tháng)/gu)];
  if (durations.length !== 1)
    return { value: null, note: `Thời hạn ghi bằng lời, cần đọc và nhập tay: "${clip(cell)}"` };
  const [, n, word] = durations[0]!;
  const unit: TimeUnit = word === 'ngày làm việc' ? 'working-days' : word === 'tháng' ? 'months' : 'days';
  const amount = Number(n);
  if (amount <= 0) return { value: null, note: `Thời hạn không hợp lệ: "${clip(cell)}"` };
  return {
    value: {
      asStated: clip(cell, 500),
      parts: [{ step: 'whole-procedure', amount, unit, descriptionVi: clip(cell, 500) }],
      completenessCheck: null,
      totalWorkingDays: unit === 'working-days' ? amount : null,
    },
    note: `processingTime: đọc từ văn bản "${clip(cell, 120)}" — cần kiểm tra.`,
  };
}

export function readFeesText(text: string): Read<Fees> | null {
  const cell = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!cell) return null;
  try {
    return { value: parseFees(cell)! };
  } catch {
    // free text: below
  }
  const lower = cell.toLowerCase();
  if (/^(không|miễn phí|không thu|0 đồng)/u.test(lower)) return { value: { kind: 'none' } };
  const amounts = [
    ...new Set(
      [...lower.matchAll(/(\d{1,3}(?:[.,]\d{3})+|\d{4,12})\s*(?:đồng|vnđ|vnd|đ)(?!\p{L})/gu)].map((m) =>
        Number(m[1]!.replace(/[.,]/g, '')),
      ),
    ),
  ].filter((a) => a > 0);
  if (amounts.length === 0)
    return { value: null, note: `Phí, lệ phí ghi bằng lời, cần nhập tay: "${clip(cell)}"` };
  const note = `fees: đọc từ văn bản "${clip(cell, 120)}" — cần kiểm tra mức nào áp dụng khi nào.`;
  if (amounts.length === 1) return { value: { kind: 'fixed', amountVnd: amounts[0]! }, note };
  return {
    value: { kind: 'tiered', tiers: amounts.map((amountVnd) => ({ amountVnd, nameVi: null })) },
    note,
  };
}

export function readOnlineLevelText(text: string): Read<ProcedureDescription['onlineLevel']> | null {
  const cell = text.normalize('NFC').trim();
  if (!cell) return null;
  try {
    return { value: parseOnlineLevel(cell) };
  } catch {
    // free text: below
  }
  const lower = cell.toLowerCase();
  if (lower.includes('toàn trình')) return { value: { kind: 'toan-trinh', legacyLevel: null } };
  if (lower.includes('một phần')) return { value: { kind: 'mot-phan', legacyLevel: null } };
  const legacy = /mức\s*(?:độ\s*)?([234])/u.exec(lower);
  if (legacy) return { value: { kind: null, legacyLevel: Number(legacy[1]) as 2 | 3 | 4 } };
  return { value: null, note: `Không đọc được mức độ DVC trực tuyến: "${clip(cell)}"` };
}

export function readChannelsText(text: string): ProcedureDescription['channels'] {
  const lower = text.normalize('NFC').toLowerCase();
  const channels: ProcedureDescription['channels'] = [];
  if (/trực tiếp|trụ sở/u.test(lower)) channels.push('in-person');
  if (/trực tuyến|qua mạng|cổng dịch vụ công|cổng dvc/u.test(lower)) channels.push('online');
  if (/bưu chính|bưu điện/u.test(lower)) channels.push('post');
  return channels;
}

/**
 * "Cấp Bộ" → central, "Cấp Tỉnh" → provincial; both ("Trung ương / Cấp tỉnh": the competence depends
 * on the case), district and commune → null (not decided here).
 */
export function readTierText(text: string): ProcedureDescription['tier'] {
  const lower = text.normalize('NFC').toLowerCase();
  const central = /bộ|trung ương/u.test(lower);
  const provincial = /tỉnh/u.test(lower);
  if (central && provincial) return null;
  if (central) return 'central';
  if (provincial) return 'provincial';
  return null;
}

/**
 * Legal documents named by their number (`142/2020/NĐ-CP`, `07/2017/QH14`, `546/QĐ-BKHCN`), and
 * those named by their kind and year only ("Luật KH&CN 2013", "Luật Công nghệ cao 2008"), whose
 * code is then the name as written.
 */
export function readLegalBasisText(text: string): ProcedureDescription['legalBasis'] {
  const pieces = text
    .normalize('NFC')
    .split(/[\n;]+/)
    .map((p) => p.replace(/^[\s\-–•+]+/, '').trim())
    .filter(Boolean);
  const seen = new Set<string>();
  const basis: ProcedureDescription['legalBasis'] = [];
  for (const piece of pieces) {
    const m = /\d{1,5}\/(?:\d{4}\/)?[A-ZĐ][A-ZĐ0-9-]*/u.exec(piece);
    const unnumbered = !m && UNNUMBERED_LEGAL_TEXT.test(piece) ? clip(piece, 120) : null;
    const code = m?.[0] ?? unnumbered;
    if (!code || seen.has(code)) continue;
    seen.add(code);
    basis.push({ code, nameVi: clip(piece, 300) });
  }
  return basis;
}

// A law, decree, circular or decision named with its year but no number.
const UNNUMBERED_LEGAL_TEXT = /^(luật|nghị định|thông tư|quyết định|nđ|tt|qđ)\b.*\b(19|20)\d{2}\b/iu;

/** The latest year a legal basis names (`142/2020/NĐ-CP` → 2020; "QĐ 1915/QĐ-BKHCN ngày 28/8/2023" → 2023). */
export function latestLegalYear(basis: ProcedureDescription['legalBasis']): number | null {
  const years = basis.flatMap((b) =>
    [...`${b.code} ${b.nameVi}`.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].map((m) => Number(m[1])),
  );
  return years.length ? Math.max(...years) : null;
}

/**
 * Documents (thành phần hồ sơ) separated by ";": each its own entry, whether mandatory stays
 * unknown (null), its template when the text names one ("(Mẫu 10)"), its copies when it says
 * "(04 bản)". Pieces that are only a count ("01 bộ") or an ellipsis are not documents.
 */
export function readDocumentsText(text: string): ProcedureDescription['requiredDocuments'] {
  return text
    .normalize('NFC')
    .split(/[;\n]+/)
    .map((p) => p.replace(/^[\s\-–•+]+/, '').trim())
    .filter((p) => p && !/^(\.\.\.|…)$/.test(p) && !/^\(?\d+\s*(bộ|bản)\)?$/iu.test(p))
    .map((piece) => {
      const template = /\((mẫu[^)]*)\)/iu.exec(piece)?.[1];
      const copies = /\((\d{1,2})\s*bản\)/u.exec(piece)?.[1];
      return {
        nameVi: clip(piece, 500),
        mandatory: null,
        ...(copies && Number(copies) > 0 ? { copies: Number(copies) } : {}),
        acceptedFileTypes: [],
        ...(template ? { template: { nameVi: template.charAt(0).toUpperCase() + template.slice(1) } } : {}),
      };
    });
}

/** The version's standing from a status note: "phiên bản cũ", "căn cứ cũ" … → superseded; a doubt → to-verify. */
export function readStatusText(text: string): ProcedureDescription['status'] | null {
  const cell = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!cell) return null;
  const lower = cell.toLowerCase();
  if (/phiên bản cũ|căn cứ cũ|không còn áp dụng|hết hiệu lực|đã (bị|được) thay bởi các thủ tục/u.test(lower))
    return { kind: 'superseded', noteVi: clip(cell, 500) };
  if (/^(còn hiệu lực|còn áp dụng|đang áp dụng)$/u.test(lower)) return { kind: 'current', noteVi: cell };
  return { kind: 'to-verify', noteVi: clip(cell, 500) };
}

/**
 * Names for the tiers of a fee from the text beside the amounts, when the text gives one name per
 * amount ("đổi tên: 1.000.000; đổi địa chỉ: 1.500.000"): the amounts read from the text must be
 * exactly the tiers' amounts. Otherwise null (the tiers stay unnamed; the text is kept as a flag).
 */
export function namedTiers(
  amounts: number[],
  text: string,
): Array<{ amountVnd: number; nameVi: string }> | null {
  const inner = /\(([^()]*)\)\s*$/u.exec(text)?.[1] ?? text.replace(/^[\d|\s]+/, '');
  // "lệ phí cấp phép: không": no amount to name, not a tier.
  const pieces = inner
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p && !/^[^\d]*\bkhông\s*$/u.test(p));
  const named = pieces.map((p) => {
    const found = [...p.matchAll(/(\d{1,3}(?:\.\d{3})+|\d{4,12})/g)];
    if (found.length !== 1) return null;
    const name = p
      .replace(found[0]![0], '')
      .replace(/\b(đồng|đ|vnđ)\b/giu, '')
      .replace(/[()]/g, ' ')
      .replace(/[:\s]+$/u, '')
      .replace(/\s+/g, ' ')
      .trim();
    return name ? { amountVnd: Number(found[0]![1]!.replace(/\./g, '')), nameVi: clip(name, 200) } : null;
  });
  if (named.length < 2 || named.some((n) => n === null)) return null;
  const got = [...new Set(named.map((n) => n!.amountVnd))].sort((a, b) => a - b);
  const want = [...new Set(amounts)].sort((a, b) => a - b);
  if (got.length !== want.length || got.some((a, i) => a !== want[i])) return null;
  return named as Array<{ amountVnd: number; nameVi: string }>;
}

/** The words before the first amount ("Phí thẩm định 1000000" → "Phí thẩm định"), when there are some. */
export function feeNameText(text: string): string | null {
  const before = text
    .normalize('NFC')
    .split(/\d/)[0]!
    .replace(/[:\s]+$/u, '')
    .trim();
  return before && before.length <= 80 ? before : null;
}
