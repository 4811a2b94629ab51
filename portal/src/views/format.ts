/** Dates as the Vietnamese public service shows them: dd/mm/yyyy, in Vietnam time (UTC+7). */
const VN_OFFSET_MS = 7 * 3600_000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function formatDateVi(at: Date | string | null | undefined): string {
  if (!at) return '';
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) {
    const [y, m, d] = at.split('-');
    return `${d}/${m}/${y}`;
  }
  const date = typeof at === 'string' ? new Date(at.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : at;
  if (Number.isNaN(date.getTime())) return '';
  const vn = new Date(date.getTime() + VN_OFFSET_MS);
  return `${pad(vn.getUTCDate())}/${pad(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
}

export function formatDateTimeVi(at: Date | string | null | undefined): string {
  if (!at) return '';
  const date = typeof at === 'string' ? new Date(at.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : at;
  if (Number.isNaN(date.getTime())) return '';
  const vn = new Date(date.getTime() + VN_OFFSET_MS);
  return `${pad(vn.getUTCHours())}:${pad(vn.getUTCMinutes())} ${formatDateVi(date)}`;
}
