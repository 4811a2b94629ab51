import type { ProcedureDescription } from '../catalogue/procedure-description.js';
import { legalClockOf, type LegalClock } from '../deadlines/legal-clock.js';

/**
 * What the generator fills in when a description leaves a fact empty — only where the law fixes it
 * for every procedure — and what it flags. The dossier life (receive → completeness check →
 * appraisal → leader decision → result return, with supplements, refusal, withdrawal, stop and late
 * handling) is the same for every procedure under Decree 118/2025/NĐ-CP and Decree 45/2020/NĐ-CP,
 * so a description without sourced steps gets that standard life; it is flagged
 * (`stepsFromStandardDossierLife`), never written back into the description as if it were sourced.
 * Facts the law does not fix (processing time, fee) stay unknown: no due date, no payment step.
 */

type Step = ProcedureDescription['steps'][number];
type Field = ProcedureDescription['applicationForm']['fields'][number];

/**
 * The documented default candidate groups (the demo accounts' groups, docs/skeleton-contract.md):
 * the one-stop desk receives and checks, a specialist appraises, the unit leader decides.
 */
export const DEFAULT_CANDIDATE_GROUPS = {
  completenessCheck: 'mot-cua',
  appraisal: 'chuyen-vien',
  leaderApproval: 'lanh-dao',
} as const;

/** The standard dossier life's steps (Decree 118/2025/NĐ-CP), with the default candidate groups. */
export const STANDARD_DOSSIER_LIFE_STEPS: readonly Step[] = [
  { kind: 'receive', nameVi: 'Tiếp nhận hồ sơ', optional: false },
  {
    kind: 'completeness-check',
    nameVi: 'Kiểm tra tính đầy đủ, hợp lệ của hồ sơ',
    candidateGroup: DEFAULT_CANDIDATE_GROUPS.completenessCheck,
    optional: false,
  },
  {
    kind: 'appraisal',
    nameVi: 'Thẩm định hồ sơ',
    candidateGroup: DEFAULT_CANDIDATE_GROUPS.appraisal,
    optional: false,
  },
  {
    kind: 'leader-approval',
    nameVi: 'Lãnh đạo xem xét, quyết định',
    candidateGroup: DEFAULT_CANDIDATE_GROUPS.leaderApproval,
    optional: false,
  },
  { kind: 'result-return', nameVi: 'Trả kết quả giải quyết thủ tục hành chính', optional: false },
];

/**
 * The applicant's identity as form 01 (receipt and appointment slip) records it: name, personal
 * identification number, address, phone, e-mail. Keys and patterns are those of the hand-modelled
 * skeleton form, so the portal and the receipt worker read the same variables everywhere.
 */
export const STANDARD_APPLICANT_FIELDS: readonly Field[] = [
  { key: 'fullName', labelVi: 'Họ và tên', type: 'text', required: true },
  {
    key: 'citizenId',
    labelVi: 'Số định danh cá nhân (CCCD)',
    type: 'text',
    required: true,
    pattern: '^\\d{12}$',
  },
  { key: 'address', labelVi: 'Địa chỉ', type: 'text', required: true },
  // A Vietnamese number as the skeleton form takes it (form-js's "phone" wants the +84 form only).
  { key: 'phone', labelVi: 'Số điện thoại', type: 'text', required: true, pattern: '^(0|\\+84)\\d{9,10}$' },
  { key: 'email', labelVi: 'Thư điện tử', type: 'email', required: true },
];

