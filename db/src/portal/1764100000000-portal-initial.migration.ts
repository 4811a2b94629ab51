import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The portal's tables: accounts, groups, sessions, dossiers and the audit trail.
 * Written with the Table API so the same class runs on SQLite and MySQL/MariaDB.
 */
export class PortalInitial1764100000000 implements MigrationInterface {
  name = 'PortalInitial1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'portal_user',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'username', type: 'varchar', length: '100', isUnique: true },
          { name: 'display_name', type: 'varchar', length: '200' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'active', type: 'boolean', default: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'portal_user_group',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'group_id', type: 'varchar', length: '100', isPrimary: true },
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'portal_user',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'portal_session',
        columns: [
          { name: 'token_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'csrf_token', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'last_seen_at', type: 'datetime', precision: 3 },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'portal_user',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await q.createIndex(
      'portal_session',
      new TableIndex({ name: 'idx_portal_session_user', columnNames: ['user_id'] }),
    );
    await q.createTable(
      new Table({
        name: 'dossier',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'procedure_key', type: 'varchar', length: '200' },
          { name: 'procedure_code', type: 'varchar', length: '50' },
          { name: 'applicant_id', type: 'varchar', length: '36' },
          { name: 'process_instance_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'dossier_code', type: 'varchar', length: '64', isNullable: true },
          { name: 'status_code', type: 'integer', isNullable: true },
          { name: 'engine_state', type: 'varchar', length: '20' },
          { name: 'submitted_at', type: 'datetime', precision: 3 },
          { name: 'channel', type: 'integer' },
          { name: 'submitted_data', type: 'text' },
          { name: 'rev', type: 'integer' },
        ],
      }),
    );
    await q.createIndex(
      'dossier',
      new TableIndex({ name: 'idx_dossier_applicant', columnNames: ['applicant_id'] }),
    );
    await q.createIndex(
      'dossier',
      new TableIndex({ name: 'idx_dossier_process_instance', columnNames: ['process_instance_id'] }),
    );
    await q.createIndex(
      'dossier',
      new TableIndex({ name: 'idx_dossier_code', columnNames: ['dossier_code'], isUnique: true }),
    );
    await q.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'actor', type: 'varchar', length: '120' },
          { name: 'action', type: 'varchar', length: '60' },
          { name: 'target', type: 'varchar', length: '200', isNullable: true },
          { name: 'detail', type: 'text', isNullable: true },
          { name: 'at', type: 'datetime', precision: 3 },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
    );
    await q.createIndex('audit_entry', new TableIndex({ name: 'idx_audit_action', columnNames: ['action'] }));
    await q.createIndex('audit_entry', new TableIndex({ name: 'idx_audit_at', columnNames: ['at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_entry');
    await q.dropTable('dossier');
    await q.dropTable('portal_session');
    await q.dropTable('portal_user_group');
    await q.dropTable('portal_user');
  }
}
