import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One saved version of a year of the holiday table. Rows are only ever added: an edit is a new
 * version, so the table a past deadline was computed with can always be read back.
 */
@Entity({ name: 'holiday_year_version' })
export class HolidayYearVersionEntity {
  @PrimaryColumn({ name: 'year', type: 'integer' })
  year!: number;

  /** 1, 2, 3 … per year; the highest is in force. */
  @PrimaryColumn({ name: 'version', type: 'integer' })
  version!: number;

  /** JSON array of `{date, nameVi}`. */
  @Column({ name: 'days_off', type: 'text' })
  daysOff!: string;

  /** JSON array of `{date, nameVi}`. */
  @Column({ name: 'working_weekend_days', type: 'text' })
  workingWeekendDays!: string;

  /** JSON array of strings. */
  @Column({ name: 'notes', type: 'text' })
  notes!: string;

  @Column({ name: 'saved_by', type: 'varchar', length: 100 })
  savedBy!: string;

  @Column({ name: 'saved_at', type: 'datetime', precision: 3 })
  savedAt!: Date;

  /** Why it was changed, e.g. the government notice it follows. */
  @Column({ name: 'comment', type: 'varchar', length: 500, nullable: true })
  comment!: string | null;
}
