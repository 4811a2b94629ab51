import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Historic task instances keep what Camunda's /history/task shows: description, owner, priority, dates. */
export class EngineHistoricTaskDetails1764000000001 implements MigrationInterface {
  name = 'EngineHistoricTaskDetails1764000000001';

  async up(qr: QueryRunner): Promise<void> {
    const big = qr.connection.driver.options.type === 'mysql' ? 'mediumtext' : 'text';
    await qr.addColumns('eng_hi_taskinst', [
      new TableColumn({ name: 'description', type: big, isNullable: true }),
      new TableColumn({ name: 'owner', type: 'varchar', length: '255', isNullable: true }),
      new TableColumn({ name: 'priority', type: 'integer', default: 50 }),
      new TableColumn({ name: 'dueDate', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'followUpDate', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'businessKey', type: 'varchar', length: '255', isNullable: true }),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const c of ['businessKey', 'followUpDate', 'dueDate', 'priority', 'owner', 'description'])
      await qr.dropColumn('eng_hi_taskinst', c);
  }
}
