import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An index on `dossier.submitted_at` alone: every report first checks that the working-day index
 * covers the first dossier's year (working-day-index.ts, `MIN(submitted_at)`), which read every
 * dossier row without it — about 0.1–0.2 s a report at 183 000 dossiers (bench/RESULTS.md).
 * Table API only.
 */
export class ReportDossierSubmittedIndex1765350000001 implements MigrationInterface {
  name = 'ReportDossierSubmittedIndex1765350000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'dossier',
      new TableIndex({ name: 'idx_dossier_submitted', columnNames: ['submitted_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('dossier', 'idx_dossier_submitted');
  }
}
