import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The reports' per-dossier facts (`report_dossier_fact`): what the indicators need from a dossier's
 * append-only history, one row per dossier that has any history, kept in step with every history
 * append in the same transaction (dossier-fact-writer.ts) and backfilled from the history by its
 * migration. A derived table: `rebuildDossierFacts` recomputes it from `dossier_history` at any
 * time, and `diffDossierFacts` lists the dossiers where the two disagree.
 *
 * The dossier's own row (due date, code, submission) and its rating and uploads are still read
 * from their tables when a report runs: they change outside the history.
 */
@Entity({ name: 'report_dossier_fact' })
@Index('idx_report_fact_open', ['receivedAt', 'completedAt', 'closedAt', 'dossierId'])
@Index('idx_report_fact_ended', ['endedAt', 'receivedAt', 'dossierId'])
@Index('idx_report_fact_completed', ['completedAt'])
@Index('idx_report_fact_not_accepted', ['notAcceptedAt'])
export class DossierFactEntity {
  @PrimaryColumn({ name: 'dossier_id', type: 'varchar', length: 64 })
  dossierId!: string;

  /** Copied from the dossier row when the first event is written (null if it had none then). */
  @Column({ name: 'procedure_key', type: 'varchar', length: 200, nullable: true })
  procedureKey!: string | null;

  /** KenhThucHien: 1 in person, 2 online, 3 post. */
  @Column({ type: 'integer', nullable: true })
  channel!: number | null;

  /** The first event with national status 2 (accepted). */
  @Column({ name: 'received_at', type: 'datetime', precision: 3, nullable: true })
  receivedAt!: Date | null;

  /** The first event with status 9 or 10 (processed / result returned). */
  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;

  /** The first event with status 7 or 8 (withdrawn / stopped). */
  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  /** The earlier of completed and closed: open at an instant = received before it, not ended before it. */
  @Column({ name: 'ended_at', type: 'datetime', precision: 3, nullable: true })
  endedAt!: Date | null;

  /** The first event with status 3 (not accepted). */
  @Column({ name: 'not_accepted_at', type: 'datetime', precision: 3, nullable: true })
  notAcceptedAt!: Date | null;

  /** The first apology letter (`late` event). */
  @Column({ name: 'late_at', type: 'datetime', precision: 3, nullable: true })
  lateAt!: Date | null;

  /** How many times a supplement was requested (`supplement-requested` events). */
  @Column({ name: 'supplement_rounds', type: 'integer', default: 0 })
  supplementRounds!: number;

  /** 1 once a payment was requested (status 6). */
  @Column({ name: 'with_fee', type: 'integer', default: 0 })
  withFee!: number;

  /** 1 once the result was a refusal (`refused` event). */
  @Column({ type: 'integer', default: 0 })
  refused!: number;

  /** 1 once the payment service recorded an online payment (`paid` event keyed `paid-online:…`). */
  @Column({ name: 'paid_online', type: 'integer', default: 0 })
  paidOnline!: number;

  /** History events counted into this row (a check: equals the dossier's history row count). */
  @Column({ type: 'integer', default: 0 })
  events!: number;
}
