import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Historic incidents (`GET /history/incident`). */
export class EngineHistoricIncidents1764000200003 implements MigrationInterface {
  name = 'EngineHistoricIncidents1764000200003';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'eng_hi_incident',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'rev', type: 'integer' },
          { name: 'incidentType', type: 'varchar', length: '64' },
          { name: 'incidentMessage', type: 'text', isNullable: true },
          { name: 'createTime', type: 'datetime', precision: 3 },
          { name: 'endTime', type: 'datetime', precision: 3, isNullable: true },
          { name: 'executionId', type: 'varchar', length: '64' },
          { name: 'processInstanceId', type: 'varchar', length: '64' },
          { name: 'processDefinitionId', type: 'varchar', length: '255' },
          { name: 'activityId', type: 'varchar', length: '255' },
          { name: 'configuration', type: 'varchar', length: '64', isNullable: true },
          { name: 'tenantId', type: 'varchar', length: '64', isNullable: true },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'annotation', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_eng_hi_incident_0', columnNames: ['processInstanceId'] })],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_hi_incident', true);
  }
}
