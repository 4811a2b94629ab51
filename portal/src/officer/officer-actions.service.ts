import { ConflictError, ForbiddenError, NotFoundError, vietnamInstant, type Logger } from '@motcua/domain';
import type { AuditStore, Dossier, DossierLifeStore, DossierStore, PortalUser } from '@motcua/db/portal';
import type { Catalogue, CatalogueEntry } from '../catalogue/catalogue.js';
import { EngineError, type EngineClient } from '../engine/engine-client.js';
import { toTypedVariables } from '../engine/typed-variables.js';
import type { DossierService } from '../dossiers/dossier-service.js';
import { formatDateVi } from '../views/format.js';
import { mayAct, type OfficerAction } from './procedure-groups.js';
import {
  parseAgencyReply,
  parsePayment,
  vietnamToday,
  type AgencyReplyRecord,
  type FieldErrors,
  type PaymentRecord,
} from './officer-input.js';

/** Messages and waits of the generated dossier life (docs/skeleton-contract.md). */
export const PAID_MESSAGE = 'DossierPaid';
export const AGENCY_REPLIED_MESSAGE = 'AgencyReplied';
export const PAYMENT_WAIT = 'ReceiveTask_AwaitPayment';
export const AGENCY_WAIT = 'ReceiveTask_AwaitAgencyReply';

/** The form came back with errors: shown again with what was typed (HTTP 400). */
export class OfficerInputError extends Error {
  constructor(readonly fields: FieldErrors) {
    super('invalid officer input');
  }
}

export interface WaitingDossier {
  dossier: Dossier;
  procedure: CatalogueEntry;
  waitsFor: 'payment' | 'agency';
  since: string;
}

export interface OfficerActionsDeps {
  dossiers: DossierStore;
  audit: AuditStore;
  life: DossierLifeStore;
  engine: EngineClient;
  catalogue: Catalogue;
  progress: DossierService;
  logger: Logger;
  clock?: () => Date;
}

const formatVnd = (n: number) => n.toLocaleString('vi-VN').replace(/,/g, '.');

/**
 * What officers do on a dossier outside a user task, until the platform does it itself: record
 * that the fee was paid (message `DossierPaid`, status 6 ends) and that the consulted agency
 * replied (message `AgencyReplied`). Each is a message correlation by business key to the waiting
 * instance, allowed only to the procedure's group for that step, with a dossier history entry
 * the applicant sees and an audit entry.
 */
export class OfficerActionsService {
  private readonly clock: () => Date;

