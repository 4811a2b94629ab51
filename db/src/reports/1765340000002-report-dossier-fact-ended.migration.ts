import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { rebuildDossierFacts } from './dossier-fact-writer.js';

/**
 * `ended_at` (the earlier of completion and closing) and its index: "open at a period's end" is
 * then one index range (ended after the end, or never) instead of every dossier received before
 * it. Then the backfill: every dossier's facts recomputed from the existing history a few thousand
 * dossiers a statement (dossier-fact-writer.ts), so a million history events migrate without
 * being held in memory. Table API only.
 */
export class ReportDossierFactEnded1765340000002 implements MigrationInterface {
  name = 'ReportDossierFactEnded1765340000002';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'report_dossier_fact',
      new TableColumn({ name: 'ended_at', type: 'datetime', precision: 3, isNullable: true }),
    );
    await q.createIndex(
      'report_dossier_fact',
      new TableIndex({
        name: 'idx_report_fact_ended',
        columnNames: ['ended_at', 'received_at', 'dossier_id'],
      }),
    );
    await rebuildDossierFacts(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('report_dossier_fact', 'idx_report_fact_ended');
    await q.dropColumn('report_dossier_fact', 'ended_at');
  }
}
