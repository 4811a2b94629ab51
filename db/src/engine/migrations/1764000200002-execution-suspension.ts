import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Suspended process instances (`PUT /process-instance/{id}/suspended`). */
export class EngineExecutionSuspension1764000200002 implements MigrationInterface {
  name = 'EngineExecutionSuspension1764000200002';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn(
      'eng_execution',
      new TableColumn({ name: 'suspended', type: 'boolean', isNullable: false, default: false }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('eng_execution', 'suspended');
  }
}
