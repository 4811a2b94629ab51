import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The documents applicants and the desk upload to dossiers (`dossier_attachment`). Table API only. */
export class PortalDossierAttachments1765000400000 implements MigrationInterface {
  name = 'PortalDossierAttachments1765000400000';

  async up(q: QueryRunner): Promise<void> {
    const str = (name: string, length: number, isNullable = false) => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
    });
    const time = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });
    await q.createTable(
      new Table({
        name: 'dossier_attachment',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('dossier_id', 64, true),
          str('owner_id', 64),
          str('scope', 200),
          { name: 'slot', type: 'integer' },
          str('document_name', 500),
          str('file_id', 64),
          str('sha256', 64),
          { name: 'size', type: 'integer' },
          str('media_type', 120),
          str('original_name', 255, true),
          str('state', 16),
          str('source', 16),
          str('replaced_by', 36, true),
          time('created_at'),
          time('bound_at', true),
          time('expires_at', true),
        ],
        indices: [
          new TableIndex({ name: 'idx_dossier_attachment_dossier', columnNames: ['dossier_id'] }),
          new TableIndex({ name: 'idx_dossier_attachment_owner_scope', columnNames: ['owner_id', 'scope'] }),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dossier_attachment', true);
  }
}
