import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};

/**
 * The national-portal sync: the outbox (one row per dossier history event, sent in order per
 * dossier) and the dossiers taken in from the portal's inbound queue. Table API only, so the same
 * class runs on SQLite and MySQL/MariaDB.
 */
export class DvcqgSync1765130000000 implements MigrationInterface {
  name = 'DvcqgSync1765130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'dvcqg_outbox',
        columns: [
          id,
          { name: 'event_key', type: 'varchar', length: '200' },
          { name: 'dossier_id', type: 'varchar', length: '64' },
          { name: 'process_instance_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'status_code', type: 'integer', isNullable: true },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'text_vi', type: 'varchar', length: '500' },
          { name: 'actor', type: 'varchar', length: '120' },
          { name: 'event_at', type: 'datetime', precision: 3 },
          { name: 'state', type: 'varchar', length: '12' },
          { name: 'attempts', type: 'integer' },
          { name: 'next_attempt_at', type: 'datetime', precision: 3 },
          { name: 'locked_by', type: 'varchar', length: '120', isNullable: true },
          { name: 'locked_until', type: 'datetime', precision: 3, isNullable: true },
          { name: 'last_answer', type: 'varchar', length: '1000', isNullable: true },
          { name: 'sent_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_dvcqg_outbox_event', columnNames: ['event_key'] }],
      }),
    );
    await q.createIndex(
      'dvcqg_outbox',
      new TableIndex({ name: 'idx_dvcqg_outbox_state', columnNames: ['state', 'next_attempt_at'] }),
    );
    await q.createIndex(
      'dvcqg_outbox',
      new TableIndex({ name: 'idx_dvcqg_outbox_dossier', columnNames: ['dossier_id', 'id'] }),
    );
    await q.createTable(
      new Table({
        name: 'dvcqg_inbound',
        columns: [
          id,
          { name: 'national_code', type: 'varchar', length: '64' },
          { name: 'dossier_id', type: 'varchar', length: '64' },
          { name: 'acknowledged_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_dvcqg_inbound_national', columnNames: ['national_code'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dvcqg_inbound');
    await q.dropTable('dvcqg_outbox');
  }
}
