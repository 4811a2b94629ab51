import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The engine incident of a message that kept failing (issue 12): its id, and where raising it
 * stands, so it is raised once whatever restarts or second senders happen. Table API only.
 */
export class NotifyIncident1765310000000 implements MigrationInterface {
  name = 'NotifyIncident1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('notification_outbox', [
      new TableColumn({ name: 'incident_state', type: 'varchar', length: '12', isNullable: true }),
      new TableColumn({ name: 'incident_id', type: 'varchar', length: '64', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('notification_outbox', 'incident_id');
    await q.dropColumn('notification_outbox', 'incident_state');
  }
}
