import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Operator settings of job definitions (suspension, overriding priority). */
export class EngineJobDefinitions1764000200006 implements MigrationInterface {
  name = 'EngineJobDefinitions1764000200006';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'eng_job_definition',
        columns: [
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'rev', type: 'integer' },
          { name: 'processDefinitionId', type: 'varchar', length: '255' },
          { name: 'activityId', type: 'varchar', length: '255' },
          { name: 'suspended', type: 'boolean' },
          { name: 'overridingJobPriority', type: 'integer', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_eng_job_definition_0', columnNames: ['processDefinitionId'] })],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_job_definition', true);
  }
}
