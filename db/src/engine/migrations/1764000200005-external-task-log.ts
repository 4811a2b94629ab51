import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The external-task log (`GET /history/external-task-log`). */
export class EngineExternalTaskLog1764000200005 implements MigrationInterface {
  name = 'EngineExternalTaskLog1764000200005';

  async up(qr: QueryRunner): Promise<void> {
    // Error details are stack traces: `text` stops at 64 KB on MySQL.
    const big = qr.connection.driver.options.type === 'mysql' ? 'mediumtext' : 'text';
    await qr.createTable(
      new Table({
        name: 'eng_hi_ext_task_log',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'timestamp', type: 'datetime', precision: 3 },
          { name: 'externalTaskId', type: 'varchar', length: '64' },
          { name: 'topicName', type: 'varchar', length: '255' },
          { name: 'workerId', type: 'varchar', length: '255', isNullable: true },
          { name: 'retries', type: 'integer', isNullable: true },
          { name: 'priority', type: 'integer' },
          { name: 'errorMessage', type: 'text', isNullable: true },
          { name: 'errorDetails', type: big, isNullable: true },
          { name: 'activityId', type: 'varchar', length: '255' },
          { name: 'activityInstanceId', type: 'varchar', length: '64' },
          { name: 'executionId', type: 'varchar', length: '64' },
          { name: 'processInstanceId', type: 'varchar', length: '64' },
          { name: 'processDefinitionId', type: 'varchar', length: '255' },
          { name: 'processDefinitionKey', type: 'varchar', length: '255' },
          { name: 'tenantId', type: 'varchar', length: '64', isNullable: true },
          { name: 'state', type: 'varchar', length: '16' },
        ],
        indices: [
          new TableIndex({ name: 'idx_eng_hi_ext_task_log_0', columnNames: ['externalTaskId'] }),
          new TableIndex({ name: 'idx_eng_hi_ext_task_log_1', columnNames: ['processInstanceId'] }),
        ],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_hi_ext_task_log', true);
  }
}
