import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Task delegation (Camunda's delegationState: PENDING, RESOLVED) and incident annotations. */
export class EngineTaskDelegation1764000200001 implements MigrationInterface {
  name = 'EngineTaskDelegation1764000200001';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn(
      'eng_task',
      new TableColumn({ name: 'delegationState', type: 'varchar', length: '16', isNullable: true }),
    );
    await qr.addColumn(
      'eng_incident',
      new TableColumn({ name: 'annotation', type: 'text', isNullable: true }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('eng_incident', 'annotation');
    await qr.dropColumn('eng_task', 'delegationState');
  }
}
