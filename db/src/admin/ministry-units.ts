/**
 * The ministry's units that handle procedures after the 2025 merger (Decree 55/2025/NĐ-CP; the
 * domain brief, legal-and-integrations.md §0), seeded into the `unit` table. The codes are ours
 * (the ministry's own identifiers are not public): `G13` is the prefix the catalogue already uses
 * in dossier codes (`G13.ATBXHN-…`), so a procedure's unit code and a unit row meet. An
 * administrator adds provincial departments (Sở KH&CN) and renames or retires units on the admin
 * pages; this list is only the starting point.
 */
export interface SeedUnit {
  code: string;
  nameVi: string;
  parentCode: string | null;
}

export const MINISTRY_ROOT_UNIT = 'G13';

export const MINISTRY_UNITS: readonly SeedUnit[] = [
  { code: 'G13', nameVi: 'Bộ Khoa học và Công nghệ', parentCode: null },
  { code: 'G13.ATBXHN', nameVi: 'Cục An toàn bức xạ và hạt nhân', parentCode: 'G13' },
  { code: 'G13.SHTT', nameVi: 'Cục Sở hữu trí tuệ', parentCode: 'G13' },
  { code: 'G13.TSVTD', nameVi: 'Cục Tần số vô tuyến điện', parentCode: 'G13' },
  { code: 'G13.VT', nameVi: 'Cục Viễn thông', parentCode: 'G13' },
  { code: 'G13.BDTW', nameVi: 'Cục Bưu điện Trung ương', parentCode: 'G13' },
  { code: 'G13.DMST', nameVi: 'Cục Đổi mới sáng tạo', parentCode: 'G13' },
  { code: 'G13.KNDNCN', nameVi: 'Cục Khởi nghiệp và Doanh nghiệp công nghệ', parentCode: 'G13' },
  { code: 'G13.TTTK', nameVi: 'Cục Thông tin, Thống kê', parentCode: 'G13' },
  { code: 'G13.DGTDCN', nameVi: 'Vụ Đánh giá và Thẩm định công nghệ', parentCode: 'G13' },
  { code: 'G13.TCDLCL', nameVi: 'Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia', parentCode: 'G13' },
];
