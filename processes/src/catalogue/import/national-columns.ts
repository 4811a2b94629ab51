/**
 * The columns of a procedure list exported from the national procedure database (CSDL quốc gia về
 * TTHC) or a ministry's copy of it, matched by header text without diacritics or case. The labels
 * are the field names the national portal prints on a procedure page; the English names of
 * most-procedures.csv are accepted too. A new export layout is supported by adding its header here.
 */
export const NATIONAL_COLUMNS = {
  code: ['ma thu tuc', 'ma tthc', 'ma so thu tuc', 'ma thu tuc hanh chinh', 'code'],
  name: ['ten thu tuc', 'ten tthc', 'ten thu tuc hanh chinh', 'name_vi', 'name'],
  field: ['linh vuc', 'field'],
  unit: ['co quan thuc hien', 'co quan giai quyet', 'don vi thuc hien', 'co quan co tham quyen', 'unit'],
  tier: ['cap thuc hien', 'admin_level'],
  level: ['muc do', 'muc do dvc', 'muc do dich vu cong', 'dvc truc tuyen', 'loai dich vu cong', 'level'],
  processingTime: ['thoi han giai quyet', 'thoi gian giai quyet', 'processing_vi'],
  /** The compact time of the domain CSVs (`5wd+10wd`, `30d`, `1mo`): read only as that notation. */
  processingDays: ['processing_days'],
  fees: ['phi, le phi', 'phi le phi', 'le phi', 'phi', 'fee_detail'],
  /** The domain CSVs' amounts in VND (`0`, `200000`, `2000000|3000000`). */
  feeVnd: ['fee_vnd'],
  channels: ['cach thuc thuc hien', 'hinh thuc nop', 'channels'],
  documents: ['thanh phan ho so', 'thanh phan, so luong ho so', 'ho so', 'documents'],
  result: ['ket qua thuc hien', 'ket qua'],
  legalBasis: ['can cu phap ly', 'legal_basis'],
  decision: ['so quyet dinh', 'quyet dinh cong bo'],
  /** Whether the version is in force ("Còn hiệu lực", "phiên bản cũ …"). */
  status: ['tinh trang', 'tinh trang hieu luc', 'hieu luc', 'status_note'],
  /** `new`, or `enriches existing row '<name>' (…)`: the row adds facts to a catalogue procedure. */
  relation: ['relation'],
  notes: ['ghi chu', 'notes'],
  source: ['duong dan', 'link', 'url', 'source'],
} as const;

export type NationalColumn = keyof typeof NATIONAL_COLUMNS;

/** Lower case, no diacritics, single spaces: "Phí, lệ phí " → "phi, le phi". */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Column index per known column of a header row; unknown headers are ignored. */
export function matchColumns(header: string[]): Partial<Record<NationalColumn, number>> {
  const found: Partial<Record<NationalColumn, number>> = {};
  header.forEach((cell, index) => {
    const h = normaliseHeader(cell);
    for (const [column, aliases] of Object.entries(NATIONAL_COLUMNS) as [NationalColumn, readonly string[]][])
      if (found[column] === undefined && aliases.includes(h)) found[column] = index;
  });
  return found;
}
