import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';

/**
 * Daily dossier-code sequence per unit (`<unit>-<yyMMdd>-<sequence>`). Only ever incremented,
 * so a number drawn by a task that then failed is skipped, never reused.
 */
@Entity({ name: 'dossier_code_counter' })
export class DossierCodeCounterEntity {
  @PrimaryColumn({ name: 'unit_code', type: 'varchar', length: 40 })
  unitCode!: string;

  /** yyMMdd in Vietnam time. */
  @PrimaryColumn({ name: 'day', type: 'varchar', length: 6 })
  day!: string;

  @Column({ name: 'last_sequence', type: 'integer' })
  lastSequence!: number;

  @VersionColumn({ name: 'rev', type: 'integer' })
  rev!: number;
}

/** Result-number sequence per series and period (e.g. series CCNV, period 2026). */
@Entity({ name: 'result_number_counter' })
export class ResultNumberCounterEntity {
  @PrimaryColumn({ name: 'series', type: 'varchar', length: 40 })
  series!: string;

  @PrimaryColumn({ name: 'period', type: 'varchar', length: 8 })
  period!: string;

  @Column({ name: 'last_sequence', type: 'integer' })
  lastSequence!: number;

  @VersionColumn({ name: 'rev', type: 'integer' })
  rev!: number;
}