/** How the generator treats one description: what it filled in from the law, what it could not. */
export interface GenerationFacts {
  /** The steps are the standard dossier life, not the procedure's own (none are sourced). */
  stepsFromStandardDossierLife: boolean;
  /** The application form is form 01's identity fields only (no field is sourced). */
  standardApplicationForm: boolean;
  /**
   * The legal processing time in working days when every part counts working days (the receipt's
   * provisional appointment); null otherwise. `legalClock` is what the due dates follow.
   */
  legalWorkingDays: number | null;
  /**
   * The legal clock (parts in working days, calendar days or months; when the main part starts);
   * null = no due date can be computed (time unknown, "ngày" of unknown kind, a part not modelled).
   */
  legalClock: LegalClock | null;
  /**
   * `ServiceTask_StartMainClock` (`dossier.start-main-clock`) is generated: the legal clock is
   * known and its main part starts later than the receipt (split time) or a fee is paid first.
   */
  mainClockStep: boolean;
  /** The completeness check's own time in working days; null = not known (no own clock). */
  completenessCheckWorkingDays: number | null;
  /** A payment wait (national status 6) is modelled: the fee is known and not zero. */
  paymentStep: boolean;
  /** False when a fact a published procedure needs is unknown (see `flags`). */
  publishable: boolean;
  /** Readable reasons, in English, for the catalogue's reviewers. */
  flags: string[];
}

/** The legal time in working days, when every part of it counts working days. */
function legalWorkingDays(d: ProcedureDescription): number | null {
  return d.processingTime?.totalWorkingDays ?? null;
}

function completenessCheckWorkingDays(d: ProcedureDescription): number | null {
  const c = d.processingTime?.completenessCheck;
  return c && c.unit === 'working-days' ? c.amount : null;
}

export function generationFacts(d: ProcedureDescription): GenerationFacts {
  const flags: string[] = [];
  const stepsFromStandardDossierLife = d.steps.length === 0;
  if (stepsFromStandardDossierLife)
    flags.push(
      'steps: none sourced — the standard dossier life of Decree 118/2025/NĐ-CP is used, with the default candidate groups (mot-cua, chuyen-vien, lanh-dao)',
    );
  const standardApplicationForm = d.applicationForm.fields.length === 0;
  if (standardApplicationForm)
    flags.push(
      "application form: no field sourced — only form 01's applicant identity fields (name, ID number, address, phone, e-mail)",
    );
  const days = legalWorkingDays(d);
  const reading = legalClockOf(d.processingTime);
  const status = d.status?.kind ?? 'current';
  const publishable = reading.clock !== null && status === 'current' && d.unit.nameVi !== null;
  if (reading.clock === null) flags.push(`cannot be published: ${reading.reason} — no due date is computed`);
  if (status !== 'current')
    flags.push(
      `cannot be published: ${status === 'superseded' ? 'a superseded version, kept for history' : 'a source doubts it is still in force (to verify)'}`,
    );
  if (d.unit.nameVi === null) flags.push('cannot be published: the competent unit is unknown');
  const check = completenessCheckWorkingDays(d);
  if (!reading.clock?.check && check === null)
    flags.push(
      'completeness-check time: not given in working days, calendar days or months, and no default from the decree is recorded — the check has no clock of its own',
    );
  const paymentStep = d.fees !== null && d.fees.kind !== 'none';
  if (d.fees === null) flags.push('fee unknown: no payment step');
  const mainClockStep =
    reading.clock !== null && (reading.clock.mainStartsAt === 'valid-and-paid' || paymentStep);
  return {
    stepsFromStandardDossierLife,
    standardApplicationForm,
    legalWorkingDays: days,
    legalClock: reading.clock,
    mainClockStep,
    completenessCheckWorkingDays: check,
    paymentStep,
    publishable,
    flags,
  };
}

/**
 * The description the generator works from: the procedure's own steps and form fields, or the
 * standard ones when none are sourced. The catalogue file itself is never changed.
 */
export function withStandardDossierLife(d: ProcedureDescription): ProcedureDescription {
  return {
    ...d,
    steps: d.steps.length ? d.steps : STANDARD_DOSSIER_LIFE_STEPS.map((s) => ({ ...s })),
    applicationForm: d.applicationForm.fields.length
      ? d.applicationForm
      : { ...d.applicationForm, fields: STANDARD_APPLICANT_FIELDS.map((f) => ({ ...f })) },
  };
}
