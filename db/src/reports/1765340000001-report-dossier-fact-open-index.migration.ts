import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The "open at the period's end" part of the indicator cells (indicator-cells-sql.ts) walks the
 * facts received before each period's end and keeps those not yet completed or closed: with the
 * completion and closing times in the receipt index that walk reads the index alone, not a fact
 * row per dossier. Replaces the receipt-only index. Table API only.
 */
export class ReportDossierFactOpenIndex1765340000001 implements MigrationInterface {
  name = 'ReportDossierFactOpenIndex1765340000001';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('report_dossier_fact', 'idx_report_fact_received');
    await q.createIndex(
      'report_dossier_fact',
      new TableIndex({
        name: 'idx_report_fact_open',
        columnNames: ['received_at', 'completed_at', 'closed_at', 'dossier_id'],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('report_dossier_fact', 'idx_report_fact_open');
    await q.createIndex(
      'report_dossier_fact',
      new TableIndex({ name: 'idx_report_fact_received', columnNames: ['received_at'] }),
    );
  }
}
