import type { ProcedureDescription, ProcedureFact } from '../procedure-description.js';
import { parseFees, parseOnlineLevel, parseProcessingTime } from './parse-facts.js';
import { slugifyVi } from './slug.js';

/** The columns of /shared/domain/most-procedures.csv. */
export interface MostProcedureRow {
  code: string;
  name_vi: string;
  field: string;
  unit: string;
  level: string;
  processing_days: string;
  fee_vnd: string;
  source: string;
}

// Our translations of the field names (not a legal fact: the Vietnamese name is the source's).
const FIELD_EN: Record<string, string> = {
  'Năng lượng nguyên tử, an toàn bức xạ và hạt nhân': 'Atomic energy, radiation and nuclear safety',
  'Hoạt động khoa học và công nghệ': 'Science and technology activities',
  'Chuyển giao công nghệ': 'Technology transfer',
  'Tiêu chuẩn, đo lường, chất lượng': 'Standards, metrology and quality',
  'Sở hữu trí tuệ': 'Intellectual property',
};

/** The file id of a description: the national code, else a slug of the name. */
export function descriptionId(code: string | null, nameVi: string): string {
  return code ?? slugifyVi(nameVi.replace(/^thủ tục\s+/i, ''));
}

/**
 * One row of most-procedures.csv as a catalogue description. Only what the row says is filled
 * in; everything else is listed in `unknown`. The result is a starting point that a reviewer
 * completes against the legal text (`review.status: 'generated'`).
 */
export function csvRowToDescription(row: MostProcedureRow): ProcedureDescription {
  const nameVi = row.name_vi.trim().normalize('NFC');
  const unitText = row.unit.trim().normalize('NFC');
  const fieldVi = row.field.trim().normalize('NFC');
  const code = row.code.trim() || null;
  const known: ProcedureFact[] = ['name', 'field', 'unit'];
  const unknown: ProcedureDescription['unknown'] = [];
  const flags: string[] = [];

  if (code) known.push('code');
  else
    unknown.push({ fact: 'code', note: 'Nguồn không ghi mã TTHC quốc gia; cần tra CSDL quốc gia về TTHC.' });

  // "(… mã địa phương 1.014445.H38)" in the unit cell is a provincial code of the same procedure.
  const localCodes = [...unitText.matchAll(/mã địa phương\s+([0-9A-Z.]+[0-9A-Z])/g)].map((m) => ({
    code: m[1]!,
  }));
  if (localCodes.length) known.push('localCodes');
  else unknown.push({ fact: 'localCodes', note: 'Không có mã địa phương trong nguồn.' });

  // "Sở Khoa học…", "UBND cấp tỉnh", "Chi cục…"; not "Cục Sở hữu trí tuệ".
  const provincial = /Sở Khoa học|UBND|cấp tỉnh|Chi cục/u.test(unitText);
  const onlineLevel = parseOnlineLevel(row.level);
  if (onlineLevel.kind || onlineLevel.legacyLevel) known.push('onlineLevel');
  else unknown.push({ fact: 'onlineLevel', note: 'Nguồn không ghi mức độ dịch vụ công trực tuyến.' });
  if (onlineLevel.legacyLevel)
    flags.push(
      `onlineLevel: nguồn ghi mức độ ${onlineLevel.legacyLevel} (trước Nghị định 42/2022); chưa rõ nay là toàn trình hay một phần.`,
    );

  const processingTime = parseProcessingTime(row.processing_days);
  if (processingTime) known.push('processingTime');
  else unknown.push({ fact: 'processingTime', note: 'Nguồn không ghi thời hạn giải quyết.' });
  if (processingTime?.parts.some((p) => p.unit === 'days'))
    flags.push(
      'processingTime: nguồn ghi "ngày" mà không nói ngày làm việc hay ngày lịch; cần đối chiếu văn bản.',
    );

  const fees = parseFees(row.fee_vnd);
  if (fees) known.push('fees');
  else unknown.push({ fact: 'fees', note: 'Nguồn không ghi phí, lệ phí.' });
  if (fees?.kind === 'tiered')
    flags.push('fees: các mức phí có trong nguồn nhưng chưa rõ mức nào áp dụng cho trường hợp nào.');

  const legalBasis = [...nameVi.matchAll(/Nghị định số\s+(\d+\/\d{4}\/NĐ-CP)/gu)].map((m) => ({
    code: m[1]!,
    nameVi: `Nghị định số ${m[1]}`,
  }));
  if (legalBasis.length) known.push('legalBasis');
  else unknown.push({ fact: 'legalBasis', note: 'Chưa có căn cứ pháp lý.' });

  unknown.push(
    { fact: 'channels', note: 'Chưa rõ cách thức thực hiện (trực tiếp, trực tuyến, bưu chính).' },
    { fact: 'requiredDocuments', note: 'Chưa có thành phần hồ sơ.' },
    { fact: 'applicationForm', note: 'Chưa có tờ khai/biểu mẫu điện tử.' },
    { fact: 'steps', note: 'Chưa có trình tự thực hiện từ văn bản.' },
    { fact: 'result', note: 'Chưa rõ kết quả thực hiện.' },
  );

  return {
    id: descriptionId(code, nameVi),
    code,
    localCodes,
    name: { vi: nameVi, en: null },
    field: { vi: fieldVi, en: FIELD_EN[fieldVi] ?? null },
    tier: provincial ? 'provincial' : 'central',
    unit: { nameVi: unitText, code: null, codeIsOfficial: false },
    channels: [],
    onlineLevel,
    processingTime,
    fees,
    requiredDocuments: [],
    applicationForm: { fields: [] },
    steps: [],
    result: null,
    legalBasis,
    sources: [
      {
        url: row.source.trim(),
        what: 'Trang được trích trong most-procedures.csv (bản tóm tắt miền, 11/2026); chưa đối chiếu văn bản gốc.',
        facts: known,
      },
    ],
    unknown,
    flags,
    review: { status: 'generated' },
  };
}
