import ExcelJS from 'exceljs';
import { INDICATORS } from './indicator-definitions.js';
import type { IndicatorReport } from './indicator-report.service.js';
import { exportValue } from './report-format.js';
import { score766 } from './scoring-766.js';
import type { IndicatorDossier } from '@motcua/db/portal';
import { CHANNEL_LABELS_VI, type ReportDimensions } from './report-dimensions.js';
import { formatDateVi } from '@motcua/domain';

const dayVi = (d: Date | null) => (d ? formatDateVi(d) : null);

/** The dossiers behind a figure as a table (codes, dates, no applicant data). */
export function dossierTable(
  labelVi: string,
  list: { total: number; dossiers: IndicatorDossier[] },
  dims: ReportDimensions,
): ExportTable[] {
  const tables: ExportTable[] = [
    {
      nameVi: 'Hồ sơ',
      headers: [
        'Mã hồ sơ',
        'Mã thủ tục',
        'Tên thủ tục',
        'Kênh',
        'Ngày tiếp nhận',
        'Ngày hẹn trả',
        'Ngày giải quyết',
        'Số ngày làm việc',
        'Quá hạn',
        'Đánh giá',
      ],
      rows: list.dossiers.map((d) => {
        const p = dims.byKey.get(d.procedureKey);
        return [
          d.dossierCode ?? d.dossierId,
          p?.code ?? d.procedureKey,
          p?.nameVi ?? '',
          CHANNEL_LABELS_VI[d.channel] ?? String(d.channel),
          dayVi(d.receivedAt),
          d.dueDate ? d.dueDate.split('-').reverse().join('/') : null,
          dayVi(d.completedAt),
          d.processingDays,
          d.late ? 'Có' : 'Không',
          d.score,
        ];
      }),
    },
  ];
  if (list.total > list.dossiers.length)
    tables.push({
      nameVi: 'Ghi chú',
      headers: ['Ghi chú'],
      rows: [[`${labelVi}: ${list.total} hồ sơ, tệp liệt kê ${list.dossiers.length} hồ sơ mới nhất.`]],
    });
  return tables;
}

/** One table of an export: Vietnamese headers, then rows of plain values. */
export interface ExportTable {
  nameVi: string;
  headers: string[];
  rows: (string | number | null)[][];
}

const header = (d: (typeof INDICATORS)[number]) => (d.kind === 'rate' ? `${d.labelVi} (%)` : d.labelVi);

/** The report as tables: the totals, the groups, the monthly trend, the 766 index groups. */
export function reportTables(r: IndicatorReport, groupLabelVi: string): ExportTable[] {
  const values = (list: IndicatorReport['indicators']) =>
    INDICATORS.map((d) =>
      exportValue(
        d,
        list.find((v) => v.id === d.id),
      ),
    );
  return [
    {
      nameVi: 'Tổng hợp',
      headers: ['Kỳ báo cáo', ...INDICATORS.map(header)],
      rows: [[r.filter.periodLabelVi, ...values(r.indicators)]],
    },
    {
      nameVi: `Theo ${groupLabelVi}`,
      headers: [groupLabelVi, ...INDICATORS.map(header)],
      rows: r.groups.map((g) => [g.labelVi, ...values(g.indicators)]),
    },
    {
      nameVi: 'Xu hướng theo tháng',
      headers: ['Tháng', ...INDICATORS.map(header)],
      rows: r.trend.map((t) => [t.labelVi, ...values(t.indicators)]),
    },
    {
      nameVi: 'Chỉ số 766',
      headers: ['Nhóm chỉ số', 'Điểm tối đa', 'Điểm đạt', 'Cách tính'],
      rows: score766(r.indicators).map((s) => [s.nameVi, s.maxPoints, s.points, s.ruleVi]),
    },
    {
      nameVi: 'Cách tính',
      headers: ['Chỉ số', 'Cách tính'],
      rows: INDICATORS.map((d) => [d.labelVi, d.helpVi]),
    },
  ];
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : v;
  // Formula-looking text is quoted with a leading apostrophe so a spreadsheet never runs it.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV (UTF-8 with BOM so spreadsheets read the diacritics), one table after another. */
export function toCsv(tables: ExportTable[]): string {
  const lines: string[] = [];
  for (const t of tables) {
    if (tables.length > 1) lines.push(csvCell(t.nameVi));
    lines.push(t.headers.map(csvCell).join(','));
    for (const row of t.rows) lines.push(row.map(csvCell).join(','));
    if (tables.length > 1) lines.push('');
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** An Excel workbook, one sheet per table, headers bold and frozen. */
export async function toXlsx(tables: ExportTable[], titleVi: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  wb.title = titleVi;
  for (const t of tables) {
    // Sheet names: at most 31 characters, none of []:*?/\.
    const ws = wb.addWorksheet(t.nameVi.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    ws.addRow(t.headers).font = { bold: true };
    for (const row of t.rows) ws.addRow(row);
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 40 : 18;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
