import type { CatalogueEntry } from './catalogue.js';
import { cleanFact } from '@motcua/processes';

/** A national procedure code (mã TTHC) as the national database prints it: `1.009846`. */
const NATIONAL_CODE = /^\d\.\d{6}$/;

/**
 * What a citizen reads about a procedure before applying, from the catalogue only: every fact is
 * the catalogue's (placeholders removed) or null = unknown, shown as "Chưa có thông tin". Never
 * the internal key or the catalogue's file id.
 */
export interface ProcedureFacts {
  key: string;
  /** The national code, or null when the procedure has none yet. */
  nationalCode: string | null;
  nameVi: string;
  nameEn: string | null;
  fieldVi: string | null;
  agencyVi: string | null;
  /** "Cấp Bộ" / "Cấp tỉnh". */
  levelVi: string | null;
  /** "Toàn trình" / "Một phần", or null. */
  onlineVi: string | null;
  /** The old four-level classification, when that is all the catalogue knows. */
  legacyLevel: number | null;
  /** "15 ngày làm việc", or the law's words for calendar days / months. */
  processingTimeVi: string | null;
  fees: Array<{ nameVi: string; amountVi: string }> | null;
  /** A fee decided by a table, or tiers whose choice is unknown. */
  feeNoteVi: string | null;
  documents: Array<{ nameVi: string; mandatoryVi: string | null; copies: number | null }> | null;
  legalBasis: Array<{ code: string; nameVi: string; url: string | null }> | null;
  /** The catalogue has no conditions field yet: always null (unknown) until it does. */
  conditionsVi: string | null;
  resultVi: string | null;
  /** Who issues the result (the competent agency). */
  resultFromVi: string | null;
  channelsVi: string[] | null;
}

const CHANNEL_VI: Record<string, string> = {
  'in-person': 'Trực tiếp',
  online: 'Trực tuyến',
  post: 'Bưu chính công ích',
};

export function formatVnd(amount: number): string {
  return `${amount.toLocaleString('vi-VN').replace(/,/g, '.')} đồng`;
}

function fees(e: CatalogueEntry): Pick<ProcedureFacts, 'fees' | 'feeNoteVi'> {
  const f = e.metadata.fees;
  if (!f) return { fees: null, feeNoteVi: null };
  switch (f.kind) {
    case 'none':
      return { fees: [], feeNoteVi: 'Không thu phí, lệ phí' };
    case 'fixed':
      return {
        fees: [{ nameVi: cleanFact(f.nameVi) ?? 'Phí, lệ phí', amountVi: formatVnd(f.amountVnd) }],
        feeNoteVi: null,
      };
    case 'tiered':
      return {
        fees: f.tiers.map((t) => ({
          nameVi: cleanFact(t.nameVi) ?? 'Mức thu',
          amountVi: formatVnd(t.amountVnd),
        })),
        feeNoteVi:
          'Mức áp dụng tùy trường hợp; cơ quan giải quyết thông báo mức phải nộp khi kiểm tra hồ sơ.',
      };
    case 'dmn':
      return { fees: null, feeNoteVi: 'Mức thu do cơ quan giải quyết xác định theo biểu phí.' };
  }
}

function processingTime(e: CatalogueEntry): string | null {
  if (e.processingDays > 0) return `${e.processingDays} ngày làm việc`;
  const parts = e.metadata.processingTime?.parts ?? [];
  const words = parts.map((p) => cleanFact(p.descriptionVi)).filter((x): x is string => Boolean(x));
  return words.length ? words.join(' ') : null;
}

export function procedureFacts(e: CatalogueEntry): ProcedureFacts {
  const m = e.metadata;
  const code = m.code ?? null;
  const agency = cleanFact(m.unit?.nameVi ?? e.agencyVi);
  const docs = m.requiredDocuments ?? [];
  const unknownDocs = m.unknown.some((u) => u.fact === 'requiredDocuments');
  const legal = m.legalBasis ?? [];
  return {
    key: e.key,
    nationalCode: code && NATIONAL_CODE.test(code) ? code : null,
    nameVi: cleanFact(e.nameVi) ?? e.nameVi,
    nameEn: cleanFact(e.nameEn),
    fieldVi: cleanFact(m.field?.vi),
    agencyVi: agency,
    levelVi: m.tier === 'central' ? 'Cấp Bộ' : m.tier === 'provincial' ? 'Cấp tỉnh' : null,
    onlineVi:
      m.onlineLevel?.kind === 'toan-trinh'
        ? 'Toàn trình'
        : m.onlineLevel?.kind === 'mot-phan'
          ? 'Một phần'
          : null,
    legacyLevel: m.onlineLevel?.legacyLevel ?? null,
    processingTimeVi: processingTime(e),
    ...fees(e),
    documents:
      docs.length === 0 && unknownDocs
        ? null
        : docs
            .map((d) => ({
              nameVi: cleanFact(d.nameVi),
              mandatoryVi:
                d.mandatory === true ? 'Bắt buộc' : d.mandatory === false ? 'Không bắt buộc' : null,
              copies: d.copies ?? null,
            }))
            .filter((d): d is { nameVi: string; mandatoryVi: string | null; copies: number | null } =>
              Boolean(d.nameVi),
            ),
    legalBasis: legal.length
      ? legal
          .map((l) => ({ code: l.code, nameVi: cleanFact(l.nameVi) ?? '', url: l.url ?? null }))
          .filter((l) => l.nameVi || l.code)
      : null,
    conditionsVi: null,
    resultVi: cleanFact(m.result?.nameVi),
    resultFromVi: agency,
    channelsVi: m.channels.length ? m.channels.map((c) => CHANNEL_VI[c] ?? c) : null,
  };
}
