import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { MINISTRY_UNITS } from './ministry-units.js';

/**
 * The ministry's units (issue 14), seeded with the units that handle procedures, and a user's unit
 * on the portal account (nullable: applicants and accounts made before have none). Table API only.
 */
export class AdminUnits1765150000000 implements MigrationInterface {
  name = 'AdminUnits1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'unit',
        columns: [
          { name: 'code', type: 'varchar', length: '50', isPrimary: true },
          { name: 'name_vi', type: 'varchar', length: '300' },
          { name: 'parent_code', type: 'varchar', length: '50', isNullable: true },
          { name: 'active', type: 'boolean', default: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
    await q.createIndex('unit', new TableIndex({ name: 'idx_unit_parent', columnNames: ['parent_code'] }));
    // A UTC timestamp both drivers store as is (MySQL runs with timezone 'Z').
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const u of MINISTRY_UNITS)
      await q.query(
        'INSERT INTO unit (code, name_vi, parent_code, active, created_at) VALUES (?, ?, ?, ?, ?)',
        [u.code, u.nameVi, u.parentCode, 1, now],
      );
    await q.addColumn(
      'portal_user',
      new TableColumn({ name: 'unit_code', type: 'varchar', length: '50', isNullable: true }),
    );
    await q.createIndex(
      'portal_user',
      new TableIndex({ name: 'idx_portal_user_unit', columnNames: ['unit_code'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('portal_user', 'idx_portal_user_unit');
    await q.dropColumn('portal_user', 'unit_code');
    await q.dropTable('unit');
  }
}
