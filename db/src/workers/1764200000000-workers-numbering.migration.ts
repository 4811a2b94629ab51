import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The workers' numbering tables: counters (dossier codes per unit and day, result numbers per
 * series and period) and the assignments that make the numbering idempotent per process instance.
 * Table API only, so the same class runs on SQLite and MySQL/MariaDB.
 */
export class WorkersNumbering1764200000000 implements MigrationInterface {
  name = 'WorkersNumbering1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'dossier_code_counter',
        columns: [
          { name: 'unit_code', type: 'varchar', length: '40', isPrimary: true },
          { name: 'day', type: 'varchar', length: '6', isPrimary: true },
          { name: 'last_sequence', type: 'integer' },
          { name: 'rev', type: 'integer' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dossier_code_assignment',
        columns: [
          { name: 'process_instance_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'dossier_code', type: 'varchar', length: '64' },
          { name: 'unit_code', type: 'varchar', length: '40' },
          { name: 'day', type: 'varchar', length: '6' },
          { name: 'sequence', type: 'integer' },
          { name: 'assigned_at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_dossier_code_assignment_code', columnNames: ['dossier_code'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'result_number_counter',
        columns: [
          { name: 'series', type: 'varchar', length: '40', isPrimary: true },
          { name: 'period', type: 'varchar', length: '8', isPrimary: true },
          { name: 'last_sequence', type: 'integer' },
          { name: 'rev', type: 'integer' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'result_number_assignment',
        columns: [
          { name: 'process_instance_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'result_number', type: 'varchar', length: '64' },
          { name: 'series', type: 'varchar', length: '40' },
          { name: 'period', type: 'varchar', length: '8' },
          { name: 'sequence', type: 'integer' },
          { name: 'issued_at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_result_number_assignment_number', columnNames: ['result_number'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('result_number_assignment');
    await q.dropTable('result_number_counter');
    await q.dropTable('dossier_code_assignment');
    await q.dropTable('dossier_code_counter');
  }
}
