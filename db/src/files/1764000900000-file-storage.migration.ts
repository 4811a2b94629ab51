import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The file storage (`file_content`, `file_object`) and task attachments (`eng_attachment`).
 * Bytes are `longblob` on MySQL/MariaDB (`blob` there is 64 KiB) and `blob` on SQLite (no limit
 * below SQLite's 1 GB value size). Engine range: files are the engine's first user.
 */
export class FileStorage1764000900000 implements MigrationInterface {
  name = 'FileStorage1764000900000';

  async up(qr: QueryRunner): Promise<void> {
    const mysql = qr.connection.driver.options.type === 'mysql';
    const time = (name: string) => ({ name, type: 'datetime', precision: 3 });
    const ref = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '64', isNullable });
    const str = (name: string, isNullable = true) => ({ name, type: 'varchar', length: '255', isNullable });
    await qr.createTable(
      new Table({
        name: 'file_content',
        columns: [
          { ...ref('sha256'), isPrimary: true },
          { name: 'size', type: 'integer' },
          { name: 'content', type: mysql ? 'longblob' : 'blob' },
          time('createdAt'),
        ],
      }),
      true,
    );
    await qr.createTable(
      new Table({
        name: 'file_object',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('sha256'),
          { name: 'size', type: 'integer' },
          str('mimeType', false),
          str('originalName'),
          time('createdAt'),
        ],
        indices: [new TableIndex({ name: 'idx_file_object_sha256', columnNames: ['sha256'] })],
      }),
      true,
    );
    await qr.createTable(
      new Table({
        name: 'eng_attachment',
        columns: [
          { ...ref('id'), isPrimary: true },
          { name: 'rev', type: 'integer' },
          str('name'),
          { name: 'description', type: 'text', isNullable: true },
          str('type'),
          ref('taskId', true),
          ref('processInstanceId', true),
          { name: 'url', type: 'text', isNullable: true },
          ref('fileId', true),
          str('userId'),
          time('createTime'),
        ],
        indices: [
          new TableIndex({ name: 'idx_eng_attachment_task', columnNames: ['taskId'] }),
          new TableIndex({ name: 'idx_eng_attachment_file', columnNames: ['fileId'] }),
        ],
      }),
      true,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('eng_attachment', true);
    await qr.dropTable('file_object', true);
    await qr.dropTable('file_content', true);
  }
}
