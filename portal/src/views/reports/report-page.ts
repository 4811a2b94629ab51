import { html, jsonForScript, type SafeHtml } from '../../http/html.js';
import { INDICATORS, type IndicatorValue } from '../../reports/indicator-definitions.js';
import type { GroupBy, IndicatorReport } from '../../reports/indicator-report.service.js';
import { CHANNEL_LABELS_VI, type ReportDimensions } from '../../reports/report-dimensions.js';
import { filterQuery } from '../../reports/report-filter.js';
import { formatFraction, formatIndicator } from '../../reports/report-format.js';
import { dayLabelVi } from '../../reports/report-period.js';
import { score766 } from '../../reports/scoring-766.js';

export const GROUP_LABELS_VI: Record<GroupBy, string> = {
  unit: 'đơn vị',
  field: 'lĩnh vực',
  procedure: 'thủ tục',
  channel: 'kênh',
  month: 'tháng',
};

/** Where the report lives and what its viewer may choose. */
export interface ReportPageScope {
  /** `/quan-tri/bao-cao` or `/lanh-dao/bao-cao`. */
  basePath: string;
  /** The units the viewer may pick (a leader: theirs). */
  units: [code: string, nameVi: string][];
  /** Shown under the title (a leader: which unit). */
  scopeVi: string;
  /** Offer the monthly Government report (the admin: the whole ministry). */
  govReport?: boolean;
}

const TABLE_COLUMNS = [
  'received',
  'completed',
  'onTime',
  'late',
  'inProgress',
  'overdue',
  'onTimeRate',
  'avgProcessingDays',
  'onlineSubmissionRate',
  'digitisedRate',
  'satisfactionRate',
] as const;

const def = (id: string) => INDICATORS.find((d) => d.id === id)!;
const find = (values: IndicatorValue[], id: string) => values.find((v) => v.id === id);

function filters(
  r: IndicatorReport,
  dims: ReportDimensions,
  scope: ReportPageScope,
  errors: string[],
): SafeHtml {
  const f = r.filter;
  const range = f.period.key.includes('..') ? (f.period.key.split('..') as [string, string]) : null;
  const opt = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;
  return html`<form method="get" action="${scope.basePath}" class="report-filters" aria-label="Lọc báo cáo">
    ${
      errors.length
        ? html`<div class="alert alert-error" role="alert">
            <p>Bộ lọc chưa hợp lệ, đang hiển thị báo cáo theo các điều kiện hợp lệ:</p>
            <ul>
              ${errors.map((e) => html`<li>${e}</li>`)}
            </ul>
          </div>`
        : ''
    }
    <div class="report-filter-grid">
      <label
        >Tháng
        <input type="month" name="thang" value="${range ? '' : f.period.key}" />
      </label>
      <label
        >Từ ngày (dd/mm/yyyy)
        <input
          type="text"
          name="tu"
          inputmode="numeric"
          placeholder="01/11/2026"
          value="${range ? dayLabelVi(range[0]) : ''}"
        />
      </label>
      <label
        >Đến ngày (dd/mm/yyyy)
        <input
          type="text"
          name="den"
          inputmode="numeric"
          placeholder="30/11/2026"
          value="${range ? dayLabelVi(range[1]) : ''}"
        />
      </label>
      <label
        >Đơn vị
        <select name="don-vi">
          ${opt('', 'Tất cả', !f.unit)} ${scope.units.map(([c, n]) => opt(c, n, f.unit === c))}
        </select>
      </label>
      <label
        >Lĩnh vực
        <select name="linh-vuc">
          ${opt('', 'Tất cả', !f.field)} ${dims.fields.map((x) => opt(x, x, f.field === x))}
        </select>
      </label>
      <label
        >Thủ tục
        <select name="thu-tuc">
          ${opt('', 'Tất cả', !f.procedure)}
          ${dims.procedures
            .filter((p) => scope.units.some(([c]) => c === p.unitCode))
            .map((p) => opt(p.key, `${p.code} — ${p.nameVi}`, f.procedure === p.key))}
        </select>
      </label>
      <label
        >Kênh
        <select name="kenh">
          ${opt('', 'Tất cả', !f.channel)}
          ${Object.entries(CHANNEL_LABELS_VI).map(([c, n]) => opt(c, n, f.channel === Number(c)))}
        </select>
      </label>
      <label
        >Nhóm theo
        <select name="theo">
          ${Object.entries(GROUP_LABELS_VI).map(([g, n]) => opt(g, n, f.groupBy === g))}
        </select>
      </label>
    </div>
    <p class="muted small">
      Nhập từ ngày và đến ngày để xem một khoảng thời gian; để trống để xem theo tháng.
    </p>
    <button type="submit" class="button">Xem báo cáo</button>
  </form>`;
}

