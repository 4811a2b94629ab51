import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The working-day index the reports count processing time with: for every calendar day of the
 * covered years, how many working days (domain calendar, the holiday years saved in the database)
 * there are up to and including it. Working days between two dates are then a subtraction in SQL.
 * A derived cache, rebuilt whenever the holiday table it was built from changes (`calendar_hash`).
 */
@Entity({ name: 'report_working_day' })
export class ReportWorkingDayEntity {
  /** `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  /** Working days from the first covered day up to and including this one. */
  @Column({ type: 'integer' })
  ordinal!: number;

  @Column({ name: 'calendar_hash', type: 'varchar', length: 64 })
  calendarHash!: string;
}
