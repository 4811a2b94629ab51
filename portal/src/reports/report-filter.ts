import { GROUP_BYS, type GroupBy, type ReportFilter } from './indicator-report.service.js';
import type { ReportDimensions } from './report-dimensions.js';
import {
  dayLabelVi,
  monthLabelVi,
  monthPeriod,
  parseDayVi,
  rangePeriod,
  vietnamMonth,
} from './report-period.js';

/** The report's query string: `thang=YYYY-MM` or `tu`/`den` (dd/mm/yyyy), `don-vi`, `linh-vuc`, `thu-tuc`, `kenh`, `theo`. */
export type ReportQuery = Record<string, string | string[] | undefined>;

export type ParsedFilter =
  { ok: true; filter: ReportFilter } | { ok: false; errors: string[]; filter: ReportFilter };

const one = (q: ReportQuery, k: string): string => {
  const v = q[k];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

const MAX_RANGE_DAYS = 366 * 3;

/**
 * Reads and checks a report's filters; unknown values give readable Vietnamese errors and the
 * current month's report (the page shows both), never a silent different report.
 */
export function parseReportFilter(q: ReportQuery, dims: ReportDimensions, now: Date): ParsedFilter {
  const errors: string[] = [];
  const current = vietnamMonth(now);
  let month = one(q, 'thang') || current;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    errors.push('Tháng phải có dạng YYYY-MM (ví dụ 2026-11).');
    month = current;
  }
  const fromText = one(q, 'tu');
  const toText = one(q, 'den');
  let period = monthPeriod(month);
  let periodLabelVi = `Tháng ${monthLabelVi(month)}`;
  let trendEnd = month;
  if (fromText || toText) {
    const from = parseDayVi(fromText);
    const to = parseDayVi(toText);
    if (!from || !to) errors.push('Từ ngày và đến ngày phải là ngày có thật, dạng dd/mm/yyyy.');
    else if (from > to) errors.push('Từ ngày phải trước hoặc bằng đến ngày.');
    else if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_RANGE_DAYS)
      errors.push('Khoảng thời gian tối đa là 3 năm.');
    else {
      period = rangePeriod(from, to);
      periodLabelVi = `${dayLabelVi(from)} – ${dayLabelVi(to)}`;
      trendEnd = to.slice(0, 7);
    }
  }
  const unit = one(q, 'don-vi');
  if (unit && !dims.units.has(unit)) errors.push('Đơn vị không có trong danh mục.');
  const field = one(q, 'linh-vuc');
  if (field && !dims.fields.includes(field)) errors.push('Lĩnh vực không có trong danh mục.');
  const procedure = one(q, 'thu-tuc');
  if (procedure && !dims.byKey.has(procedure)) errors.push('Thủ tục không có trong danh mục.');
  const channelText = one(q, 'kenh');
  const channel = channelText ? Number(channelText) : undefined;
  if (channel !== undefined && ![1, 2, 3].includes(channel))
    errors.push('Kênh phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính).');
  const groupText = one(q, 'theo') || 'unit';
  if (!(GROUP_BYS as readonly string[]).includes(groupText)) errors.push('Cách nhóm số liệu không hợp lệ.');
  const filter: ReportFilter = {
    period,
    periodLabelVi,
    trendEnd,
    groupBy: (GROUP_BYS as readonly string[]).includes(groupText) ? (groupText as GroupBy) : 'unit',
    ...(unit && dims.units.has(unit) ? { unit } : {}),
    ...(field && dims.fields.includes(field) ? { field } : {}),
    ...(procedure && dims.byKey.has(procedure) ? { procedure } : {}),
    ...(channel !== undefined && [1, 2, 3].includes(channel) ? { channel } : {}),
  };
  return errors.length ? { ok: false, errors, filter } : { ok: true, filter };
}

/** The filter back as a query string (links to the drill-down, the exports, the next page). */
export function filterQuery(f: ReportFilter, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (f.period.key.includes('..')) {
    const [from, to] = f.period.key.split('..') as [string, string];
    p.set('tu', dayLabelVi(from));
    p.set('den', dayLabelVi(to));
  } else p.set('thang', f.period.key);
  if (f.unit) p.set('don-vi', f.unit);
  if (f.field) p.set('linh-vuc', f.field);
  if (f.procedure) p.set('thu-tuc', f.procedure);
  if (f.channel) p.set('kenh', String(f.channel));
  p.set('theo', f.groupBy);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}
