import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The job executor's table: timers and async continuations, with due date, lock and retries. */
export class EngineJobs1764000100000 implements MigrationInterface {
  name = 'EngineJobs1764000100000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'eng_job',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'rev', type: 'integer' },
          { name: 'type', type: 'varchar', length: '32' },
          { name: 'handlerType', type: 'varchar', length: '64' },
          { name: 'activityId', type: 'varchar', length: '255' },
          { name: 'executionId', type: 'varchar', length: '64', isNullable: true },
          { name: 'processInstanceId', type: 'varchar', length: '64', isNullable: true },
          { name: 'processDefinitionId', type: 'varchar', length: '255' },
          { name: 'processDefinitionKey', type: 'varchar', length: '255' },
          { name: 'dueDate', type: 'datetime', precision: 3, isNullable: true },
          { name: 'repeatCycle', type: 'varchar', length: '255', isNullable: true },
          { name: 'retries', type: 'integer' },
          { name: 'retryTimeCycle', type: 'varchar', length: '255', isNullable: true },
          { name: 'exceptionMessage', type: 'text', isNullable: true },
          { name: 'exceptionStacktrace', type: 'text', isNullable: true },
          { name: 'lockOwner', type: 'varchar', length: '255', isNullable: true },
          { name: 'lockExpirationTime', type: 'datetime', precision: 3, isNullable: true },
          { name: 'suspended', type: 'boolean' },
          { name: 'priority', type: 'integer' },
          { name: 'createTime', type: 'datetime', precision: 3 },
          { name: 'tenantId', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
      true,
    );
    // Acquisition scans due jobs; runtime cleanup finds an execution's or an instance's jobs.
    await qr.createIndex('eng_job', new TableIndex({ name: 'idx_eng_job_due', columnNames: ['dueDate'] }));
    await qr.createIndex(
      'eng_job',
      new TableIndex({ name: 'idx_eng_job_exec', columnNames: ['executionId'] }),
    );
    await qr.createIndex(
      'eng_job',
      new TableIndex({ name: 'idx_eng_job_procinst', columnNames: ['processInstanceId'] }),
    );
    await qr.createIndex(
      'eng_job',
      new TableIndex({ name: 'idx_eng_job_procdef', columnNames: ['processDefinitionId'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_job', true);
  }
}