function cards(r: IndicatorReport, scope: ReportPageScope): SafeHtml {
  return html`<ul class="report-cards">
    ${INDICATORS.map((d) => {
      const v = find(r.indicators, d.id);
      const fraction = formatFraction(v);
      return html`<li class="report-card" id="chi-so-${d.id}">
        <p class="report-card-label">${d.labelVi}</p>
        <p class="report-card-value">${formatIndicator(d, v)}</p>
        ${fraction && d.kind !== 'count' ? html`<p class="muted small">${fraction}</p>` : ''}
        <details>
          <summary>Cách tính</summary>
          <p class="small">${d.helpVi}</p>
        </details>
        ${
          d.drill
            ? html`<a
                class="small"
                href="${scope.basePath}/ho-so?${filterQuery(r.filter, { 'chi-so': d.id })}"
                >Xem hồ sơ<span class="sr-only"> — ${d.labelVi}</span></a
              >`
            : ''
        }
      </li>`;
    })}
  </ul>`;
}

function groupTable(r: IndicatorReport): SafeHtml {
  const label = GROUP_LABELS_VI[r.filter.groupBy];
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Số liệu theo ${label}">
    <table class="table report-table">
      <caption>
        Số liệu theo ${label}
      </caption>
      <thead>
        <tr>
          <th scope="col">${label[0]!.toUpperCase() + label.slice(1)}</th>
          ${TABLE_COLUMNS.map((c) => html`<th scope="col">${def(c).labelVi}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${
          r.groups.length
            ? r.groups.map(
                (g) =>
                  html`<tr>
                    <th scope="row">${g.labelVi}</th>
                    ${TABLE_COLUMNS.map((c) => html`<td class="num">${formatIndicator(def(c), find(g.indicators, c))}</td>`)}
                  </tr>`,
              )
            : html`<tr>
                <td colspan="${TABLE_COLUMNS.length + 1}">Không có hồ sơ trong kỳ.</td>
              </tr>`
        }
      </tbody>
    </table>
  </div>`;
}

function trend(r: IndicatorReport): SafeHtml {
  const series = (id: string) => r.trend.map((t) => find(t.indicators, id)?.value ?? null);
  const chartData = {
    months: r.trend.map((t) => t.labelVi),
    received: series('received'),
    completed: series('completed'),
    onTime: series('onTime'),
    late: series('late'),
    onTimeRate: series('onTimeRate').map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
  };
  return html`<section aria-labelledby="trend-title">
    <h2 id="trend-title">Xu hướng 12 tháng</h2>
    <div
      id="report-trend-chart"
      class="report-chart"
      role="img"
      aria-label="Biểu đồ hồ sơ tiếp nhận, đã giải quyết, đúng hạn, quá hạn và tỷ lệ đúng hạn 12 tháng (số liệu trong bảng bên dưới)"
    ></div>
    <script type="application/json" id="report-trend-data">
      ${jsonForScript(chartData)}
    </script>
    <div class="table-scroll" tabindex="0" role="region" aria-label="Số liệu theo tháng">
      <table class="table report-table">
        <caption>
          Số liệu theo tháng (so sánh tháng trước)
        </caption>
        <thead>
          <tr>
            <th scope="col">Tháng</th>
            <th scope="col">Tiếp nhận</th>
            <th scope="col">Đã giải quyết</th>
            <th scope="col">Đúng hạn</th>
            <th scope="col">Quá hạn</th>
            <th scope="col">Tỷ lệ đúng hạn</th>
            <th scope="col">So với tháng trước (tiếp nhận)</th>
          </tr>
        </thead>
        <tbody>
          ${r.trend.map((t, i) => {
            const received = find(t.indicators, 'received')?.value ?? 0;
            const previous = i > 0 ? (find(r.trend[i - 1]!.indicators, 'received')?.value ?? 0) : null;
            const delta =
              previous === null ? '—' : `${received - previous >= 0 ? '+' : ''}${received - previous}`;
            return html`<tr>
              <th scope="row">${t.labelVi}</th>
              ${['received', 'completed', 'onTime', 'late', 'onTimeRate'].map(
                (c) => html`<td class="num">${formatIndicator(def(c), find(t.indicators, c))}</td>`,
              )}
              <td class="num">${delta}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
  </section>`;
}

function scoring(r: IndicatorReport): SafeHtml {
  const groups = score766(r.indicators);
  const fmt = (n: number | null) =>
    n === null ? '—' : n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
  return html`<section aria-labelledby="score-title">
    <h2 id="score-title">Bộ chỉ số theo Quyết định 766/QĐ-TTg</h2>
    <p class="muted">
      Tổng điểm tối đa 100. Chỉ chấm điểm những chỉ tiêu có quy tắc công khai; phần còn lại ghi rõ không tính
      được.
    </p>
    <div class="table-scroll" tabindex="0" role="region" aria-label="Điểm theo nhóm chỉ số 766">
      <table class="table report-table">
        <caption class="sr-only">
          Điểm theo nhóm chỉ số
        </caption>
        <thead>
          <tr>
            <th scope="col">Nhóm chỉ số</th>
            <th scope="col">Điểm tối đa</th>
            <th scope="col">Điểm đạt</th>
            <th scope="col">Cách tính</th>
          </tr>
        </thead>
        <tbody>
          ${groups.map(
            (g) =>
              html`<tr>
                <th scope="row">${g.nameVi}</th>
                <td class="num">${fmt(g.maxPoints)}</td>
                <td class="num">${fmt(g.points)}</td>
                <td class="small">${g.ruleVi}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

/** The report's body (the admin and leader pages wrap it in their own frame). */
export function reportBody(
  r: IndicatorReport,
  dims: ReportDimensions,
  scope: ReportPageScope,
  errors: string[],
): SafeHtml {
  const q = filterQuery(r.filter);
  return html`<h1>Báo cáo chỉ số giải quyết thủ tục hành chính</h1>
    <p class="muted">${scope.scopeVi} · Kỳ báo cáo: <strong>${r.filter.periodLabelVi}</strong></p>
    ${filters(r, dims, scope, errors)}
    <p class="report-exports">
      Tải về: <a href="${scope.basePath}.xlsx?${q}">Excel (.xlsx)</a> ·
      <a href="${scope.basePath}.csv?${q}">CSV</a>
      ${
        scope.govReport && !r.filter.period.key.includes('..')
          ? html` ·
              <a href="${scope.basePath}/chinh-phu.xlsx?thang=${r.filter.period.key}"
                >Báo cáo tháng gửi Hệ thống báo cáo Chính phủ (.xlsx)</a
              >`
          : ''
      }
    </p>
    <p class="muted small">
      Mọi số liệu được tính từ lịch sử hồ sơ (nhật ký sự kiện chỉ ghi thêm), không nhập tay; cùng một lịch sử
      luôn cho cùng số liệu.
    </p>
    ${cards(r, scope)} ${trend(r)} ${groupTable(r)} ${scoring(r)}
    <script type="module" src="/static/report-charts.js"></script>`;
}
