import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Single sign-on (issue 13): citizen IDs of accounts, pending sign-ins at an identity provider,
 * and which sessions came from one. New tables only; the user and session tables are untouched.
 */
export class SsoTables1765140000000 implements MigrationInterface {
  name = 'SsoTables1765140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'portal_user_citizen_id',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'citizen_id', type: 'varchar', length: '32' },
          { name: 'linked_at', type: 'datetime', precision: 3 },
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
      'portal_user_citizen_id',
      new TableIndex({ name: 'uq_portal_user_citizen_id', columnNames: ['citizen_id'], isUnique: true }),
    );
    await q.createTable(
      new Table({
        name: 'oidc_login_attempt',
        columns: [
          { name: 'state_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'provider', type: 'varchar', length: '20' },
          { name: 'nonce', type: 'varchar', length: '128' },
          { name: 'code_verifier', type: 'varchar', length: '128' },
          { name: 'next_path', type: 'varchar', length: '500' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
    await q.createIndex(
      'oidc_login_attempt',
      new TableIndex({ name: 'idx_oidc_login_attempt_created', columnNames: ['created_at'] }),
    );
    await q.createTable(
      new Table({
        name: 'portal_session_oidc',
        columns: [
          { name: 'token_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'provider', type: 'varchar', length: '20' },
          { name: 'id_token', type: 'text' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('portal_session_oidc');
    await q.dropTable('oidc_login_attempt');
    await q.dropTable('portal_user_citizen_id');
  }
}
