import type { IndicatorCell, Measure } from '@motcua/db/portal';
import type { OnlineLevel, ReportDimensions } from './report-dimensions.js';

/** Summed counts of a set of cells. */
export type CellSums = Record<Measure, number> & { processingDaysSum: number };

/** The cells a figure is computed from, pre-summed by the slices the definitions need. */
export interface CellSlices {
  all: CellSums;
  online: CellSums;
  byLevel: Record<'toan-trinh' | 'mot-phan', { all: CellSums; online: CellSums }>;
}

export interface IndicatorValue {
  id: IndicatorId;
  /** The count, the rate (0..1) or the average; null when it cannot be computed (no denominator, no data). */
  value: number | null;
  numerator?: number;
  denominator?: number;
}

/** Which dossiers a figure's drill-down lists: a measure, narrowed to a channel or online level. */
export interface DrillDown {
  measure: Measure;
  channel?: number;
  level?: Exclude<OnlineLevel, null>;
}

export interface IndicatorDefinition {
  id: IndicatorId;
  labelVi: string;
  /** How it is computed, shown as the figure's help text (the formula and where the facts come from). */
  helpVi: string;
  kind: 'count' | 'rate' | 'days';
  compute(s: CellSlices): Omit<IndicatorValue, 'id'>;
  drill?: DrillDown;
}

