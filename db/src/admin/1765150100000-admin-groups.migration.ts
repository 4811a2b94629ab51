import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The groups every generated and hand-modelled procedure uses today (processes/ generator defaults). */
const SEED = [
  { id: 'mot-cua', nameVi: 'Bộ phận Một cửa (tiếp nhận và trả kết quả)', kind: 'desk' },
  { id: 'chuyen-vien', nameVi: 'Phòng chuyên môn (chuyên viên thụ lý)', kind: 'department' },
  { id: 'lanh-dao', nameVi: 'Lãnh đạo đơn vị (phê duyệt)', kind: 'leadership' },
];

/**
 * The candidate groups as a register with their Vietnamese names (issue 14), seeded with the
 * groups the catalogue's processes use. Membership stays in portal_user_group. Table API only.
 */
export class AdminGroups1765150100000 implements MigrationInterface {
  name = 'AdminGroups1765150100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'portal_group',
        columns: [
          { name: 'id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'name_vi', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'unit_code', type: 'varchar', length: '50', isNullable: true },
          { name: 'active', type: 'boolean', default: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
    // A UTC timestamp both drivers store as is (MySQL runs with timezone 'Z').
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const g of SEED)
      await q.query(
        'INSERT INTO portal_group (id, name_vi, kind, unit_code, active, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [g.id, g.nameVi, g.kind, null, 1, now],
      );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('portal_group');
  }
}
