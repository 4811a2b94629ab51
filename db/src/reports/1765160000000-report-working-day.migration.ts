import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The reports' working-day index (`report_working_day`, see working-day.entity.ts). Table API only. */
export class ReportWorkingDay1765160000000 implements MigrationInterface {
  name = 'ReportWorkingDay1765160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'report_working_day',
        columns: [
          { name: 'day', type: 'varchar', length: '10', isPrimary: true },
          { name: 'ordinal', type: 'integer' },
          { name: 'calendar_hash', type: 'varchar', length: '64' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('report_working_day');
  }
}