  constructor(private readonly deps: OfficerActionsDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * The dossier, if the user may do the action on it. Someone with no step in the procedure gets
   * the 404 of a missing dossier (no oracle); someone who may see it but not do this gets 403.
   * Both are audited.
   */
  async open(
    user: PortalUser,
    id: string,
    action: OfficerAction,
    ip: string | null,
  ): Promise<{ dossier: Dossier; procedure: CatalogueEntry }> {
    const dossier = await this.deps.dossiers.findById(id);
    const procedure = dossier ? this.deps.catalogue.get(dossier.procedureKey) : undefined;
    const denied = async (reason: string) =>
      this.deps.audit.append({
        actor: user.id,
        action: 'access.denied',
        target: `dossier:${id}`,
        detail: { action, reason },
        ip,
      });
    if (!dossier || !procedure || !mayAct(user.groups, procedure, 'view')) {
      if (dossier) await denied('no-step-in-procedure');
      throw new NotFoundError('No such dossier');
    }
    if (!mayAct(user.groups, procedure, action)) {
      await denied('not-the-step-group');
      throw new ForbiddenError('Việc này thuộc nhóm cán bộ khác của thủ tục.');
    }
    return { dossier, procedure };
  }

  async recordPayment(user: PortalUser, dossier: Dossier, body: unknown, ip: string | null): Promise<void> {
    const now = this.clock();
    const parsed = parsePayment(body, now, vietnamToday(dossier.submittedAt));
    if (!parsed.ok) {
      await this.rejected(user, dossier, 'dossier.payment-rejected', parsed.errors, ip);
      throw new OfficerInputError(parsed.errors);
    }
    const p: PaymentRecord = parsed.value;
    // The day paid at noon Vietnam time: a date-only fact as an engine Date.
    const paidAt = vietnamInstant(p.paidOn, '12:00:00');
    await this.correlate(dossier, PAID_MESSAGE, PAYMENT_WAIT, 'Hồ sơ hiện không chờ nộp phí, lệ phí.', {
      paidAt,
      paymentReference: p.receiptNo,
      feeVnd: p.amountVnd,
      paymentRecordedBy: user.id,
    });
    const detail = { amountVnd: p.amountVnd, receiptNo: p.receiptNo, paidOn: p.paidOn };
    await this.deps.life.appendHistory({
      eventKey: `paid:${dossier.id}:${now.getTime()}`,
      dossierId: dossier.id,
      processInstanceId: dossier.processInstanceId,
      statusCode: null,
      kind: 'paid',
      textVi: `Đã nộp phí, lệ phí: ${formatVnd(p.amountVnd)} đồng, biên lai số ${p.receiptNo}, ngày ${formatDateVi(p.paidOn)}.`,
      actor: user.id,
      detail,
      at: now,
    });
    await this.deps.audit.append({
      actor: user.id,
      action: 'dossier.payment-recorded',
      target: dossier.id,
      detail,
      ip,
    });
  }

  async recordAgencyReply(
    user: PortalUser,
    dossier: Dossier,
    body: unknown,
    ip: string | null,
  ): Promise<void> {
    const now = this.clock();
    const parsed = parseAgencyReply(body);
    if (!parsed.ok) {
      await this.rejected(user, dossier, 'dossier.agency-reply-rejected', parsed.errors, ip);
      throw new OfficerInputError(parsed.errors);
    }
    const r: AgencyReplyRecord = parsed.value;
    await this.correlate(
      dossier,
      AGENCY_REPLIED_MESSAGE,
      AGENCY_WAIT,
      'Hồ sơ hiện không chờ ý kiến của cơ quan phối hợp.',
      {
        agencyReplyNote: r.replyText,
        repliedAgency: r.agency,
        agencyRepliedAt: now,
        agencyReplyRecordedBy: user.id,
      },
    );
    // The applicant sees that the agency answered; the answer itself is for the officers.
    await this.deps.life.appendHistory({
      eventKey: `agency-replied:${dossier.id}:${now.getTime()}`,
      dossierId: dossier.id,
      processInstanceId: dossier.processInstanceId,
      statusCode: null,
      kind: 'agency-replied',
      textVi: `Cơ quan phối hợp (${r.agency}) đã có ý kiến; hồ sơ tiếp tục được xử lý.`,
      actor: user.id,
      detail: { agency: r.agency, replyText: r.replyText },
      at: now,
    });
    await this.deps.audit.append({
      actor: user.id,
      action: 'dossier.agency-reply-recorded',
      target: dossier.id,
      detail: { agency: r.agency, replyLength: r.replyText.length },
      ip,
    });
  }

  /** Dossiers waiting for a payment or an agency's reply that the user may record. */
  async waiting(user: PortalUser): Promise<WaitingDossier[]> {
    const { engine, dossiers, catalogue } = this.deps;
    const [payments, replies] = await Promise.all([
      engine.unfinishedActivities(PAYMENT_WAIT),
      engine.unfinishedActivities(AGENCY_WAIT),
    ]);
    const waits = [
      ...payments.map((a) => ({ a, waitsFor: 'payment' as const })),
      ...replies.map((a) => ({ a, waitsFor: 'agency' as const })),
    ].filter((w) => w.a.processInstanceId);
    const found = await dossiers.findByProcessInstanceIds([
      ...new Set(waits.map((w) => w.a.processInstanceId!)),
    ]);
    const byPi = new Map(found.map((d) => [d.processInstanceId, d]));
    const out: WaitingDossier[] = [];
    for (const { a, waitsFor } of waits) {
      const dossier = byPi.get(a.processInstanceId!);
      const procedure = dossier && catalogue.get(dossier.procedureKey);
      const action = waitsFor === 'payment' ? 'record-payment' : 'record-agency-reply';
      if (dossier && procedure && mayAct(user.groups, procedure, action))
        out.push({ dossier, procedure, waitsFor, since: a.startTime });
    }
    return out.sort((x, y) => x.since.localeCompare(y.since));
  }

  /** Sends the message to the instance waiting at `waitId`; 409 (readable) when it does not wait. */
  private async correlate(
    dossier: Dossier,
    message: string,
    waitId: string,
    notWaitingVi: string,
    variables: Record<string, unknown>,
  ): Promise<void> {
    const progress = await this.deps.progress.progressOf(dossier);
    if (!progress?.activeActivityIds.includes(waitId)) throw new ConflictError(notWaitingVi);
    try {
      await this.deps.engine.correlate(message, dossier.id, toTypedVariables(variables));
    } catch (err) {
      // Another officer recorded it a moment ago: the engine finds nothing waiting any more.
      if (err instanceof EngineError && (err.status === 400 || err.status === 404))
        throw new ConflictError(notWaitingVi);
      throw err;
    }
  }

  private async rejected(
    user: PortalUser,
    dossier: Dossier,
    action: string,
    errors: FieldErrors,
    ip: string | null,
  ): Promise<void> {
    await this.deps.audit.append({
      actor: user.id,
      action,
      target: dossier.id,
      detail: { fields: Object.keys(errors) },
      ip,
    });
  }
}
