import type { IndicatorStore } from '@motcua/db/portal';
import type { ProcedureDescriptionEntry } from '@motcua/processes';
import { computeIndicators, INDICATOR_BY_ID, type IndicatorId } from '../reports/indicator-definitions.js';
import type { ReportDimensions } from '../reports/report-dimensions.js';
import { monthPeriod } from '../reports/report-period.js';
import { OPEN_DATA_LICENCE } from './open-data-schemas.js';

export interface OpenCatalogueRow {
  id: string;
  maThuTuc: string | null;
  tenThuTuc: string;
  linhVuc: string;
  maDonVi: string | null;
  tenDonVi: string;
  capThucHien: 'central' | 'provincial' | null;
  mucDoTrucTuyen: 'toan-trinh' | 'mot-phan' | null;
  kenhThucHien: ('in-person' | 'online' | 'post')[];
  thoiHanNgayLamViec: number | null;
  phiLePhi: string | null;
  nopTrucTuyenTaiCong: boolean;
}

export interface OpenStatisticsRow {
  maThuTuc: string;
  tenThuTuc: string;
  maDonVi: string;
  tenDonVi: string;
  tiepNhan: number;
  daGiaiQuyet: number;
  dungHan: number;
  quaHan: number;
  dangGiaiQuyet: number;
  quaHanChuaGiaiQuyet: number;
  tuChoiTiepNhan: number;
  tiepNhanTrucTuyen: number;
  tyLeDungHan: number | null;
  thoiGianGiaiQuyetTrungBinh: number | null;
  tyLeNopTrucTuyen: number | null;
  tyLeSoHoa: number | null;
  tyLeHaiLong: number | null;
}

/** Each statistics field and the indicator it publishes. */
const STATISTICS_FIELDS: [keyof OpenStatisticsRow, IndicatorId][] = [
  ['tiepNhan', 'received'],
  ['daGiaiQuyet', 'completed'],
  ['dungHan', 'onTime'],
  ['quaHan', 'late'],
  ['dangGiaiQuyet', 'inProgress'],
  ['quaHanChuaGiaiQuyet', 'overdue'],
  ['tuChoiTiepNhan', 'notAccepted'],
  ['tyLeDungHan', 'onTimeRate'],
  ['thoiGianGiaiQuyetTrungBinh', 'avgProcessingDays'],
  ['tyLeNopTrucTuyen', 'onlineSubmissionRate'],
  ['tyLeSoHoa', 'digitisedRate'],
  ['tyLeHaiLong', 'satisfactionRate'],
];

/** Header labels of the CSV files (Vietnamese), in column order. */
export const CATALOGUE_CSV_HEADERS: [keyof OpenCatalogueRow, string][] = [
  ['id', 'Mã trong danh mục'],
  ['maThuTuc', 'Mã thủ tục'],
  ['tenThuTuc', 'Tên thủ tục'],
  ['linhVuc', 'Lĩnh vực'],
  ['maDonVi', 'Mã đơn vị'],
  ['tenDonVi', 'Tên đơn vị'],
  ['capThucHien', 'Cấp thực hiện'],
  ['mucDoTrucTuyen', 'Mức độ trực tuyến'],
  ['kenhThucHien', 'Kênh thực hiện'],
  ['thoiHanNgayLamViec', 'Thời hạn (ngày làm việc)'],
  ['phiLePhi', 'Phí, lệ phí'],
  ['nopTrucTuyenTaiCong', 'Nộp trực tuyến tại cổng'],
];

export const STATISTICS_CSV_HEADERS: [keyof OpenStatisticsRow, string][] = [
  ['maThuTuc', 'Mã thủ tục'],
  ['tenThuTuc', 'Tên thủ tục'],
  ['maDonVi', 'Mã đơn vị'],
  ['tenDonVi', 'Tên đơn vị'],
  ...STATISTICS_FIELDS.map(([f, id]): [keyof OpenStatisticsRow, string] => [
    f,
    INDICATOR_BY_ID.get(id)!.labelVi,
  ]),
  ['tiepNhanTrucTuyen', 'Hồ sơ tiếp nhận trực tuyến'],
];

/**
 * The open data: the procedure catalogue and the monthly figures per procedure (and so per unit),
 * counts and rates only — no dossier, applicant or officer appears. The figures are the report's
 * (the same SQL aggregation), so they match `/quan-tri/bao-cao` for the month.
 */
export class OpenDataService {
  constructor(
    private readonly deps: {
      indicators: IndicatorStore;
      dimensions: ReportDimensions;
      descriptions: ProcedureDescriptionEntry[];
      /** Description id → the process key served here. */
      servedKeys: ReadonlyMap<string, string>;
      clock?: () => Date;
    },
  ) {}

  catalogue() {
    const thuTuc: OpenCatalogueRow[] = this.deps.descriptions.map(({ description: d }) => ({
      id: d.id,
      maThuTuc: d.code,
      tenThuTuc: d.name.vi,
      linhVuc: d.field.vi,
      maDonVi: d.unit.code,
      // A procedure whose unit no source names (issue 16): said so, never invented.
      tenDonVi: d.unit.nameVi ?? 'Chưa rõ',
      capThucHien: d.tier,
      mucDoTrucTuyen: d.onlineLevel.kind,
      kenhThucHien: d.channels,
      thoiHanNgayLamViec: d.processingTime?.totalWorkingDays ?? null,
      phiLePhi: d.fees?.kind ?? null,
      nopTrucTuyenTaiCong: this.deps.servedKeys.has(d.id),
    }));
    return { giayPhep: OPEN_DATA_LICENCE, soThuTuc: thuTuc.length, thuTuc };
  }

  async statistics(month: string) {
    const dims = this.deps.dimensions;
    const cells = await this.deps.indicators.cells({
      periods: [monthPeriod(month)],
      scope: { procedureKeys: dims.procedures.map((p) => p.key) },
      now: (this.deps.clock ?? (() => new Date()))(),
    });
    const dong = dims.procedures.map((p): OpenStatisticsRow => {
      const values = computeIndicators(
        cells.filter((c) => c.procedureKey === p.key),
        dims,
      );
      const v = (id: IndicatorId) => values.find((x) => x.id === id)?.value ?? null;
      const row: Record<string, unknown> = {
        maThuTuc: p.code,
        tenThuTuc: p.nameVi,
        maDonVi: p.unitCode,
        tenDonVi: dims.units.get(p.unitCode) ?? p.unitVi,
      };
      for (const [field, id] of STATISTICS_FIELDS) {
        const value = v(id);
        // Rates and averages rounded to 4 decimals so the file (and its ETag) is stable.
        row[field] =
          value === null
            ? INDICATOR_BY_ID.get(id)!.kind === 'count'
              ? 0
              : null
            : Math.round(value * 1e4) / 1e4;
      }
      row.tiepNhanTrucTuyen = cells
        .filter((c) => c.procedureKey === p.key && c.channel === 2)
        .reduce((n, c) => n + c.counts.received, 0);
      return row as unknown as OpenStatisticsRow;
    });
    const cachTinh = Object.fromEntries([
      ...STATISTICS_FIELDS.map(([f, id]) => [f, INDICATOR_BY_ID.get(id)!.helpVi]),
      ['tiepNhanTrucTuyen', 'Số hồ sơ tiếp nhận trong tháng qua kênh trực tuyến (kênh 2).'],
    ]);
    return { giayPhep: OPEN_DATA_LICENCE, thang: month, cachTinh, dong };
  }
}
