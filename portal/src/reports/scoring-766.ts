import type { IndicatorId, IndicatorValue } from './indicator-definitions.js';

/** One index group of Decision 766/QĐ-TTg and what this system can score of it. */
export interface IndexGroupScore {
  id: string;
  nameVi: string;
  /** The group's (or its scored sub-indicator's) maximum where the public sources give it. */
  maxPoints: number | null;
  /** Points scored, or null when not computable here. */
  points: number | null;
  /** How the points are computed, or why they are not. */
  ruleVi: string;
  /** The figures of this system that relate to the group (shown beside it). */
  related: IndicatorId[];
}

const ASSUMED_PROPORTIONAL =
  'Giả định: điểm tỷ lệ thuận với tỷ lệ (điểm tối đa × tỷ lệ); cách quy đổi chi tiết của Quyết định 766 không có trong tài liệu công khai mà hệ thống dựa vào.';

/**
 * The six index groups of Decision 766/QĐ-TTg (100 points in total). Public sources
 * (shared/domain/legal-and-integrations.md §5) give only two scoring rules this system can apply:
 * the on-time rate is worth up to 20 points, the satisfaction rate up to 6 points. Everything else
 * is stated as not computable rather than guessed.
 */
export function score766(values: readonly IndicatorValue[]): IndexGroupScore[] {
  const v = (id: IndicatorId) => values.find((x) => x.id === id)?.value ?? null;
  const proportional = (max: number, rate: number | null) =>
    rate === null ? null : Math.round(max * rate * 100) / 100;
  return [
    {
      id: 'cong-khai-minh-bach',
      nameVi: 'Công khai, minh bạch',
      maxPoints: null,
      points: null,
      ruleVi:
        'Không tính được: chấm việc công bố, công khai thủ tục hành chính đúng hạn (ví dụ 4 điểm cho công bố kịp thời), dữ liệu này không nằm trong lịch sử hồ sơ.',
      related: [],
    },
    {
      id: 'tien-do-giai-quyet',
      nameVi: 'Tiến độ, kết quả giải quyết',
      maxPoints: 20,
      points: proportional(20, v('onTimeRate')),
      ruleVi: `Tỷ lệ giải quyết đúng hạn, tối đa 20 điểm. ${ASSUMED_PROPORTIONAL}`,
      related: ['onTimeRate', 'completed', 'late', 'overdue', 'avgProcessingDays'],
    },
    {
      id: 'dich-vu-cong-truc-tuyen',
      nameVi: 'Dịch vụ công trực tuyến',
      maxPoints: null,
      points: null,
      ruleVi:
        'Không tính điểm: quy tắc chấm của nhóm không có trong tài liệu công khai; các tỷ lệ liên quan được tính và hiển thị.',
      related: ['toanTrinhOnlineRate', 'motPhanOnlineRate', 'onlineSubmissionRate', 'onlineOnTimeRate'],
    },
    {
      id: 'thanh-toan-truc-tuyen',
      nameVi: 'Thanh toán trực tuyến',
      maxPoints: null,
      points: null,
      ruleVi:
        'Không tính điểm: quy tắc chấm của nhóm không có trong tài liệu công khai; tỷ lệ hồ sơ thanh toán trực tuyến được tính và hiển thị.',
      related: ['withFee', 'paidOnlineRate'],
    },
    {
      id: 'muc-do-hai-long',
      nameVi: 'Mức độ hài lòng',
      maxPoints: 6,
      points: proportional(6, v('satisfactionRate')),
      ruleVi: `Chỉ tiêu tỷ lệ hài lòng, tối đa 6 điểm (phần còn lại của nhóm không tính được). ${ASSUMED_PROPORTIONAL}`,
      related: ['satisfactionRate'],
    },
    {
      id: 'so-hoa-ho-so',
      nameVi: 'Số hoá hồ sơ',
      maxPoints: null,
      points: null,
      ruleVi:
        'Không tính điểm: quy tắc chấm của nhóm không có trong tài liệu công khai; tỷ lệ hồ sơ được số hoá được tính và hiển thị.',
      related: ['digitisedRate'],
    },
  ];
}
