import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The designer studio's drafts (`studio_draft`). Table API only, one class for SQLite and MySQL;
 * the XML and JSON columns are `mediumtext` on MySQL, where `text` stops at 64 KB.
 */
export class StudioDrafts1765000300000 implements MigrationInterface {
  name = 'StudioDrafts1765000300000';

  async up(q: QueryRunner): Promise<void> {
    const big = q.connection.driver.options.type === 'mysql' ? 'mediumtext' : 'text';
    await q.createTable(
      new Table({
        name: 'studio_draft',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'procedure_key', type: 'varchar', length: '200' },
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'bpmn_xml', type: big },
          { name: 'forms_json', type: big },
          { name: 'dmn_xml', type: big, isNullable: true },
          { name: 'base_definition_id', type: 'varchar', length: '200', isNullable: true },
          { name: 'author_id', type: 'varchar', length: '36' },
          { name: 'author_name', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
          { name: 'rev', type: 'integer' },
          { name: 'check_status', type: 'varchar', length: '20' },
          { name: 'check_errors', type: 'integer' },
          { name: 'check_warnings', type: 'integer' },
          { name: 'deployed_definition_id', type: 'varchar', length: '200', isNullable: true },
        ],
      }),
    );
    await q.createIndex(
      'studio_draft',
      new TableIndex({ name: 'IDX_studio_draft_procedure', columnNames: ['procedure_key'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('studio_draft');
  }
}
