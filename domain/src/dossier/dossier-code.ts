/**
 * Dossier code (mã hồ sơ): `<unit code>-<yyMMdd>-<5-digit daily sequence>`, as observed in
 * implementations of Circular 01/2018 → 03/2025. The date is the receipt date in Vietnam (UTC+7).
 * The sequence is allocated by whoever owns the counter (the receipt worker); this module only
 * formats and parses.
 */
import { vietnamWallClock } from '../calendar/vietnam-time.js';

const UNIT_CODE = /^[A-Z0-9][A-Z0-9.]{0,30}$/;
const DOSSIER_CODE = /^([A-Z0-9][A-Z0-9.]{0,30})-(\d{6})-(\d{5})$/;

/** yyMMdd of an instant, in Vietnam's time zone (UTC+7, no daylight saving). */
export function vietnamDayStamp(at: Date): string {
  const vn = vietnamWallClock(at);
  const yy = String(vn.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(vn.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(vn.getUTCDate()).padStart(2, '0');
  return `${yy}${mm}${dd}`;
}

export function formatDossierCode(unitCode: string, at: Date, sequence: number): string {
  if (!UNIT_CODE.test(unitCode)) throw new Error(`Invalid unit code "${unitCode}"`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99999) {
    throw new Error(`Daily dossier sequence ${sequence} is outside 1..99999`);
  }
  return `${unitCode}-${vietnamDayStamp(at)}-${String(sequence).padStart(5, '0')}`;
}

export function parseDossierCode(code: string): { unitCode: string; day: string; sequence: number } | null {
  const m = DOSSIER_CODE.exec(code.trim());
  if (!m) return null;
  return { unitCode: m[1]!, day: m[2]!, sequence: Number(m[3]) };
}
