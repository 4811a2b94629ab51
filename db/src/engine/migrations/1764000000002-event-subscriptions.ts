import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Executions waiting for a message (receive tasks, intermediate message catch events). */
export class EngineEventSubscriptions1764000000002 implements MigrationInterface {
  name = 'EngineEventSubscriptions1764000000002';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'eng_event_subscription',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'rev', type: 'integer' },
          { name: 'eventType', type: 'varchar', length: '32' },
          { name: 'eventName', type: 'varchar', length: '255' },
          { name: 'executionId', type: 'varchar', length: '64' },
          { name: 'processInstanceId', type: 'varchar', length: '64' },
          { name: 'processDefinitionId', type: 'varchar', length: '255' },
          { name: 'activityId', type: 'varchar', length: '255' },
          { name: 'created', type: 'datetime', precision: 3 },
          { name: 'tenantId', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
      true,
    );
    await qr.createIndex(
      'eng_event_subscription',
      new TableIndex({ name: 'idx_eng_event_subscription_0', columnNames: ['eventType', 'eventName'] }),
    );
    await qr.createIndex(
      'eng_event_subscription',
      new TableIndex({ name: 'idx_eng_event_subscription_1', columnNames: ['processInstanceId'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_event_subscription', true);
  }
}
