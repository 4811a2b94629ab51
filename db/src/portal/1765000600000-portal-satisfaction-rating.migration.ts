import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Applicants' satisfaction with a returned result (one rating per dossier, the primary key), kept
 * for the reporting issue (the ministry's plan targets ≥ 90 % satisfied). Table API only.
 */
export class PortalSatisfactionRating1765000600000 implements MigrationInterface {
  name = 'PortalSatisfactionRating1765000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'satisfaction_rating',
        columns: [
          { name: 'dossier_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'applicant_id', type: 'varchar', length: '36' },
          { name: 'procedure_code', type: 'varchar', length: '200' },
          { name: 'score', type: 'integer' },
          { name: 'comment', type: 'text', isNullable: true },
          { name: 'rated_at', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          {
            columnNames: ['dossier_id'],
            referencedTableName: 'dossier',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await q.createIndex(
      'satisfaction_rating',
      new TableIndex({ name: 'idx_satisfaction_rated_at', columnNames: ['rated_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('satisfaction_rating');
  }
}
