import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The reports' per-dossier facts (`report_dossier_fact`, see dossier-fact.entity.ts); the
 * backfill from the existing history runs in 1765340000002, after the last column is added.
 * Table API only.
 */
export class ReportDossierFact1765340000000 implements MigrationInterface {
  name = 'ReportDossierFact1765340000000';

  async up(q: QueryRunner): Promise<void> {
    const at = (name: string) => ({ name, type: 'datetime', precision: 3, isNullable: true });
    const flag = (name: string) => ({ name, type: 'integer', default: 0 });
    await q.createTable(
      new Table({
        name: 'report_dossier_fact',
        columns: [
          { name: 'dossier_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'procedure_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'channel', type: 'integer', isNullable: true },
          at('received_at'),
          at('completed_at'),
          at('closed_at'),
          at('not_accepted_at'),
          at('late_at'),
          flag('supplement_rounds'),
          flag('with_fee'),
          flag('refused'),
          flag('paid_online'),
          flag('events'),
        ],
      }),
    );
    const indexes: [string, string[]][] = [
      ['idx_report_fact_received', ['received_at']],
      ['idx_report_fact_completed', ['completed_at']],
      ['idx_report_fact_not_accepted', ['not_accepted_at']],
      ['idx_report_fact_procedure', ['procedure_key', 'received_at']],
    ];
    for (const [name, columnNames] of indexes)
      await q.createIndex('report_dossier_fact', new TableIndex({ name, columnNames }));
    // Filled from the history by ReportDossierFactEnded1765340000002, once every column exists.
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('report_dossier_fact');
  }
}
