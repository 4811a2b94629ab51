import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { FINISHED_COUNT_TABLE, rebuildFinishedInstanceCountSql } from '../engine/finished-instance-count.js';

/**
 * The exact count of finished historic process instances (issue 15, scenario (d)): counter rows
 * per definition and slot that the engine moves in the same transaction as the history rows (see
 * db/src/engine/finished-instance-count.ts), filled here from the rows already there. Stop every
 * engine process before migrating: an older engine ending instances meanwhile would not count them.
 */
export class FinishedInstanceCount1765490000000 implements MigrationInterface {
  name = 'FinishedInstanceCount1765490000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: FINISHED_COUNT_TABLE,
        columns: [
          { name: 'processDefinitionId', type: 'varchar', length: '255', isPrimary: true },
          { name: 'slot', type: 'int', isPrimary: true },
          { name: 'processDefinitionKey', type: 'varchar', length: '255' },
          { name: 'finished', type: 'int' },
        ],
      }),
    );
    // A procedure's count (every version of it) reads its own rows only.
    await qr.createIndex(
      FINISHED_COUNT_TABLE,
      new TableIndex({ name: 'idx_eng_hi_procinst_finished_key', columnNames: ['processDefinitionKey'] }),
    );
    for (const sql of rebuildFinishedInstanceCountSql()) await qr.query(sql);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable(FINISHED_COUNT_TABLE);
  }
}
