import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Drops (procedure_key, received_at) from `report_dossier_fact`: for a unit leader's procedures
 * SQLite read every fact of them through it for each period and measure group instead of the
 * period's time range (bench/RESULTS.md); the time indexes serve every report. Table API only.
 */
export class ReportDossierFactDropProcedureIndex1765340000003 implements MigrationInterface {
  name = 'ReportDossierFactDropProcedureIndex1765340000003';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('report_dossier_fact', 'idx_report_fact_procedure');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'report_dossier_fact',
      new TableIndex({ name: 'idx_report_fact_procedure', columnNames: ['procedure_key', 'received_at'] }),
    );
  }
}
