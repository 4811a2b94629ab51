import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError, formatVietnamStamp, type Logger } from '@motcua/domain';
import type {
  AuditStore,
  Dossier,
  DossierLifeStore,
  DossierStore,
  PaymentAttempt,
  PaymentStore,
  PortalUser,
} from '@motcua/db/portal';
import { EngineError, type EngineClient } from '../engine/engine-client.js';
import { toTypedVariables } from '../engine/typed-variables.js';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import { formatVnd } from './vnd-in-words.js';
import type { ReceiptData } from './receipt-pdf.js';
import { isRefused, type GatewayResult, type PaymentGateway } from './payment-gateway.js';

/** The generated dossier life's payment wait (docs/skeleton-contract.md). */
export const PAYMENT_WAIT = 'ReceiveTask_AwaitPayment';
export const PAID_MESSAGE = 'DossierPaid';
/**
 * Told to the process when a request is opened on the gateway: a non-interrupting boundary on the
 * payment wait starts the request's timer (`paymentExpiry`), whose worker marks it expired
 * (`payment.expire-request`, engine-workers). processes/README.md, "Generated dossier life".
 */
export const PAYMENT_REQUESTED_MESSAGE = 'PaymentRequested';

/** What a callback came to (the IPN route answers it in the gateway's own codes). */
export type CallbackOutcome =
  'confirmed' | 'recorded-failure' | 'already-confirmed' | 'invalid-signature' | 'not-found' | 'wrong-amount';

export interface PaymentServiceDeps {
  payments: PaymentStore;
  dossiers: DossierStore;
  life: DossierLifeStore;
  audit: AuditStore;
  engine: EngineClient;
  gateway: PaymentGateway;
  /** The dossier's current state (the payment wait is an active activity). */
  progressOf: (dossier: Dossier) => Promise<DossierProgress | null>;
  /** The portal's public address, for the gateway's return URL (known once it listens). */
  publicUrl: () => string;
  logger: Logger;
  /** How long a payment request stays open on the gateway. Default 15 minutes. */
  requestMinutes?: number;
  clock?: () => Date;
}

/** A fee the applicant can pay now, and what was tried. */
export interface PaymentView {
  /** The fee due now (the dossier waits for it), else null. */
  dueVnd: number | null;
  attempts: PaymentAttempt[];
  /** An attempt still open on the gateway (no second one is started while it runs). */
  open: PaymentAttempt | null;
}

/**
 * Online fee payment: an attempt per try (a new `txnRef` each time), the gateway's callback as
 * the only source of truth (the browser's return is for display), the process told once
 * (`DossierPaid` through the engine's REST API), the dossier marked "paid online", its history
 * and the audit. Reconciliation (`payment-reconciler.ts`) goes through the same `settle` path.
 */
export class PaymentService {
  private readonly clock: () => Date;
  private readonly requestMs: number;

  constructor(private readonly d: PaymentServiceDeps) {
    this.clock = d.clock ?? (() => new Date());
    this.requestMs = (d.requestMinutes ?? 15) * 60_000;
  }

  get gatewayName(): string {
    return this.d.gateway.name;
  }

  /** The fee set by the procedure's fee table (`feeVnd`), while the dossier waits for payment. */
  async feeDue(dossier: Dossier, progress: DossierProgress | null): Promise<number | null> {
    if (!dossier.processInstanceId || !progress?.activeActivityIds.includes(PAYMENT_WAIT)) return null;
    try {
      const v = await this.d.engine.call<{ value: unknown }>(
        'GET',
        `/process-instance/${encodeURIComponent(dossier.processInstanceId)}/variables/feeVnd`,
      );
      const n = Number(v.value);
      return Number.isSafeInteger(n) && n > 0 ? n : null;
    } catch (err) {
      if (err instanceof EngineError && err.status === 404) return null;
      throw err;
    }
  }

  async view(dossier: Dossier, progress: DossierProgress | null): Promise<PaymentView> {
    const [dueVnd, attempts] = await Promise.all([
      this.feeDue(dossier, progress).catch(() => null),
      this.d.payments.listByDossier(dossier.id),
    ]);
    const now = this.clock();
    const open = attempts.find((a) => a.status === 'pending' && a.expiresAt > now) ?? null;
    return { dueVnd, attempts, open };
  }

