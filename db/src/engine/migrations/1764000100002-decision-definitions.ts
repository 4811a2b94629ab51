import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Deployed DMN decisions, versioned per key like process definitions. */
export class EngineDecisionDefinitions1764000100002 implements MigrationInterface {
  name = 'EngineDecisionDefinitions1764000100002';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'eng_decision_definition',
        columns: [
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'definitionKey', type: 'varchar', length: '255' },
          { name: 'version', type: 'integer' },
          { name: 'name', type: 'varchar', length: '255', isNullable: true },
          { name: 'deploymentId', type: 'varchar', length: '64' },
          { name: 'resourceName', type: 'varchar', length: '255' },
          { name: 'versionTag', type: 'varchar', length: '255', isNullable: true },
          { name: 'historyTimeToLive', type: 'integer', isNullable: true },
          { name: 'tenantId', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
      true,
    );
    await qr.createIndex(
      'eng_decision_definition',
      new TableIndex({ name: 'idx_eng_decision_definition_key', columnNames: ['definitionKey', 'version'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_decision_definition', true);
  }
}
