import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Message start events of the latest version of each process: `POST /message` looks here when no
 * waiting execution matches. (Camunda keeps these in its event subscription table with no execution.)
 */
export class EngineStartEventSubscriptions1764000100001 implements MigrationInterface {
  name = 'EngineStartEventSubscriptions1764000100001';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'eng_start_subscription',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'eventType', type: 'varchar', length: '32' },
          { name: 'eventName', type: 'varchar', length: '255' },
          { name: 'processDefinitionId', type: 'varchar', length: '255' },
          { name: 'processDefinitionKey', type: 'varchar', length: '255' },
          { name: 'activityId', type: 'varchar', length: '255' },
          { name: 'tenantId', type: 'varchar', length: '64', isNullable: true },
          { name: 'created', type: 'datetime', precision: 3 },
        ],
      }),
      true,
    );
    await qr.createIndex(
      'eng_start_subscription',
      new TableIndex({ name: 'idx_eng_start_subscription_0', columnNames: ['eventType', 'eventName'] }),
    );
    await qr.createIndex(
      'eng_start_subscription',
      new TableIndex({ name: 'idx_eng_start_subscription_1', columnNames: ['processDefinitionKey'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_start_subscription', true);
  }
}
