import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Decision requirements definitions (`/decision-requirements-definition`). */
export class EngineDecisionRequirements1764000300102 implements MigrationInterface {
  name = 'EngineDecisionRequirements1764000300102';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'eng_decision_req_def',
        columns: [
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'definitionKey', type: 'varchar', length: '255' },
          { name: 'version', type: 'integer' },
          { name: 'name', type: 'varchar', length: '255', isNullable: true },
          { name: 'category', type: 'varchar', length: '255', isNullable: true },
          { name: 'deploymentId', type: 'varchar', length: '64' },
          { name: 'resourceName', type: 'varchar', length: '255' },
          { name: 'tenantId', type: 'varchar', length: '64', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'idx_eng_decision_req_def_0', columnNames: ['definitionKey', 'version'] }),
          new TableIndex({ name: 'idx_eng_decision_req_def_1', columnNames: ['deploymentId'] }),
        ],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_decision_req_def', true);
  }
}
