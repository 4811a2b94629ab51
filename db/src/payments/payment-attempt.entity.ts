import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** pending → paid | failed (cancelled, refused by the bank) | expired (the request timed out). */
export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'expired';

const bigintNumber = {
  to: (v: number) => v,
  from: (v: string | number | null) => (v === null ? null : Number(v)),
};

/** One attempt to pay a dossier's fee through a gateway; its reference is never reused. */
@Entity({ name: 'payment_attempt' })
@Index('idx_payment_dossier', ['dossierId', 'createdAt'])
@Index('idx_payment_status', ['status', 'createdAt'])
export class PaymentAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'dossier_id', type: 'varchar', length: 36 })
  dossierId!: string;

  @Column({ name: 'applicant_id', type: 'varchar', length: 36 })
  applicantId!: string;

  @Column({ type: 'varchar', length: 20 })
  gateway!: string;

  /** The gateway's order reference (`vnp_TxnRef`), unique per attempt. */
  @Column({ name: 'txn_ref', type: 'varchar', length: 64, unique: true })
  txnRef!: string;

  @Column({ name: 'amount_vnd', type: 'bigint', transformer: bigintNumber })
  amountVnd!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: PaymentStatus;

  /** The gateway's response code (VNPay: 00 paid, 24 cancelled, 11 expired …). */
  @Column({ name: 'response_code', type: 'varchar', length: 8, nullable: true })
  responseCode!: string | null;

  /** The gateway's own transaction number (`vnp_TransactionNo`). */
  @Column({ name: 'gateway_transaction_no', type: 'varchar', length: 64, nullable: true })
  gatewayTransactionNo!: string | null;

  @Column({ name: 'bank_code', type: 'varchar', length: 20, nullable: true })
  bankCode!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt!: Date;

  /** When the gateway says the money was paid (`vnp_PayDate`). */
  @Column({ name: 'paid_at', type: 'datetime', precision: 3, nullable: true })
  paidAt!: Date | null;

  /** When we learnt the outcome, and how (`ipn` or `reconciliation`). */
  @Column({ name: 'confirmed_at', type: 'datetime', precision: 3, nullable: true })
  confirmedAt!: Date | null;

  @Column({ name: 'confirmed_by', type: 'varchar', length: 20, nullable: true })
  confirmedBy!: string | null;

  /** When the dossier's process received the payment (`DossierPaid` correlated). */
  @Column({ name: 'settled_at', type: 'datetime', precision: 3, nullable: true })
  settledAt!: Date | null;
}