export const INDICATOR_IDS = [
  'received',
  'completed',
  'onTime',
  'late',
  'inProgress',
  'overdue',
  'notAccepted',
  'onTimeRate',
  'avgProcessingDays',
  'onlineSubmissionRate',
  'toanTrinhOnlineRate',
  'motPhanOnlineRate',
  'onlineOnTimeRate',
  'withFee',
  'paidOnlineRate',
  'digitisedRate',
  'satisfactionRate',
  'supplementRate',
  'refusalRate',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

const count = (m: Measure) => (s: CellSlices) => ({ value: s.all[m] });
const rate = (num: number, den: number) => ({
  value: den ? num / den : null,
  numerator: num,
  denominator: den,
});

const RECEIVED =
  'hồ sơ được tiếp nhận (sự kiện đầu tiên có trạng thái 2 "Được tiếp nhận" trong lịch sử hồ sơ) trong kỳ';
const COMPLETED =
  'hồ sơ đã giải quyết (sự kiện đầu tiên có trạng thái 9 "Đã xử lý xong" hoặc 10 "Đã trả kết quả") trong kỳ';

/**
 * The Decision 766/QĐ-TTg and national-portal (DVCQG evaluation API) indicators, each computed
 * from the cells of db/src/reports (never typed in), with its formula as help text.
 */
export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: 'received',
    labelVi: 'Hồ sơ tiếp nhận',
    helpVi: `Số ${RECEIVED}.`,
    kind: 'count',
    compute: count('received'),
    drill: { measure: 'received' },
  },
  {
    id: 'completed',
    labelVi: 'Hồ sơ đã giải quyết',
    helpVi: `Số ${COMPLETED}.`,
    kind: 'count',
    compute: count('completed'),
    drill: { measure: 'completed' },
  },
  {
    id: 'onTime',
    labelVi: 'Giải quyết đúng hạn',
    helpVi:
      'Số hồ sơ đã giải quyết trong kỳ không quá hạn: không có phiếu xin lỗi (mẫu 04) trước khi giải quyết và ngày giải quyết (giờ Việt Nam) không sau ngày hẹn trả.',
    kind: 'count',
    compute: count('onTime'),
    drill: { measure: 'onTime' },
  },
  {
    id: 'late',
    labelVi: 'Giải quyết quá hạn',
    helpVi:
      'Số hồ sơ đã giải quyết trong kỳ bị quá hạn: có phiếu xin lỗi, hẹn lại (sự kiện "late") trước khi giải quyết, hoặc ngày giải quyết sau ngày hẹn trả.',
    kind: 'count',
    compute: count('late'),
    drill: { measure: 'late' },
  },
  {
    id: 'inProgress',
    labelVi: 'Đang giải quyết (cuối kỳ)',
    helpVi:
      'Số hồ sơ đã tiếp nhận trước cuối kỳ mà đến cuối kỳ chưa giải quyết xong, chưa rút, chưa dừng xử lý.',
    kind: 'count',
    compute: count('inProgress'),
    drill: { measure: 'inProgress' },
  },
  {
    id: 'overdue',
    labelVi: 'Quá hạn chưa giải quyết',
    helpVi:
      'Trong số hồ sơ đang giải quyết cuối kỳ: số hồ sơ đã quá ngày hẹn trả (so với ngày cuối kỳ, hoặc hôm nay với kỳ đang diễn ra) hoặc đã có phiếu xin lỗi.',
    kind: 'count',
    compute: count('overdue'),
    drill: { measure: 'overdue' },
  },
  {
    id: 'notAccepted',
    labelVi: 'Từ chối tiếp nhận',
    helpVi: 'Số hồ sơ không được tiếp nhận (trạng thái 3, mẫu 03) trong kỳ.',
    kind: 'count',
    compute: count('notAccepted'),
    drill: { measure: 'notAccepted' },
  },
  {
    id: 'onTimeRate',
    labelVi: 'Tỷ lệ giải quyết đúng hạn',
    helpVi: 'Hồ sơ giải quyết đúng hạn ÷ hồ sơ đã giải quyết trong kỳ.',
    kind: 'rate',
    compute: (s) => rate(s.all.onTime, s.all.completed),
    drill: { measure: 'onTime' },
  },
  {
    id: 'avgProcessingDays',
    labelVi: 'Thời gian giải quyết trung bình (ngày làm việc)',
    helpVi:
      'Tổng số ngày làm việc từ ngày tiếp nhận đến ngày giải quyết (lịch ngày làm việc của hệ thống, đã trừ ngày nghỉ, lễ, Tết) ÷ số hồ sơ đã giải quyết trong kỳ. Thời gian chờ bổ sung diễn ra trước khi tiếp nhận nên không bị tính.',
    kind: 'days',
    compute: (s) => ({
      value: s.all.completed ? s.all.processingDaysSum / s.all.completed : null,
      numerator: s.all.processingDaysSum,
      denominator: s.all.completed,
    }),
    drill: { measure: 'completed' },
  },
  {
    id: 'onlineSubmissionRate',
    labelVi: 'Tỷ lệ hồ sơ nộp trực tuyến',
    helpVi: 'Hồ sơ tiếp nhận qua kênh trực tuyến (kênh 2) ÷ tổng số hồ sơ tiếp nhận trong kỳ.',
    kind: 'rate',
    compute: (s) => rate(s.online.received, s.all.received),
    drill: { measure: 'received', channel: 2 },
  },
  {
    id: 'toanTrinhOnlineRate',
    labelVi: 'Tỷ lệ hồ sơ trực tuyến toàn trình',
    helpVi:
      'Với các thủ tục cung cấp dịch vụ công trực tuyến toàn trình: hồ sơ tiếp nhận trực tuyến ÷ tổng hồ sơ tiếp nhận của các thủ tục đó trong kỳ.',
    kind: 'rate',
    compute: (s) => rate(s.byLevel['toan-trinh'].online.received, s.byLevel['toan-trinh'].all.received),
    drill: { measure: 'received', channel: 2, level: 'toan-trinh' },
  },
  {
    id: 'motPhanOnlineRate',
    labelVi: 'Tỷ lệ hồ sơ trực tuyến một phần',
    helpVi:
      'Với các thủ tục cung cấp dịch vụ công trực tuyến một phần: hồ sơ tiếp nhận trực tuyến ÷ tổng hồ sơ tiếp nhận của các thủ tục đó trong kỳ.',
    kind: 'rate',
    compute: (s) => rate(s.byLevel['mot-phan'].online.received, s.byLevel['mot-phan'].all.received),
    drill: { measure: 'received', channel: 2, level: 'mot-phan' },
  },
  {
    id: 'onlineOnTimeRate',
    labelVi: 'Tỷ lệ hồ sơ trực tuyến giải quyết đúng hạn',
    helpVi: 'Hồ sơ trực tuyến giải quyết đúng hạn ÷ hồ sơ trực tuyến đã giải quyết trong kỳ.',
    kind: 'rate',
    compute: (s) => rate(s.online.onTime, s.online.completed),
    drill: { measure: 'onTime', channel: 2 },
  },
  {
    id: 'withFee',
    labelVi: 'Hồ sơ có nghĩa vụ tài chính',
    helpVi: 'Số hồ sơ tiếp nhận trong kỳ có yêu cầu nộp phí, lệ phí (trạng thái 6).',
    kind: 'count',
    compute: count('withFee'),
    drill: { measure: 'withFee' },
  },
  {
    id: 'paidOnlineRate',
    labelVi: 'Tỷ lệ hồ sơ thanh toán trực tuyến',
    helpVi:
      'Hồ sơ tiếp nhận trong kỳ có nghĩa vụ tài chính đã thanh toán trực tuyến (sự kiện "đã thanh toán trực tuyến" của cổng thanh toán trong lịch sử hồ sơ) ÷ hồ sơ tiếp nhận trong kỳ có nghĩa vụ tài chính. Nộp tại một cửa (cán bộ ghi biên lai) không tính là trực tuyến.',
    kind: 'rate',
    compute: (s) => rate(s.all.paidOnline, s.all.withFee),
    drill: { measure: 'paidOnline' },
  },
  {
    id: 'digitisedRate',
    labelVi: 'Tỷ lệ hồ sơ được số hoá',
    helpVi:
      'Hồ sơ tiếp nhận trong kỳ có thành phần hồ sơ điện tử (tệp tải lên khi nộp, khi bổ sung, hoặc bản quét tại một cửa) ÷ hồ sơ tiếp nhận trong kỳ.',
    kind: 'rate',
    compute: (s) => rate(s.all.digitised, s.all.received),
    drill: { measure: 'digitised' },
  },
  {
    id: 'satisfactionRate',
    labelVi: 'Tỷ lệ hài lòng',
    helpVi: 'Đánh giá "hài lòng" hoặc "rất hài lòng" (4–5 trên thang 1–5) ÷ tổng số đánh giá gửi trong kỳ.',
    kind: 'rate',
    compute: (s) => rate(s.all.satisfied, s.all.rated),
    drill: { measure: 'satisfied' },
  },
  {
    id: 'supplementRate',
    labelVi: 'Tỷ lệ hồ sơ phải bổ sung',
    helpVi: 'Hồ sơ tiếp nhận trong kỳ đã từng có yêu cầu bổ sung (mẫu 02) ÷ hồ sơ tiếp nhận trong kỳ.',
    kind: 'rate',
    compute: (s) => rate(s.all.supplemented, s.all.received),
    drill: { measure: 'supplemented' },
  },
  {
    id: 'refusalRate',
    labelVi: 'Tỷ lệ từ chối giải quyết',
    helpVi:
      'Hồ sơ giải quyết trong kỳ bằng văn bản từ chối (không phê duyệt) ÷ hồ sơ đã giải quyết trong kỳ.',
    kind: 'rate',
    compute: (s) => rate(s.all.refused, s.all.completed),
    drill: { measure: 'refused' },
  },
];

