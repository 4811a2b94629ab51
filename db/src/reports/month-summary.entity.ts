import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The indicator cells of a closed Vietnam month (`report_month_cell`): the same counts
 * factCellsSql gives for that month, per procedure × channel, computed once from the facts and
 * summed by every later report that covers the month (month-summary.ts). A derived cache: a row
 * exists only while its month is listed in `report_month_state`, and every write that can change
 * a closed month's figures deletes that month and the ones after it (invalidateReportMonths).
 */
@Entity({ name: 'report_month_cell' })
export class ReportMonthCellEntity {
  /** `YYYY-MM`, Vietnam's calendar. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month!: string;

  @PrimaryColumn({ name: 'procedure_key', type: 'varchar', length: 200 })
  procedureKey!: string;

  /** KenhThucHien: 1 in person, 2 online, 3 post. */
  @PrimaryColumn({ type: 'integer' })
  channel!: number;

  @Column({ name: 'm_received', type: 'integer' }) mReceived!: number;
  @Column({ name: 'm_completed', type: 'integer' }) mCompleted!: number;
  @Column({ name: 'm_on_time', type: 'integer' }) mOnTime!: number;
  @Column({ name: 'm_late', type: 'integer' }) mLate!: number;
  @Column({ name: 'm_in_progress', type: 'integer' }) mInProgress!: number;
  @Column({ name: 'm_overdue', type: 'integer' }) mOverdue!: number;
  @Column({ name: 'm_not_accepted', type: 'integer' }) mNotAccepted!: number;
  @Column({ name: 'm_refused', type: 'integer' }) mRefused!: number;
  @Column({ name: 'm_supplemented', type: 'integer' }) mSupplemented!: number;
  @Column({ name: 'm_with_fee', type: 'integer' }) mWithFee!: number;
  @Column({ name: 'm_paid_online', type: 'integer' }) mPaidOnline!: number;
  @Column({ name: 'm_digitised', type: 'integer' }) mDigitised!: number;
  @Column({ name: 'm_rated', type: 'integer' }) mRated!: number;
  @Column({ name: 'm_satisfied', type: 'integer' }) mSatisfied!: number;
  /** Working days summed over the dossiers completed in the month. */
  @Column({ name: 'processing_days_sum', type: 'integer' }) processingDaysSum!: number;
}

/** The months whose cells `report_month_cell` holds (a month without any cell is listed too). */
@Entity({ name: 'report_month_state' })
export class ReportMonthStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ name: 'computed_at', type: 'datetime', precision: 3 })
  computedAt!: Date;
}

/**
 * One row (id 1): a counter every invalidation raises in its own transaction, so a month computed
 * while a change was being written is not stored (the filler compares it before and after).
 */
@Entity({ name: 'report_summary_meta' })
export class ReportSummaryMetaEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  version!: number;
}
