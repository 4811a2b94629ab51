import ExcelJS from 'exceljs';
import type { IndicatorCell, IndicatorStore, ReportScope } from '@motcua/db/portal';
import type { ReportDimensions } from '../report-dimensions.js';
import { addMonths, monthLabelVi, monthPeriod } from '../report-period.js';

/**
 * The monthly report for the Government reporting system (Decree 09/2019/NĐ-CP; its API is not
 * public — domain brief §3.4). ASSUMED shape: the table of the Government Office's form on "tình
 * hình, kết quả giải quyết thủ tục hành chính" as ministries fill it (one row per field, received
 * = carried over + new online + new in person/post, completed on time / late, in progress within
 * time / overdue). The form's text is not in the sources this project has; the layout is written
 * from how ministries publish it and must be checked against the current circular before use.
 * One deliberate gap: the form splits "trước hạn" and "đúng hạn"; we report them together.
 */
export interface GovReportRow {
  fieldVi: string;
  receivedTotal: number;
  receivedOnline: number;
  receivedInPersonOrPost: number;
  carriedOver: number;
  completedTotal: number;
  completedOnTime: number;
  completedLate: number;
  inProgressTotal: number;
  inProgressWithinTime: number;
  inProgressOverdue: number;
}

export interface GovMonthlyReport {
  /** `YYYY-MM`. */
  month: string;
  agencyVi: string;
  rows: GovReportRow[];
  total: GovReportRow;
  assumptionsVi: string[];
}

export const GOV_REPORT_ASSUMPTIONS_VI = [
  'Mẫu biểu giả định theo cách các bộ công bố báo cáo tình hình, kết quả giải quyết thủ tục hành chính; chưa đối chiếu với văn bản gốc, cần kiểm tra trước khi gửi chính thức.',
  'Cột "trước hạn" và "đúng hạn" được gộp: hệ thống tính đúng hạn = không quá ngày hẹn trả.',
  'Từ kỳ trước = hồ sơ đang giải quyết tại thời điểm cuối tháng trước.',
  'Hệ thống báo cáo Chính phủ chưa công bố giao diện kết nối: tệp được tạo ra; việc gửi chỉ là cấu hình (GOV_REPORT_URL).',
];

const sum = (cells: IndicatorCell[], m: keyof IndicatorCell['counts'], channel?: (c: number) => boolean) =>
  cells.filter((c) => !channel || channel(c.channel)).reduce((n, c) => n + c.counts[m], 0);

function row(fieldVi: string, month: IndicatorCell[], previous: IndicatorCell[]): GovReportRow {
  const receivedOnline = sum(month, 'received', (c) => c === 2);
  const receivedInPersonOrPost = sum(month, 'received', (c) => c !== 2);
  const carriedOver = sum(previous, 'inProgress');
  const inProgressTotal = sum(month, 'inProgress');
  const inProgressOverdue = sum(month, 'overdue');
  return {
    fieldVi,
    receivedTotal: receivedOnline + receivedInPersonOrPost + carriedOver,
    receivedOnline,
    receivedInPersonOrPost,
    carriedOver,
    completedTotal: sum(month, 'completed'),
    completedOnTime: sum(month, 'onTime'),
    completedLate: sum(month, 'late'),
    inProgressTotal,
    inProgressWithinTime: inProgressTotal - inProgressOverdue,
    inProgressOverdue,
  };
}

/** Builds the month's report per field from the same cells as the indicator reports. */
export async function buildGovMonthlyReport(
  deps: { indicators: IndicatorStore; dimensions: ReportDimensions },
  o: { month: string; scope?: ReportScope; agencyVi?: string; now?: Date },
): Promise<GovMonthlyReport> {
  const previousMonth = addMonths(o.month, -1);
  const cells = await deps.indicators.cells({
    periods: [monthPeriod(o.month), monthPeriod(previousMonth)],
    ...(o.scope ? { scope: o.scope } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
  const fieldOf = (c: IndicatorCell) => deps.dimensions.byKey.get(c.procedureKey)?.fieldVi ?? 'Khác';
  const fields = [...new Set(cells.map(fieldOf))].sort((a, b) => a.localeCompare(b, 'vi'));
  const of = (period: string, field?: string) =>
    cells.filter((c) => c.period === period && (field === undefined || fieldOf(c) === field));
  return {
    month: o.month,
    agencyVi: o.agencyVi ?? 'Bộ Khoa học và Công nghệ',
    rows: fields.map((f) => row(f, of(o.month, f), of(previousMonth, f))),
    total: row('Tổng cộng', of(o.month), of(previousMonth)),
    assumptionsVi: GOV_REPORT_ASSUMPTIONS_VI,
  };
}

const NUMBER_COLUMNS: (keyof Omit<GovReportRow, 'fieldVi'>)[] = [
  'receivedTotal',
  'receivedOnline',
  'receivedInPersonOrPost',
  'carriedOver',
  'completedTotal',
  'completedOnTime',
  'completedLate',
  'inProgressTotal',
  'inProgressWithinTime',
  'inProgressOverdue',
];

/** The report as the Excel file the ministry sends: title, two header rows (merged), rows, total, notes. */
export async function govReportXlsx(r: GovMonthlyReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  const ws = wb.addWorksheet(`Thang ${r.month}`);
  ws.addRow([`${r.agencyVi.toUpperCase()}`]);
  ws.addRow([`TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG ${monthLabelVi(r.month)}`]).font = {
    bold: true,
  };
  ws.addRow([]);
  const h1 = ws.addRow([
    'STT',
    'Lĩnh vực',
    'Số hồ sơ nhận giải quyết',
    '',
    '',
    '',
    'Số hồ sơ đã giải quyết',
    '',
    '',
    'Số hồ sơ đang giải quyết',
    '',
    '',
  ]);
  const h2 = ws.addRow([
    '',
    '',
    'Tổng số',
    'Trong kỳ: trực tuyến',
    'Trong kỳ: trực tiếp, bưu chính',
    'Từ kỳ trước',
    'Tổng số',
    'Trước hạn, đúng hạn',
    'Quá hạn',
    'Tổng số',
    'Trong hạn',
    'Quá hạn',
  ]);
  for (const h of [h1, h2]) h.font = { bold: true };
  ws.mergeCells('A4:A5');
  ws.mergeCells('B4:B5');
  ws.mergeCells('C4:F4');
  ws.mergeCells('G4:I4');
  ws.mergeCells('J4:L4');
  r.rows.forEach((x, i) => ws.addRow([i + 1, x.fieldVi, ...NUMBER_COLUMNS.map((c) => x[c])]));
  ws.addRow(['', r.total.fieldVi, ...NUMBER_COLUMNS.map((c) => r.total[c])]).font = { bold: true };
  ws.addRow([]);
  ws.addRow(['Ghi chú (giả định của hệ thống):']);
  for (const a of r.assumptionsVi) ws.addRow([`- ${a}`]);
  ws.getColumn(2).width = 40;
  for (let c = 3; c <= 12; c++) ws.getColumn(c).width = 14;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
