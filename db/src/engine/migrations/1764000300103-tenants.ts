import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Tenants and their user and group members (`/tenant`). */
export class EngineTenants1764000300103 implements MigrationInterface {
  name = 'EngineTenants1764000300103';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'eng_tenant',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'rev', type: 'integer' },
          { name: 'name', type: 'varchar', length: '255', isNullable: true },
        ],
      }),
      true,
    );
    await qr.createTable(
      new Table({
        name: 'eng_tenant_member',
        columns: [
          { name: 'id', type: 'varchar', length: '160', isPrimary: true },
          { name: 'tenantId', type: 'varchar', length: '64' },
          { name: 'userId', type: 'varchar', length: '64', isNullable: true },
          { name: 'groupId', type: 'varchar', length: '64', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'idx_eng_tenant_member_0', columnNames: ['tenantId'] }),
          new TableIndex({ name: 'idx_eng_tenant_member_1', columnNames: ['userId'] }),
          new TableIndex({ name: 'idx_eng_tenant_member_2', columnNames: ['groupId'] }),
        ],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_tenant_member', true);
    await qr.dropTable('eng_tenant', true);
  }
}
