import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A generated procedure without a national code is known by its catalogue id, which can be a long
 * slug: `dossier.procedure_code` grows from 50 to 200 characters. Table API only (SQLite and MySQL).
 */
export class PortalProcedureCodeLength1764110000000 implements MigrationInterface {
  name = 'PortalProcedureCodeLength1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.changeColumn(
      'dossier',
      'procedure_code',
      new TableColumn({ name: 'procedure_code', type: 'varchar', length: '200' }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.changeColumn(
      'dossier',
      'procedure_code',
      new TableColumn({ name: 'procedure_code', type: 'varchar', length: '50' }),
    );
  }
}
