import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The closed months' indicator cells (month-summary.entity.ts): `report_month_cell`, the list of
 * months it holds and the invalidation counter. Starts empty; a report fills a month the first
 * time it covers it after the month closed. Table API only.
 */
export class ReportMonthSummary1765350000000 implements MigrationInterface {
  name = 'ReportMonthSummary1765350000000';

  async up(q: QueryRunner): Promise<void> {
    const count = (name: string) => ({ name, type: 'integer', default: 0 });
    await q.createTable(
      new Table({
        name: 'report_month_cell',
        columns: [
          { name: 'month', type: 'varchar', length: '7', isPrimary: true },
          { name: 'procedure_key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'channel', type: 'integer', isPrimary: true },
          ...[
            'm_received',
            'm_completed',
            'm_on_time',
            'm_late',
            'm_in_progress',
            'm_overdue',
            'm_not_accepted',
            'm_refused',
            'm_supplemented',
            'm_with_fee',
            'm_paid_online',
            'm_digitised',
            'm_rated',
            'm_satisfied',
            'processing_days_sum',
          ].map(count),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'report_month_state',
        columns: [
          { name: 'month', type: 'varchar', length: '7', isPrimary: true },
          { name: 'computed_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'report_summary_meta',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'version', type: 'integer', default: 0 },
        ],
      }),
    );
    await q.query('INSERT INTO report_summary_meta (id, version) VALUES (1, 0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('report_summary_meta');
    await q.dropTable('report_month_state');
    await q.dropTable('report_month_cell');
  }
}
