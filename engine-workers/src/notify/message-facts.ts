import type { OutboxMessage } from '@motcua/db/workers';
import type { CatalogueEntry } from '@motcua/processes';
import type { HistoricVariableInstanceDto } from '@motcua/engine-client';
import { engineGet, type EngineRest } from './engine-rest.js';
import type { MessageFacts } from './templates.js';

/** The process variables holding the officers' words for each kind of event. */
const REASON_VARIABLES: Record<string, string[]> = {
  'supplement-requested': ['completenessNote'],
  'not-accepted': ['rejectionReason', 'completenessNote'],
  refused: ['decisionNote'],
  stopped: ['decisionNote'],
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

export interface FactsDeps {
  engine: EngineRest;
  catalogue: CatalogueEntry[];
  portalUrl: string;
  /** The recipient's display name (for the greeting). */
  displayName(userId: string): Promise<string | null>;
}

/**
 * Gathers what the template says about a queued message: the history event as recorded (payload),
 * the procedure from the catalogue and, for the reasons, the fee and a code not known when the
 * event was recorded, the process variables from the engine's history. An engine that does not
 * answer makes this throw: the message is retried later, never sent half-filled.
 */
export async function messageFacts(m: OutboxMessage, deps: FactsDeps): Promise<MessageFacts> {
  const p = m.payload as {
    dossierCode?: string | null;
    procedureKey?: string | null;
    detail?: Record<string, unknown> | null;
    taskName?: string;
    taskDue?: string;
  };
  const detail = p.detail ?? {};
  const entry = p.procedureKey ? deps.catalogue.find((e) => e.key === p.procedureKey) : undefined;
  const vars = new Map<string, unknown>();
  if (m.processInstanceId && m.kind !== 'task-reminder') {
    const rows = await engineGet<HistoricVariableInstanceDto[]>(deps.engine, '/history/variable-instance', {
      processInstanceId: m.processInstanceId,
      maxResults: '200',
    });
    for (const r of rows) vars.set(r.name, r.value);
  }
  const reasons = (REASON_VARIABLES[m.kind] ?? []).map((n) => str(vars.get(n))).find(Boolean) ?? null;
  const fee = detail.amountVnd ?? detail.feeVnd ?? vars.get('feeVnd');
  return {
    dossierCode: p.dossierCode ?? str(vars.get('dossierCode')),
    procedureNameVi: entry?.nameVi ?? null,
    agencyVi: entry?.agencyVi ?? null,
    appointmentDate: str(detail.appointmentDate) ?? str(vars.get('appointmentDate')),
    newAppointmentDate: str(detail.newAppointmentDate) ?? str(vars.get('newAppointmentDate')),
    reasons,
    feeVnd: typeof fee === 'number' && fee > 0 ? fee : null,
    portalUrl: deps.portalUrl,
    ...(m.kind === 'refused' || m.kind === 'not-accepted' || m.kind === 'stopped'
      ? { refusalKind: m.kind }
      : {}),
    taskName: p.taskName ?? null,
    taskDue: p.taskDue ?? null,
    recipientName: await deps.displayName(m.recipientUserId),
  };
}