  /**
   * A new attempt for the applicant's dossier → the gateway's signed payment page URL. The process
   * is told first (`PaymentRequested` with `paymentExpiry`, the request's life as an ISO 8601
   * duration, and its reference): its timer, not this portal, expires the request. A process
   * version without that boundary (deployed before it existed) cannot time a request: refused
   * with a message, the desk takes the fee.
   */
  async start(user: PortalUser, dossier: Dossier, clientIp: string): Promise<string> {
    const progress = await this.d.progressOf(dossier);
    const amountVnd = await this.feeDue(dossier, progress);
    if (amountVnd === null) throw new ConflictError('Hồ sơ hiện không chờ nộp phí, lệ phí.');
    const now = this.clock();
    const txnRef = newTxnRef(now);
    try {
      await this.d.engine.correlate(
        PAYMENT_REQUESTED_MESSAGE,
        dossier.id,
        toTypedVariables({ paymentExpiry: `PT${this.requestMs / 60_000}M`, paymentRequestRef: txnRef }),
      );
    } catch (err) {
      if (!(err instanceof EngineError && (err.status === 400 || err.status === 404))) throw err;
      this.d.logger.warn(
        { err, dossierId: dossier.id },
        "the dossier's process cannot time a payment request",
      );
      throw new ConflictError(
        'Hồ sơ này chạy trên phiên bản quy trình chưa hỗ trợ thanh toán trực tuyến. Vui lòng nộp phí, lệ phí tại bộ phận một cửa.',
      );
    }
    const attempt = await this.d.payments.create({
      id: randomUUID(),
      dossierId: dossier.id,
      applicantId: user.id,
      gateway: this.d.gateway.name,
      txnRef,
      amountVnd,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.requestMs),
    });
    await this.d.audit.append({
      actor: user.id,
      action: 'payment.started',
      target: dossier.id,
      detail: { txnRef: attempt.txnRef, amountVnd, gateway: attempt.gateway },
      ip: clientIp,
    });
    return this.d.gateway.paymentUrl({
      txnRef: attempt.txnRef,
      amountVnd,
      orderInfo: `Nộp lệ phí hồ sơ ${dossier.dossierCode ?? dossier.id}`,
      createdAt: attempt.createdAt,
      expiresAt: attempt.expiresAt,
      clientIp: ipv4(clientIp),
      returnUrl: `${this.d.publicUrl()}/thanh-toan/${this.d.gateway.name}/ket-qua`,
    });
  }

  /**
   * The gateway's server-to-server callback (IPN). Refused callbacks are audited; a repeated one
   * changes nothing. A confirmed payment is recorded before the process is told, so an engine
   * failure leaves it for the reconciliation to settle, never lost and never told twice.
   */
  async handleCallback(query: Record<string, string>, ip: string | null): Promise<CallbackOutcome> {
    const read = this.d.gateway.readCallback(query);
    const refuse = async (outcome: CallbackOutcome, detail: Record<string, unknown>) => {
      this.d.logger.warn({ outcome, ...detail }, 'payment callback refused');
      await this.d.audit.append({
        actor: `gateway:${this.d.gateway.name}`,
        action: 'payment.callback-refused',
        target: String(query.vnp_TxnRef ?? '?').slice(0, 64),
        detail: { outcome, ...detail },
        ip,
      });
      return outcome;
    };
    if (isRefused(read)) return refuse('invalid-signature', { reason: read.refused });
    const attempt = await this.d.payments.findByTxnRef(read.txnRef);
    if (!attempt) return refuse('not-found', { txnRef: read.txnRef });
    if (attempt.amountVnd !== read.amountVnd)
      return refuse('wrong-amount', {
        txnRef: read.txnRef,
        expected: attempt.amountVnd,
        got: read.amountVnd,
      });
    return this.apply(attempt, read, 'ipn', ip);
  }

  /**
   * A verified outcome: confirms or closes the attempt once; a confirmed payment is settled. The
   * conditional update in the store decides which delivery wins.
   */
  async apply(
    attempt: PaymentAttempt,
    r: GatewayResult,
    by: 'ipn' | 'reconciliation',
    ip: string | null,
  ): Promise<CallbackOutcome> {
    const at = this.clock();
    if (r.outcome === 'pending') return 'already-confirmed';
    if (r.outcome === 'failed') {
      const closed = await this.d.payments.close(attempt.txnRef, 'failed', {
        responseCode: r.responseCode,
        confirmedBy: by,
        at,
      });
      if (!closed) return 'already-confirmed';
      await this.d.audit.append({
        actor: `gateway:${this.d.gateway.name}`,
        action: 'payment.failed',
        target: attempt.dossierId,
        detail: { txnRef: attempt.txnRef, responseCode: r.responseCode, by },
        ip,
      });
      return 'recorded-failure';
    }
    const confirmed = await this.d.payments.confirmPaid(attempt.txnRef, {
      responseCode: r.responseCode,
      gatewayTransactionNo: r.transactionNo,
      bankCode: r.bankCode,
      paidAt: r.paidAt,
      confirmedBy: by,
      at,
    });
    if (!confirmed) return 'already-confirmed';
    await this.d.audit.append({
      actor: `gateway:${this.d.gateway.name}`,
      action: 'payment.confirmed',
      target: attempt.dossierId,
      detail: { txnRef: attempt.txnRef, amountVnd: attempt.amountVnd, transactionNo: r.transactionNo, by },
      ip,
    });
    await this.settle((await this.d.payments.findByTxnRef(attempt.txnRef))!).catch((err) =>
      this.d.logger.warn(
        { err, txnRef: attempt.txnRef },
        'payment confirmed, settlement left to reconciliation',
      ),
    );
    return 'confirmed';
  }

  /**
   * Tells the dossier's process (`DossierPaid`) and records the payment on the dossier, once per
   * paid attempt. When the dossier no longer waits (paid at the desk meanwhile, withdrawn), the
   * payment is settled without a message and the history says so, for the refund by hand.
   */
  async settle(attempt: PaymentAttempt): Promise<void> {
    if (attempt.status !== 'paid' || attempt.settledAt) return;
    const dossier = await this.d.dossiers.findById(attempt.dossierId);
    if (!dossier) return;
    const paidAt = attempt.paidAt ?? attempt.confirmedAt ?? this.clock();
    let delivered = true;
    try {
      await this.d.engine.correlate(
        PAID_MESSAGE,
        dossier.id,
        toTypedVariables({
          paidAt,
          paymentReference: attempt.txnRef,
          feeVnd: attempt.amountVnd,
          paidOnline: true,
          paymentGateway: attempt.gateway,
          gatewayTransactionNo: attempt.gatewayTransactionNo ?? '',
        }),
      );
    } catch (err) {
      // Nothing waits for this message (any more): the money is recorded, the process is not moved.
      if (err instanceof EngineError && (err.status === 400 || err.status === 404)) delivered = false;
      else throw err;
    }
    const at = this.clock();
    if (!(await this.d.payments.markSettled(attempt.txnRef, at))) return;
    await this.d.payments.markDossierPaidOnline(dossier.id, paidAt);
    await this.d.life.appendHistory({
      eventKey: `paid-online:${attempt.txnRef}`,
      dossierId: dossier.id,
      processInstanceId: dossier.processInstanceId,
      statusCode: null,
      kind: 'paid',
      textVi: delivered
        ? `Đã thanh toán trực tuyến phí, lệ phí: ${formatVnd(attempt.amountVnd)} đồng (mã giao dịch ${attempt.txnRef}). Biên lai điện tử có trong mục Nộp lệ phí.`
        : `Đã nhận thanh toán trực tuyến ${formatVnd(attempt.amountVnd)} đồng (mã giao dịch ${attempt.txnRef}) khi hồ sơ không còn chờ nộp phí; cơ quan sẽ liên hệ để hoàn trả.`,
      actor: 'system',
      detail: {
        channel: 'online',
        gateway: attempt.gateway,
        txnRef: attempt.txnRef,
        amountVnd: attempt.amountVnd,
        transactionNo: attempt.gatewayTransactionNo,
        delivered,
      },
      at,
    });
    if (!delivered)
      await this.d.audit.append({
        actor: 'system',
        action: 'payment.not-awaited',
        target: dossier.id,
        detail: { txnRef: attempt.txnRef, amountVnd: attempt.amountVnd },
        ip: null,
      });
  }

  /** The browser's return from the gateway: verified, for display only (nothing is recorded). */
  async returned(
    query: Record<string, string>,
  ): Promise<{ attempt: PaymentAttempt; said: GatewayResult } | null> {
    const read = this.d.gateway.readCallback(query);
    if (isRefused(read)) return null;
    const attempt = await this.d.payments.findByTxnRef(read.txnRef);
    return attempt ? { attempt, said: read } : null;
  }

  findAttempt(txnRef: string): Promise<PaymentAttempt | null> {
    return this.d.payments.findByTxnRef(txnRef);
  }

  /** The receipt of a paid attempt of this dossier; null for anything else (404). */
  async receipt(
    dossier: Dossier,
    txnRef: string,
    procedure: { nameVi: string; agencyVi: string } | undefined,
  ): Promise<ReceiptData | null> {
    const a = await this.d.payments.findByTxnRef(txnRef);
    if (!a || a.dossierId !== dossier.id || a.status !== 'paid') return null;
    return {
      receiptNo: a.txnRef,
      unitName: procedure?.agencyVi ?? 'Bộ Khoa học và Công nghệ',
      payerName: dossier.applicantName ?? '—',
      dossierCode: dossier.dossierCode ?? dossier.id,
      procedureName: procedure?.nameVi ?? dossier.procedureKey,
      amountVnd: a.amountVnd,
      paidAt: a.paidAt ?? a.confirmedAt ?? a.createdAt,
      channel: `Trực tuyến qua cổng thanh toán ${a.gateway.toUpperCase()}`,
      gatewayTransactionNo: a.gatewayTransactionNo,
      bankCode: a.bankCode,
    };
  }
}

/**
 * `yyMMddHHmmss` (Vietnam time) + 8 random hex: unique per attempt, within VNPay's limits
 * (letters and digits), and never the dossier's id, so a new attempt never reuses a reference.
 */
export function newTxnRef(at: Date): string {
  const stamp = formatVietnamStamp(at).slice(2);
  return `${stamp}${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** VNPay wants an IPv4 address; an IPv6-mapped one is unwrapped, anything else → 127.0.0.1. */
function ipv4(ip: string): string {
  const m = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  return m ? m[1]! : '127.0.0.1';
}
