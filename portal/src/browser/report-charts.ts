// The reports' month-on-month trend chart: Apache ECharts with its SVG renderer (crisp on paper,
// printable), built from the JSON block the page carries (no inline script: strict CSP). No
// tooltip: ECharts draws its HTML tooltip with inline style attributes, which the CSP forbids; the
// same figures are in the table under the chart.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer]);

interface TrendData {
  months: string[];
  received: (number | null)[];
  completed: (number | null)[];
  onTime: (number | null)[];
  late: (number | null)[];
  onTimeRate: (number | null)[];
}

function render(): void {
  const box = document.getElementById('report-trend-chart');
  const data = document.getElementById('report-trend-data');
  if (!box || !data?.textContent) return;
  const d = JSON.parse(data.textContent) as TrendData;
  const narrow = box.clientWidth < 600;
  const chart = echarts.init(box, null, { renderer: 'svg', locale: 'EN' });
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    legend: { top: 0, type: narrow ? 'scroll' : 'plain' },
    grid: { left: 40, right: 44, top: narrow ? 40 : 36, bottom: 30 },
    xAxis: { type: 'category', data: d.months, axisLabel: { rotate: narrow ? 45 : 0 } },
    yAxis: [
      { type: 'value', name: 'Hồ sơ', minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      { name: 'Tiếp nhận', type: 'bar', data: d.received, itemStyle: { color: '#1f5fa8' } },
      { name: 'Đã giải quyết', type: 'bar', data: d.completed, itemStyle: { color: '#2e7d32' } },
      { name: 'Quá hạn', type: 'bar', data: d.late, itemStyle: { color: '#b71c1c' } },
      {
        name: 'Tỷ lệ đúng hạn (%)',
        type: 'line',
        yAxisIndex: 1,
        data: d.onTimeRate,
        connectNulls: false,
        itemStyle: { color: '#e65100' },
      },
    ],
  });
  box.dataset.rendered = 'true';
  window.addEventListener('resize', () => chart.resize());
  window.addEventListener('beforeprint', () => chart.resize());
}

render();
