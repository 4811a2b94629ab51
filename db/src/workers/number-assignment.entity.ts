import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A dossier code given to a process instance. The receipt task is delivered at least once; a
 * redelivery finds its code here instead of drawing a new one.
 */
@Entity({ name: 'dossier_code_assignment' })
export class DossierCodeAssignmentEntity {
  @PrimaryColumn({ name: 'process_instance_id', type: 'varchar', length: 64 })
  processInstanceId!: string;

  @Index('uq_dossier_code_assignment_code', { unique: true })
  @Column({ name: 'dossier_code', type: 'varchar', length: 64 })
  dossierCode!: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 40 })
  unitCode!: string;

  @Column({ name: 'day', type: 'varchar', length: 6 })
  day!: string;

  @Column({ name: 'sequence', type: 'integer' })
  sequence!: number;

  @Column({ name: 'assigned_at', type: 'datetime', precision: 3 })
  assignedAt!: Date;
}

/** A result number (e.g. a certificate number) issued to a process instance, idempotently. */
@Entity({ name: 'result_number_assignment' })
export class ResultNumberAssignmentEntity {
  @PrimaryColumn({ name: 'process_instance_id', type: 'varchar', length: 64 })
  processInstanceId!: string;

  @Index('uq_result_number_assignment_number', { unique: true })
  @Column({ name: 'result_number', type: 'varchar', length: 64 })
  resultNumber!: string;

  @Column({ name: 'series', type: 'varchar', length: 40 })
  series!: string;

  @Column({ name: 'period', type: 'varchar', length: 8 })
  period!: string;

  @Column({ name: 'sequence', type: 'integer' })
  sequence!: number;

  @Column({ name: 'issued_at', type: 'datetime', precision: 3 })
  issuedAt!: Date;
}
