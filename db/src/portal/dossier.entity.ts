import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';

/**
 * Where the portal stands with the engine for this dossier. `starting` is written before the
 * engine call, `started` after it succeeded; `start-failed` is the compensating state when it did
 * not, so a row never claims a process that does not exist.
 */
export type DossierEngineState = 'starting' | 'started' | 'start-failed';

/** A dossier (hồ sơ) submitted through the portal. Its id is the process instance's business key. */
@Entity({ name: 'dossier' })
// The officers' list (db/src/portal/officer-dossier-query.ts): always by procedure, then by date/status.
@Index('idx_dossier_procedure_submitted', ['procedureKey', 'submittedAt'])
@Index('idx_dossier_procedure_due', ['procedureKey', 'dueDate'])
@Index('idx_dossier_procedure_status', ['procedureKey', 'statusCode'])
// The reports' working-day range starts at the first submission (reports/working-day-index.ts).
@Index('idx_dossier_submitted', ['submittedAt'])
export class DossierEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'procedure_key', type: 'varchar', length: 200 })
  procedureKey!: string;

  /** National code, or the catalogue id of a generated procedure without one. */
  @Column({ name: 'procedure_code', type: 'varchar', length: 200 })
  procedureCode!: string;

  @Index('idx_dossier_applicant')
  @Column({ name: 'applicant_id', type: 'varchar', length: 36 })
  applicantId!: string;

  @Index('idx_dossier_process_instance')
  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  /** Mã hồ sơ, assigned by the receipt worker; null until the portal has seen it. */
  @Index('idx_dossier_code', { unique: true })
  @Column({ name: 'dossier_code', type: 'varchar', length: 64, nullable: true })
  dossierCode!: string | null;

  /** National status code 1–10, last derived from the engine; null while not started. */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'engine_state', type: 'varchar', length: 20 })
  engineState!: DossierEngineState;

  @Column({ name: 'submitted_at', type: 'datetime', precision: 3 })
  submittedAt!: Date;

  /** Channel (KenhThucHien): 1 in person, 2 online, 3 post. */
  @Column({ type: 'integer' })
  channel!: number;

  /** The validated form values, as JSON text. */
  @Column({ name: 'submitted_data', type: 'text' })
  submittedData!: string;

  /** Legal due date `YYYY-MM-DD` (appointment date, or the apology letter's new one), cached from the engine. */
  @Column({ name: 'due_date', type: 'varchar', length: 10, nullable: true })
  dueDate!: string | null;

  /** The decision once taken (`approved` / `refused`), cached from the engine. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  outcome!: string | null;

  /** The applicant's name from the submitted form, for the officers' search. */
  @Column({ name: 'applicant_name', type: 'varchar', length: 200, nullable: true })
  applicantName!: string | null;

  /** "Đã thanh toán trực tuyến": when the fee was paid online (payments, issue 12); null otherwise. */
  @Column({ name: 'paid_online_at', type: 'datetime', precision: 3, nullable: true })
  paidOnlineAt!: Date | null;

  @VersionColumn({ type: 'integer' })
  rev!: number;
}
