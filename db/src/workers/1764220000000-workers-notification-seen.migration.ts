import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Who has seen which staff notification (a leader marks a deadline reminder seen): one row per
 * notification and user, insert-only, so the first moment stays. Table API only (SQLite and MySQL).
 */
export class WorkersNotificationSeen1764220000000 implements MigrationInterface {
  name = 'WorkersNotificationSeen1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'staff_notification_seen',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'notification_id', type: 'integer' },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'seen_at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_staff_notification_seen', columnNames: ['notification_id', 'user_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('staff_notification_seen');
  }
}