export const INDICATOR_BY_ID = new Map(INDICATORS.map((d) => [d.id, d]));

function emptySums(): CellSums {
  return {
    received: 0,
    completed: 0,
    onTime: 0,
    late: 0,
    inProgress: 0,
    overdue: 0,
    notAccepted: 0,
    refused: 0,
    supplemented: 0,
    withFee: 0,
    paidOnline: 0,
    digitised: 0,
    rated: 0,
    satisfied: 0,
    processingDaysSum: 0,
  };
}

function add(into: CellSums, cell: IndicatorCell): void {
  for (const [m, n] of Object.entries(cell.counts)) into[m as Measure] += n;
  into.processingDaysSum += cell.processingDaysSum;
}

/** Sums the cells into the slices the definitions read. */
export function sliceCells(cells: readonly IndicatorCell[], dims: ReportDimensions): CellSlices {
  const s: CellSlices = {
    all: emptySums(),
    online: emptySums(),
    byLevel: {
      'toan-trinh': { all: emptySums(), online: emptySums() },
      'mot-phan': { all: emptySums(), online: emptySums() },
    },
  };
  for (const c of cells) {
    const online = c.channel === 2;
    add(s.all, c);
    if (online) add(s.online, c);
    const level = dims.byKey.get(c.procedureKey)?.onlineLevel;
    if (level) {
      add(s.byLevel[level].all, c);
      if (online) add(s.byLevel[level].online, c);
    }
  }
  return s;
}

/** Every indicator of a set of cells. */
export function computeIndicators(cells: readonly IndicatorCell[], dims: ReportDimensions): IndicatorValue[] {
  const slices = sliceCells(cells, dims);
  return INDICATORS.map((d) => ({ id: d.id, ...d.compute(slices) }));
}
