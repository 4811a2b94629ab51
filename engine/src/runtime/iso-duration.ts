/**
 * ISO-8601 durations (`P10D`, `PT4H`, `P1Y2M3DT4H5M6S`, `P2W`) as Camunda accepts them for task due
 * and follow-up dates: added to "now" in UTC, years and months by the calendar.
 */
const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function addIsoDuration(from: Date, text: string): Date | null {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return null;
  const [, y, mo, w, d, h, mi, s] = m.map((v) => (v === undefined ? 0 : Number(v)));
  const out = new Date(from.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + y!, out.getUTCMonth() + mo!, out.getUTCDate() + 7 * w! + d!);
  return new Date(out.getTime() + ((h! * 60 + mi!) * 60 + s!) * 1000);
}
