import { In, LessThan, type DataSource } from 'typeorm';
import { DossierEntity } from '../portal/dossier.entity.js';
import { PaymentAttemptEntity, type PaymentStatus } from './payment-attempt.entity.js';

export type PaymentAttempt = Omit<PaymentAttemptEntity, never>;
export type NewPaymentAttempt = Pick<
  PaymentAttempt,
  'id' | 'dossierId' | 'applicantId' | 'gateway' | 'txnRef' | 'amountVnd' | 'createdAt' | 'expiresAt'
>;

export interface PaymentOutcome {
  responseCode: string;
  gatewayTransactionNo: string | null;
  bankCode: string | null;
  paidAt: Date | null;
  confirmedBy: 'ipn' | 'reconciliation';
  at: Date;
}

const plain = (e: PaymentAttemptEntity): PaymentAttempt => ({ ...e });

/**
 * Payment attempts. Every change of state is one conditional UPDATE (`WHERE status = …`), so two
 * deliveries of the same gateway answer (a repeated IPN, the IPN and the reconciliation at once)
 * change the row once: the caller acts only when `true` comes back.
 */
export class PaymentStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(PaymentAttemptEntity);
  }

  async create(a: NewPaymentAttempt): Promise<PaymentAttempt> {
    const row: PaymentAttemptEntity = {
      ...a,
      status: 'pending',
      responseCode: null,
      gatewayTransactionNo: null,
      bankCode: null,
      paidAt: null,
      confirmedAt: null,
      confirmedBy: null,
      settledAt: null,
    };
    await this.repo.insert(row);
    return row;
  }

  async findByTxnRef(txnRef: string): Promise<PaymentAttempt | null> {
    const e = await this.repo.findOneBy({ txnRef });
    return e ? plain(e) : null;
  }

  /** The dossier's attempts, newest first. */
  async listByDossier(dossierId: string): Promise<PaymentAttempt[]> {
    const rows = await this.repo.find({ where: { dossierId }, order: { createdAt: 'DESC' }, take: 100 });
    return rows.map(plain);
  }

  /**
   * pending or expired → paid (a request that expired on our side may still have been paid at
   * the gateway just before). `false`: it was confirmed already (or failed) — nothing changed.
   */
  async confirmPaid(txnRef: string, o: PaymentOutcome): Promise<boolean> {
    const r = await this.repo
      .createQueryBuilder()
      .update(PaymentAttemptEntity)
      .set({
        status: 'paid',
        responseCode: o.responseCode,
        gatewayTransactionNo: o.gatewayTransactionNo,
        bankCode: o.bankCode,
        paidAt: o.paidAt,
        confirmedAt: o.at,
        confirmedBy: o.confirmedBy,
      })
      .where('txn_ref = :txnRef AND status IN (:...open)', { txnRef, open: ['pending', 'expired'] })
      .execute();
    return (r.affected ?? 0) > 0;
  }

  /** pending → failed / expired; `false` when it was no longer pending. */
  async close(
    txnRef: string,
    status: Extract<PaymentStatus, 'failed' | 'expired'>,
    o: { responseCode: string | null; confirmedBy: 'ipn' | 'reconciliation' | 'timer'; at: Date },
  ): Promise<boolean> {
    const r = await this.repo
      .createQueryBuilder()
      .update(PaymentAttemptEntity)
      .set({ status, responseCode: o.responseCode, confirmedAt: o.at, confirmedBy: o.confirmedBy })
      .where('txn_ref = :txnRef AND status = :pending', { txnRef, pending: 'pending' })
      .execute();
    return (r.affected ?? 0) > 0;
  }

  /** The dossier's process received the payment; `false` when it was settled already. */
  async markSettled(txnRef: string, at: Date): Promise<boolean> {
    const r = await this.repo
      .createQueryBuilder()
      .update(PaymentAttemptEntity)
      .set({ settledAt: at })
      .where('txn_ref = :txnRef AND status = :paid AND settled_at IS NULL', { txnRef, paid: 'paid' })
      .execute();
    return (r.affected ?? 0) > 0;
  }

  /** Paid attempts whose dossier has not received the payment yet (settle again). */
  async listUnsettled(limit = 50): Promise<PaymentAttempt[]> {
    const rows = await this.repo
      .createQueryBuilder('p')
      .where('p.status = :paid AND p.settled_at IS NULL', { paid: 'paid' })
      .orderBy('p.created_at', 'ASC')
      .take(limit)
      .getMany();
    return rows.map(plain);
  }

  /** Attempts whose outcome we may not know yet: pending, or expired since `since`. */
  async listOpen(since: Date, limit = 100): Promise<PaymentAttempt[]> {
    const rows = await this.repo
      .createQueryBuilder('p')
      .where('(p.status = :pending OR (p.status = :expired AND p.expires_at >= :since))', {
        pending: 'pending',
        expired: 'expired',
        since,
      })
      .orderBy('p.created_at', 'ASC')
      .take(limit)
      .getMany();
    return rows.map(plain);
  }

  /** Pending attempts whose time ran out by `now`. */
  async listExpired(now: Date, limit = 100): Promise<PaymentAttempt[]> {
    const rows = await this.repo.find({
      where: { status: 'pending', expiresAt: LessThan(now) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    return rows.map(plain);
  }

  /** "Đã thanh toán trực tuyến": set once on the dossier, for the national sync and the reports. */
  async markDossierPaidOnline(dossierId: string, at: Date): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .update(DossierEntity)
      .set({ paidOnlineAt: at, rev: () => 'rev' })
      .where('id = :dossierId AND paid_online_at IS NULL', { dossierId })
      .execute();
  }

  /** Which of these dossiers were paid online (reports, the national sync). */
  async paidOnline(dossierIds: string[]): Promise<Map<string, Date>> {
    if (!dossierIds.length) return new Map();
    const rows = await this.ds.getRepository(DossierEntity).find({
      select: { id: true, paidOnlineAt: true },
      where: { id: In(dossierIds) },
    });
    return new Map(rows.filter((r) => r.paidOnlineAt).map((r) => [r.id, new Date(r.paidOnlineAt!)]));
  }
}
