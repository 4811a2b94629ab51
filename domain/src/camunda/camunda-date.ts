/**
 * Camunda 7's REST date format `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (e.g. `2026-11-27T10:00:00.000+0000`),
 * written once here for the engine (which serves it) and the engine client (which sends and reads it).
 */

/** An instant in Camunda's format, in UTC: `2026-11-27T10:00:00.000+0000`; null for null. */
export function formatCamundaDate(d: Date): string;
export function formatCamundaDate(d: Date | null | undefined): string | null;
export function formatCamundaDate(d: Date | null | undefined): string | null {
  if (!d) return null;
  return d.toISOString().replace('Z', '+0000');
}

const DATE_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses Camunda's format (`+0700`) and ISO-8601 (`Z`, `+07:00`); a date-time without a zone is
 * read as UTC. Null when the text is not such a date.
 */
export function parseCamundaDate(text: string): Date | null {
  const m = DATE_RE.exec(text.trim());
  if (!m) return null;
  let zone = m[2] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const d = new Date(`${m[1]}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d;
}
