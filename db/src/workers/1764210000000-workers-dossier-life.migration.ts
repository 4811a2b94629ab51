import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};
const eventKey = { name: 'event_key', type: 'varchar', length: '200' };
const dossierId = { name: 'dossier_id', type: 'varchar', length: '64' };
const processInstanceId = { name: 'process_instance_id', type: 'varchar', length: '64', isNullable: true };

/**
 * The dossier life's records: the append-only history of every dossier, the notifications to
 * officers (the leader's deadline reminders) and the documents issued to applicants (form 04).
 * Table API only, so the same class runs on SQLite and MySQL/MariaDB.
 */
export class WorkersDossierLife1764210000000 implements MigrationInterface {
  name = 'WorkersDossierLife1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'dossier_history',
        columns: [
          id,
          eventKey,
          dossierId,
          processInstanceId,
          { name: 'status_code', type: 'integer', isNullable: true },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'text_vi', type: 'varchar', length: '500' },
          { name: 'actor', type: 'varchar', length: '120' },
          { name: 'detail', type: 'text', isNullable: true },
          { name: 'at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_dossier_history_event', columnNames: ['event_key'] }],
      }),
    );
    await q.createIndex(
      'dossier_history',
      new TableIndex({ name: 'idx_dossier_history_dossier', columnNames: ['dossier_id'] }),
    );
    await q.createTable(
      new Table({
        name: 'staff_notification',
        columns: [
          id,
          eventKey,
          { name: 'recipient_group', type: 'varchar', length: '64' },
          dossierId,
          processInstanceId,
          { name: 'dossier_code', type: 'varchar', length: '64', isNullable: true },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'text_vi', type: 'varchar', length: '500' },
          { name: 'due_date', type: 'varchar', length: '10', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_staff_notification_event', columnNames: ['event_key'] }],
      }),
    );
    await q.createIndex(
      'staff_notification',
      new TableIndex({ name: 'idx_staff_notification_group', columnNames: ['recipient_group'] }),
    );
    await q.createTable(
      new Table({
        name: 'dossier_document',
        columns: [
          id,
          eventKey,
          dossierId,
          processInstanceId,
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'form_no', type: 'varchar', length: '10', isNullable: true },
          { name: 'title_vi', type: 'varchar', length: '300' },
          { name: 'body', type: 'text' },
          { name: 'new_appointment_date', type: 'varchar', length: '10', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_dossier_document_event', columnNames: ['event_key'] }],
      }),
    );
    await q.createIndex(
      'dossier_document',
      new TableIndex({ name: 'idx_dossier_document_dossier', columnNames: ['dossier_id'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dossier_document');
    await q.dropTable('staff_notification');
    await q.dropTable('dossier_history');
  }
}
