import { DOSSIER_STATUSES, type DossierStatusCode } from '@motcua/domain';
import type { HistoricActivityInstance } from '../engine/engine-client.js';

/**
 * The dossier's national status, derived from what the engine says (docs/skeleton-contract.md):
 * an ended refusal-of-receipt end event → 3; an ended result/refusal end event → 10;
 * the leader decided and the result is being signed or returned → 9; an active appraisal/approval
 * → 4; the check passed and the main clock is starting → 2; otherwise, while the dossier is being
 * received or checked for completeness → 1.
 */
const NOT_ACCEPTED_ENDS = new Set(['EndEvent_NotAccepted', 'EndEvent_Rejected']);
/** Generated processes (docs/skeleton-contract.md): the waits and ends of the dossier life. */
const SUPPLEMENT_WAIT = 'IntermediateCatchEvent_DossierSupplemented';
const PAYMENT_WAIT = 'ReceiveTask_AwaitPayment';
const AGENCY_WAIT = 'ReceiveTask_AwaitAgencyReply';
const WITHDRAWN_END = 'EndEvent_Withdrawn';
const STOPPED_END = 'EndEvent_Stopped';
const RESULT_ENDS = new Set(['EndEvent_ResultReturned', 'EndEvent_Refused']);
/** Every end event of the dossier life. */
const DOSSIER_ENDS = new Set([...NOT_ACCEPTED_ENDS, WITHDRAWN_END, STOPPED_END, ...RESULT_ENDS]);
const IN_PROCESS = new Set([
  'UserTask_AppraiseDossier',
  'UserTask_ApproveDossier',
  // generated processes: the steps between appraisal and result
  'UserTask_ExpertCouncil',
  'UserTask_SiteInspection',
  'UserTask_Consultation',
  'ServiceTask_NotifyStop',
]);
/** The leader decided: the result (or refusal) is being signed, issued and returned → 9. */
const PROCESSED = new Set([
  'ServiceTask_SignResult',
  'ServiceTask_ReturnResult',
  'ServiceTask_ReturnRefusal',
]);
/** The leader's decision step: once it ended, the dossier is decided. */
const APPROVAL_STEP = 'UserTask_ApproveDossier';
/** The check passed and the main clock starts (before the appraisal) → 2. */
const ACCEPTED = new Set(['ServiceTask_StartMainClock']);

export interface DossierProgressFacts {
  activities: Array<
    Pick<HistoricActivityInstance, 'activityId' | 'endTime' | 'canceled'> &
      Partial<Pick<HistoricActivityInstance, 'activityName' | 'activityType' | 'startTime'>>
  >;
  variables: Record<string, unknown>;
}

