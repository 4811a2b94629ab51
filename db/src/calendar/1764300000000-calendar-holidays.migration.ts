import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The versioned holiday table (one row per saved version of a year). Table API: SQLite and MySQL alike. */
export class CalendarHolidays1764300000000 implements MigrationInterface {
  name = 'CalendarHolidays1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'holiday_year_version',
        columns: [
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'days_off', type: 'text' },
          { name: 'working_weekend_days', type: 'text' },
          { name: 'notes', type: 'text' },
          { name: 'saved_by', type: 'varchar', length: '100' },
          { name: 'saved_at', type: 'datetime', precision: 3 },
          { name: 'comment', type: 'varchar', length: '500', isNullable: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('holiday_year_version');
  }
}
