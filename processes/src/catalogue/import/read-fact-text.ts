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
  if (/trực tuyến|qua mạng|cổng dịch vụ công/u.test(lower)) channels.push('online');
  if (/bưu chính|bưu điện/u.test(lower)) channels.push('post');
  return channels;
}

/** "Cấp Bộ" → central, "Cấp Tỉnh" → provincial; district and commune are not modelled yet (null). */
export function readTierText(text: string): ProcedureDescription['tier'] {
  const lower = text.normalize('NFC').toLowerCase();
  if (/bộ|trung ương/u.test(lower)) return 'central';
  if (/tỉnh/u.test(lower)) return 'provincial';
  return null;
}

/** Legal documents named by their number (`142/2020/NĐ-CP`, `07/2017/QH14`, `546/QĐ-BKHCN`). */
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
    if (!m || seen.has(m[0])) continue;
    seen.add(m[0]);
    basis.push({ code: m[0], nameVi: clip(piece, 300) });
  }
  return basis;
}
