import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The audit search by person and by dossier (target), newest first (issue 14). */
export class AdminAuditIndexes1765150200000 implements MigrationInterface {
  name = 'AdminAuditIndexes1765150200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'audit_entry',
      new TableIndex({ name: 'idx_audit_actor_id', columnNames: ['actor', 'id'] }),
    );
    await q.createIndex(
      'audit_entry',
      new TableIndex({ name: 'idx_audit_target_id', columnNames: ['target', 'id'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('audit_entry', 'idx_audit_target_id');
    await q.dropIndex('audit_entry', 'idx_audit_actor_id');
  }
}