export interface DossierProgress {
  statusCode: DossierStatusCode;
  statusVi: string;
  statusEn: string;
  dossierCode: string | null;
  /** Ngày hẹn trả, `YYYY-MM-DD`. */
  appointmentDate: string | null;
  /** When the receipt worker received the dossier (ISO), for form 01. */
  receivedAt: string | null;
  outcome: 'approved' | 'refused' | null;
  resultNumber: string | null;
  rejectionReason: string | null;
  /** Element ids of the activities still running, for officers. */
  activeActivityIds: string[];
  /** Waiting for the applicant to supplement the dossier (form 02): the portal offers the form. */
  awaitingSupplement: boolean;
  /** Waiting for another agency's answer (no national status of its own: 4). */
  awaitingOtherAgency: boolean;
  /** The desk's reasons for a supplement request or a refusal (form 02 / 03). */
  completenessNote: string | null;
  /** Past the appointment date (`late` set by the process and the apology worker). */
  late: boolean;
  /** The new appointment date of the apology letter (form 04), `YYYY-MM-DD`. */
  newAppointmentDate: string | null;
  /** Ended: withdrawn, stopped, refused or returned; nothing more can be asked of the process. */
  ended: boolean;
  /**
   * When the dossier's life ended (the end event's time, ISO), or null while it runs: the date of
   * the closing letter (form 03, the refusal) when the dossier's own history has not recorded the
   * end yet (its follower runs apart from the engine).
   */
  endedAt: string | null;
  /**
   * The leader has decided (the approval step ended, or the result or refusal is being issued):
   * from then on the dossier can no longer be withdrawn (Decree 118/2025/NĐ-CP: withdrawal is
   * possible while the dossier is being processed, before the result).
   */
  decided: boolean;
  /** The leader's opinion; for a refusal, the reason the applicant is given. */
  decisionNote: string | null;
  /** The legal due date now: the apology letter's new date, else the appointment date (`YYYY-MM-DD`). */
  dueDate: string | null;
  /** The named steps so far (tasks, events; not gateways), oldest first: the dossier's timeline. */
  steps: Array<{ name: string; startTime: string | null; endTime: string | null }>;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

export function deriveDossierProgress(facts: DossierProgressFacts): DossierProgress {
  const ended = new Set(facts.activities.filter((a) => a.endTime && !a.canceled).map((a) => a.activityId));
  const active = facts.activities.filter((a) => !a.endTime).map((a) => a.activityId);

  let statusCode: DossierStatusCode = 1;
  if ([...NOT_ACCEPTED_ENDS].some((id) => ended.has(id))) statusCode = 3;
  else if (ended.has(WITHDRAWN_END)) statusCode = 7;
  else if (ended.has(STOPPED_END)) statusCode = 8;
  else if ([...RESULT_ENDS].some((id) => ended.has(id))) statusCode = 10;
  else if (active.includes(SUPPLEMENT_WAIT)) statusCode = 5;
  else if (active.includes(PAYMENT_WAIT)) statusCode = 6;
  else if (active.some((id) => PROCESSED.has(id))) statusCode = 9;
  else if (active.some((id) => IN_PROCESS.has(id) || id === AGENCY_WAIT)) statusCode = 4;
  else if (active.some((id) => ACCEPTED.has(id))) statusCode = 2;

  const outcomeRaw = str(facts.variables.outcome);
  const decided =
    ended.has(APPROVAL_STEP) ||
    active.some((id) => PROCESSED.has(id)) ||
    statusCode === 10 ||
    statusCode === 8 ||
    outcomeRaw !== null;
  const appointmentDate = str(facts.variables.appointmentDate);
  const newAppointmentDate = str(facts.variables.newAppointmentDate);
  const status = DOSSIER_STATUSES[statusCode];
  return {
    statusCode,
    statusVi: status.vi,
    statusEn: status.en,
    dossierCode: str(facts.variables.dossierCode),
    appointmentDate,
    receivedAt:
      facts.variables.receivedAt instanceof Date
        ? facts.variables.receivedAt.toISOString()
        : str(facts.variables.receivedAt),
    outcome: outcomeRaw === 'approved' || outcomeRaw === 'refused' ? outcomeRaw : null,
    resultNumber: str(facts.variables.resultNumber),
    rejectionReason: str(facts.variables.rejectionReason),
    activeActivityIds: active,
    awaitingSupplement: active.includes(SUPPLEMENT_WAIT),
    awaitingOtherAgency: active.includes(AGENCY_WAIT),
    completenessNote: str(facts.variables.completenessNote),
    late: facts.variables.late === true,
    newAppointmentDate,
    ended: [3, 7, 8, 10].includes(statusCode),
    endedAt:
      facts.activities.find((a) => a.endTime && !a.canceled && DOSSIER_ENDS.has(a.activityId))?.endTime ??
      null,
    decided,
    decisionNote: str(facts.variables.decisionNote),
    dueDate: newAppointmentDate ?? appointmentDate,
    steps: facts.activities
      .filter((a) => a.activityName && !a.canceled && !/gateway/i.test(a.activityType ?? ''))
      .sort((a, b) => (a.startTime ?? '').localeCompare(b.startTime ?? ''))
      .map((a) => ({ name: a.activityName!, startTime: a.startTime ?? null, endTime: a.endTime })),
  };
}
