import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Where one outbox row stands: waiting to be sent, acknowledged by the portal, or given up on. */
export type DvcqgOutboxState = 'pending' | 'sent' | 'failed';

/**
 * The national-portal sync outbox: one row per event of a dossier's history, written in the same
 * transaction as the history row, sent in id order per dossier by the sync worker. A row is
 * claimed by a worker (lock owner + expiry) and only its owner may record the answer.
 */
@Entity({ name: 'dvcqg_outbox' })
@Index('idx_dvcqg_outbox_state', ['state', 'nextAttemptAt'])
@Index('idx_dvcqg_outbox_dossier', ['dossierId', 'id'])
export class DvcqgOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** The history event's key: the same event is queued once. */
  @Index('uq_dvcqg_outbox_event', { unique: true })
  @Column({ name: 'event_key', type: 'varchar', length: 200 })
  eventKey!: string;

  @Column({ name: 'dossier_id', type: 'varchar', length: 64 })
  dossierId!: string;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  /** TrangThaiHoSo 1–10 the event sets; null for a progress entry only. */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ name: 'text_vi', type: 'varchar', length: 500 })
  textVi!: string;

  @Column({ type: 'varchar', length: 120 })
  actor!: string;

  @Column({ name: 'event_at', type: 'datetime', precision: 3 })
  eventAt!: Date;

  @Column({ type: 'varchar', length: 12 })
  state!: DvcqgOutboxState;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  @Column({ name: 'locked_by', type: 'varchar', length: 120, nullable: true })
  lockedBy!: string | null;

  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true })
  lockedUntil!: Date | null;

  /** The portal's last answer (code and message), or the transport error. */
  @Column({ name: 'last_answer', type: 'varchar', length: 1000, nullable: true })
  lastAnswer!: string | null;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  /**
   * The engine incident raised when the row was given up on (DVCQG_NO_INCIDENT when none could be:
   * the process instance had ended); cleared once a resend resolved it.
   */
  @Column({ name: 'incident_id', type: 'varchar', length: 64, nullable: true })
  incidentId!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** A dossier filed on the national portal and taken in by us: its code there, ours, once. */
@Entity({ name: 'dvcqg_inbound' })
export class DvcqgInboundEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_dvcqg_inbound_national', { unique: true })
  @Column({ name: 'national_code', type: 'varchar', length: 64 })
  nationalCode!: string;

  /** Our dossier id (the process instance's business key). */
  @Column({ name: 'dossier_id', type: 'varchar', length: 64 })
  dossierId!: string;

  /** Set once the national portal's queue was told our dossier code. */
  @Column({ name: 'acknowledged_at', type: 'datetime', precision: 3, nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
