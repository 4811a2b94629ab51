import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The notifications' outbox (one row per message to send, unique per event and channel) and the
 * users' notification choices. Table API only (SQLite and MySQL).
 */
export class NotifyOutbox1765120000000 implements MigrationInterface {
  name = 'NotifyOutbox1765120000000';

  async up(q: QueryRunner): Promise<void> {
    const dt = (name: string, nullable = false) => ({
      name,
      type: 'datetime',
      precision: 3,
      isNullable: nullable,
    });
    const str = (name: string, length: number, nullable = false) => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    await q.createTable(
      new Table({
        name: 'notification_outbox',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          str('idempotency_key', 255),
          str('event_key', 200),
          str('dossier_id', 64, true),
          str('process_instance_id', 64, true),
          str('kind', 40),
          str('channel', 10),
          str('recipient_user_id', 64),
          str('recipient', 200),
          { name: 'payload', type: 'text' },
          str('state', 12),
          { name: 'attempts', type: 'integer', default: 0 },
          dt('next_attempt_at'),
          dt('lease_until', true),
          str('claimed_by', 120, true),
          str('template_id', 60, true),
          { name: 'template_version', type: 'integer', isNullable: true },
          str('subject', 300, true),
          str('provider_id', 200, true),
          str('last_error', 500, true),
          dt('created_at'),
          dt('sent_at', true),
          dt('failed_at', true),
          { name: 'version', type: 'integer', default: 0 },
        ],
        uniques: [{ name: 'uq_notification_outbox_key', columnNames: ['idempotency_key'] }],
      }),
    );
    await q.createIndex(
      'notification_outbox',
      new TableIndex({ name: 'idx_notification_outbox_due', columnNames: ['state', 'next_attempt_at'] }),
    );
    await q.createIndex(
      'notification_outbox',
      new TableIndex({ name: 'idx_notification_outbox_dossier', columnNames: ['dossier_id'] }),
    );
    await q.createTable(
      new Table({
        name: 'notification_preference',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          str('email', 200, true),
          str('phone', 20, true),
          str('channels', 10),
          dt('updated_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notification_preference');
    await q.dropTable('notification_outbox');
  }
}
