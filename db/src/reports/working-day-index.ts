import { createHash } from 'node:crypto';
import { addDays, createWorkingCalendar } from '@motcua/domain';
import type { DataSource } from 'typeorm';
import { createHolidayStore } from '../calendar/holiday-store.js';
import { DossierEntity } from '../portal/dossier.entity.js';
import { invalidateReportMonths } from './month-summary.js';
import { ReportWorkingDayEntity } from './working-day.entity.js';

const BATCH = 200;

/**
 * Keeps `report_working_day` in step with the holiday table saved in the database, covering every
 * year from the first dossier's submission to next year. Rebuilt (in one transaction) when the
 * holiday table changed or the range grew, so processing times always count the calendar in force.
 */
export async function ensureWorkingDayIndex(ds: DataSource, now: Date = new Date()): Promise<void> {
  const table = await createHolidayStore(ds).loadSavedTable();
  const hash = createHash('sha256').update(JSON.stringify(table)).digest('hex');
  const first = await ds
    .getRepository(DossierEntity)
    .createQueryBuilder('d')
    .select('MIN(d.submitted_at)', 'first')
    .getRawOne<{ first: string | Date | null }>();
  const firstYear = first?.first ? new Date(first.first).getUTCFullYear() - 1 : now.getUTCFullYear() - 1;
  const from = `${Math.min(firstYear, now.getUTCFullYear() - 1)}-01-01`;
  const to = `${now.getUTCFullYear() + 1}-12-31`;

  const repo = ds.getRepository(ReportWorkingDayEntity);
  const stats = await repo
    .createQueryBuilder('w')
    .select('MIN(w.day)', 'first')
    .addSelect('MAX(w.day)', 'last')
    .addSelect('MIN(w.calendar_hash)', 'hash')
    .addSelect('MAX(w.calendar_hash)', 'hash2')
    .getRawOne<{ first: string | null; last: string | null; hash: string | null; hash2: string | null }>();
  if (stats?.first === from && stats.last === to && stats.hash === hash && stats.hash2 === hash) return;

  const calendar = createWorkingCalendar(table);
  const rows: ReportWorkingDayEntity[] = [];
  let ordinal = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) ordinal += 1;
    rows.push({ day, ordinal, calendarHash: hash });
  }
  await ds.transaction(async (m) => {
    // Processing days of every stored month were counted on the calendar being replaced.
    await invalidateReportMonths(m, null);
    await m.createQueryBuilder().delete().from(ReportWorkingDayEntity).execute();
    for (let i = 0; i < rows.length; i += BATCH)
      await m
        .createQueryBuilder()
        .insert()
        .into(ReportWorkingDayEntity)
        .values(rows.slice(i, i + BATCH))
        .execute();
  });
}
