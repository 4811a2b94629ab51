import { DOSSIER_STATUSES, type DossierStatusCode } from '@motcua/domain';
import type { HistoricActivityInstance } from '../engine/engine-client.js';

/**
 * The dossier's national status, derived from what the engine says (docs/skeleton-contract.md):
 * an ended refusal-of-receipt end event → 3; an ended result/refusal end event → 10;
 * an active appraisal/approval (or the return step after it) → 4; otherwise, while the dossier
 * is being received or checked for completeness → 1.
 */
const NOT_ACCEPTED_ENDS = new Set(['EndEvent_NotAccepted', 'EndEvent_Rejected']);
const RESULT_ENDS = new Set(['EndEvent_ResultReturned', 'EndEvent_Refused']);
const IN_PROCESS = new Set([
  'UserTask_AppraiseDossier',
  'UserTask_ApproveDossier',
  'ServiceTask_ReturnResult',
  'ServiceTask_ReturnRefusal',
]);

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
  outcome: 'approved' | 'refused' | null;
  resultNumber: string | null;
  rejectionReason: string | null;
  /** Element ids of the activities still running, for officers. */
  activeActivityIds: string[];
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
  else if ([...RESULT_ENDS].some((id) => ended.has(id))) statusCode = 10;
  else if (active.some((id) => IN_PROCESS.has(id))) statusCode = 4;

  const outcomeRaw = str(facts.variables.outcome);
  const status = DOSSIER_STATUSES[statusCode];
  return {
    statusCode,
    statusVi: status.vi,
    statusEn: status.en,
    dossierCode: str(facts.variables.dossierCode),
    appointmentDate: str(facts.variables.appointmentDate),
    outcome: outcomeRaw === 'approved' || outcomeRaw === 'refused' ? outcomeRaw : null,
    resultNumber: str(facts.variables.resultNumber),
    rejectionReason: str(facts.variables.rejectionReason),
    activeActivityIds: active,
    steps: facts.activities
      .filter((a) => a.activityName && !a.canceled && !/gateway/i.test(a.activityType ?? ''))
      .sort((a, b) => (a.startTime ?? '').localeCompare(b.startTime ?? ''))
      .map((a) => ({ name: a.activityName!, startTime: a.startTime ?? null, endTime: a.endTime })),
  };
}
