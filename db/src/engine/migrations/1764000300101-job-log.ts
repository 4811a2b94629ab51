import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The job log (`GET /history/job-log`). */
export class EngineJobLog1764000300101 implements MigrationInterface {
  name = 'EngineJobLog1764000300101';

  async up(qr: QueryRunner): Promise<void> {
    // Stack traces: `text` stops at 64 KB on MySQL.
    const big = qr.connection.driver.options.type === 'mysql' ? 'mediumtext' : 'text';
    await qr.createTable(
      new Table({
        name: 'eng_hi_job_log',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'timestamp', type: 'datetime', precision: 3 },
          { name: 'jobId', type: 'varchar', length: '64' },
          { name: 'jobDueDate', type: 'datetime', precision: 3, isNullable: true },
          { name: 'jobRetries', type: 'integer' },
          { name: 'jobPriority', type: 'integer' },
          { name: 'jobExceptionMessage', type: 'text', isNullable: true },
          { name: 'jobExceptionStacktrace', type: big, isNullable: true },
          { name: 'jobDefinitionId', type: 'varchar', length: '600' },
          { name: 'jobDefinitionType', type: 'varchar', length: '64' },
          { name: 'jobDefinitionConfiguration', type: 'varchar', length: '255', isNullable: true },
          { name: 'activityId', type: 'varchar', length: '255' },
          { name: 'executionId', type: 'varchar', length: '64', isNullable: true },
          { name: 'processInstanceId', type: 'varchar', length: '64', isNullable: true },
          { name: 'processDefinitionId', type: 'varchar', length: '255' },
          { name: 'processDefinitionKey', type: 'varchar', length: '255' },
          { name: 'tenantId', type: 'varchar', length: '64', isNullable: true },
          { name: 'hostname', type: 'varchar', length: '255', isNullable: true },
          { name: 'state', type: 'varchar', length: '16' },
        ],
        indices: [
          new TableIndex({ name: 'idx_eng_hi_job_log_0', columnNames: ['jobId'] }),
          new TableIndex({ name: 'idx_eng_hi_job_log_1', columnNames: ['processInstanceId'] }),
        ],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_hi_job_log', true);
  }
}
