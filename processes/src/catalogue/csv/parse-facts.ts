import type { Fees, ProcessingTime, TimeUnit } from '../procedure-description.js';

/**
 * Reads a processing time as the catalogue sources print it:
 * `45` or `45d` (days, kind not stated), `10wd` (working days), `1mo` (months), `5wd+10wd`
 * (completeness check + decision),
 * `30 ngày làm việc`, `45 ngày`, `2 tháng`. Returns null for an empty cell; throws on anything else
 * so a row is reported rather than guessed.
 */
export function parseProcessingTime(text: string): ProcessingTime | null {
  const asStated = text.trim();
  if (asStated === '') return null;
  const pieces = asStated.split('+').map((p) => parseDuration(p.trim()));
  if (pieces.some((p) => p === null)) throw new RangeError(`unreadable processing time "${asStated}"`);
  const durations = pieces as { amount: number; unit: TimeUnit }[];
  const parts: ProcessingTime['parts'] =
    durations.length === 1
      ? [{ ...durations[0]!, step: 'whole-procedure' }]
      : durations.map((d, i) => ({
          ...d,
          step:
            i === 0 ? 'completeness-check' : i === durations.length - 1 ? 'appraisal-and-decision' : 'other',
        }));
  const allWorking = durations.every((d) => d.unit === 'working-days');
  return {
    asStated,
    parts,
    completenessCheck: durations.length > 1 ? durations[0]! : null,
    totalWorkingDays: allWorking ? durations.reduce((n, d) => n + d.amount, 0) : null,
  };
}

function parseDuration(text: string): { amount: number; unit: TimeUnit } | null {
  // `d` = "ngày" as printed (kind not stated), `mo` = months (most-procedures-more.csv).
  const m = /^(\d{1,4})\s*(wd|ngày làm việc|ngày|days?|d|tháng|months?|mo)?$/i.exec(text.normalize('NFC'));
  if (!m) return null;
  const amount = Number(m[1]);
  if (amount <= 0) return null;
  const word = (m[2] ?? '').toLowerCase();
  const unit: TimeUnit =
    word === 'wd' || word === 'ngày làm việc'
      ? 'working-days'
      : word === 'tháng' || word === 'mo' || word.startsWith('month')
        ? 'months'
        : 'days';
  return { amount, unit };
}

/**
 * Reads fees in VND: empty = unknown (null), `0` = no fee, `2000000` = fixed,
 * `2000000|3000000|4000000` = tiers (what each tier is for is not in the cell). Thousands separators
 * (`2.000.000`, `2,000,000`) are accepted.
 */
export function parseFees(text: string): Fees | null {
  const cell = text.trim();
  if (cell === '') return null;
  const amounts = cell.split('|').map((a) => {
    const digits = a
      .trim()
      .replace(/[.,\s]/g, '')
      .replace(/(vnđ|vnd|đồng|đ)$/i, '');
    if (!/^\d{1,12}$/.test(digits)) throw new RangeError(`unreadable fee "${a.trim()}"`);
    return Number(digits);
  });
  if (amounts.length === 1)
    return amounts[0] === 0 ? { kind: 'none' } : { kind: 'fixed', amountVnd: amounts[0]! };
  if (amounts.some((a) => a === 0)) throw new RangeError(`a fee tier of 0 in "${cell}"`);
  return { kind: 'tiered', tiers: amounts.map((amountVnd) => ({ amountVnd, nameVi: null })) };
}

/** `3`/`4` (mức độ, before Decree 42/2022) or `toàn trình`/`một phần`. */
export function parseOnlineLevel(text: string): {
  kind: 'toan-trinh' | 'mot-phan' | null;
  legacyLevel: 2 | 3 | 4 | null;
} {
  const cell = text
    .trim()
    .normalize('NFC')
    .toLowerCase()
    .replace(/^mức( độ)?\s*/, '');
  if (cell === '') return { kind: null, legacyLevel: null };
  if (cell === 'toàn trình') return { kind: 'toan-trinh', legacyLevel: null };
  if (cell === 'một phần') return { kind: 'mot-phan', legacyLevel: null };
  if (cell === '2' || cell === '3' || cell === '4')
    return { kind: null, legacyLevel: Number(cell) as 2 | 3 | 4 };
  throw new RangeError(`unreadable online level "${text.trim()}"`);
}
