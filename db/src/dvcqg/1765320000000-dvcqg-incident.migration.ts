import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The engine incident raised for an outbox row given up on (issue 13): its id, so it is raised
 * once across restarts and workers, and resolved once the row is resent.
 */
export class DvcqgIncident1765320000000 implements MigrationInterface {
  name = 'DvcqgIncident1765320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'dvcqg_outbox',
      new TableColumn({ name: 'incident_id', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('dvcqg_outbox', 'incident_id');
  }
}
