import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The identity-link log of tasks (`GET /history/identity-link-log`). */
export class EngineHistoricIdentityLinks1764000200004 implements MigrationInterface {
  name = 'EngineHistoricIdentityLinks1764000200004';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'eng_hi_identitylink',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'time', type: 'datetime', precision: 3 },
          { name: 'type', type: 'varchar', length: '32' },
          { name: 'userId', type: 'varchar', length: '255', isNullable: true },
          { name: 'groupId', type: 'varchar', length: '255', isNullable: true },
          { name: 'taskId', type: 'varchar', length: '64' },
          { name: 'operationType', type: 'varchar', length: '16' },
          { name: 'assignerId', type: 'varchar', length: '255', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_eng_hi_identitylink_0', columnNames: ['taskId'] })],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_hi_identitylink', true);
  }
}
