/**
 * The JSON Schemas (draft 2020-12) of the open-data files, served at
 * `/du-lieu-mo/thu-tuc.schema.json` and `/du-lieu-mo/thong-ke.schema.json` and checked by the
 * tests (ajv). Field names are Vietnamese without diacritics; no field holds personal data.
 */
export const OPEN_DATA_LICENCE = {
  name: 'CC BY 4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/deed.vi',
  textVi:
    'Dữ liệu mở của Cổng dịch vụ công Bộ Khoa học và Công nghệ, cấp phép theo Creative Commons Ghi công 4.0 (CC BY 4.0): được tự do sử dụng, chia sẻ, chỉnh sửa, kể cả vì mục đích thương mại, với điều kiện ghi rõ nguồn.',
} as const;

const licence = {
  type: 'object',
  required: ['name', 'url', 'textVi'],
  additionalProperties: false,
  properties: { name: { type: 'string' }, url: { type: 'string' }, textVi: { type: 'string' } },
};

const nullableString = { type: ['string', 'null'] };
const nullableRate = { type: ['number', 'null'], minimum: 0, maximum: 1 };
const count = { type: 'integer', minimum: 0 };

export const CATALOGUE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: '/du-lieu-mo/thu-tuc.schema.json',
  title: 'Danh mục thủ tục hành chính (dữ liệu mở)',
  type: 'object',
  required: ['giayPhep', 'soThuTuc', 'thuTuc'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    giayPhep: licence,
    soThuTuc: count,
    thuTuc: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'maThuTuc',
          'tenThuTuc',
          'linhVuc',
          'maDonVi',
          'tenDonVi',
          'capThucHien',
          'mucDoTrucTuyen',
          'kenhThucHien',
          'thoiHanNgayLamViec',
          'phiLePhi',
          'nopTrucTuyenTaiCong',
        ],
        properties: {
          id: { type: 'string', description: 'Mã trong danh mục của hệ thống (mã TTHC hoặc tên rút gọn).' },
          maThuTuc: { ...nullableString, description: 'Mã thủ tục hành chính quốc gia; null khi chưa rõ.' },
          tenThuTuc: { type: 'string' },
          linhVuc: { type: 'string' },
          maDonVi: nullableString,
          tenDonVi: { type: 'string' },
          capThucHien: { enum: ['central', 'provincial', null] },
          mucDoTrucTuyen: { enum: ['toan-trinh', 'mot-phan', null] },
          kenhThucHien: { type: 'array', items: { enum: ['in-person', 'online', 'post'] } },
          thoiHanNgayLamViec: { type: ['integer', 'null'], minimum: 0 },
          phiLePhi: { enum: ['none', 'fixed', 'tiered', 'other', null] },
          nopTrucTuyenTaiCong: { type: 'boolean', description: 'Nộp được trực tuyến trên cổng này.' },
        },
      },
    },
  },
} as const;

export const STATISTICS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: '/du-lieu-mo/thong-ke.schema.json',
  title: 'Thống kê giải quyết thủ tục hành chính theo tháng, thủ tục và đơn vị (dữ liệu mở)',
  type: 'object',
  required: ['giayPhep', 'thang', 'cachTinh', 'dong'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    giayPhep: licence,
    thang: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
    cachTinh: {
      type: 'object',
      description: 'Cách tính của từng trường số liệu.',
      additionalProperties: { type: 'string' },
    },
    dong: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'maThuTuc',
          'tenThuTuc',
          'maDonVi',
          'tenDonVi',
          'tiepNhan',
          'daGiaiQuyet',
          'dungHan',
          'quaHan',
          'dangGiaiQuyet',
          'quaHanChuaGiaiQuyet',
          'tuChoiTiepNhan',
          'tiepNhanTrucTuyen',
          'tyLeDungHan',
          'thoiGianGiaiQuyetTrungBinh',
          'tyLeNopTrucTuyen',
          'tyLeSoHoa',
          'tyLeHaiLong',
        ],
        properties: {
          maThuTuc: { type: 'string' },
          tenThuTuc: { type: 'string' },
          maDonVi: { type: 'string' },
          tenDonVi: { type: 'string' },
          tiepNhan: count,
          daGiaiQuyet: count,
          dungHan: count,
          quaHan: count,
          dangGiaiQuyet: count,
          quaHanChuaGiaiQuyet: count,
          tuChoiTiepNhan: count,
          tiepNhanTrucTuyen: count,
          tyLeDungHan: nullableRate,
          thoiGianGiaiQuyetTrungBinh: { type: ['number', 'null'], minimum: 0 },
          tyLeNopTrucTuyen: nullableRate,
          tyLeSoHoa: nullableRate,
          tyLeHaiLong: nullableRate,
        },
      },
    },
  },
} as const;
