import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Time indexes for the metrics (issue 17): `GET /metrics` buckets the activity starts and ends and
 * the root instances' starts per interval, and `/metrics/{name}/sum` counts them in a window. With
 * these the database reads a narrow index — in time order, or only the window's range — instead of
 * every history row. Camunda keeps the same indexes (ACT_IDX_HI_ACT_INST_START_END,
 * ACT_IDX_HI_ACT_INST_END). The (superProcessInstanceId, startTime) index replaces the one on
 * superProcessInstanceId alone, which it starts with.
 */
export class HistoryTimeIndexes1765100000000 implements MigrationInterface {
  name = 'HistoryTimeIndexes1765100000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'eng_hi_actinst',
      new TableIndex({ name: 'idx_eng_hi_actinst_start_end', columnNames: ['startTime', 'endTime'] }),
    );
    await qr.createIndex(
      'eng_hi_actinst',
      new TableIndex({ name: 'idx_eng_hi_actinst_end', columnNames: ['endTime'] }),
    );
    await qr.createIndex(
      'eng_hi_procinst',
      new TableIndex({
        name: 'idx_eng_hi_procinst_super_start',
        columnNames: ['superProcessInstanceId', 'startTime'],
      }),
    );
    await qr.dropIndex('eng_hi_procinst', 'idx_eng_hi_procinst_super');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'eng_hi_procinst',
      new TableIndex({ name: 'idx_eng_hi_procinst_super', columnNames: ['superProcessInstanceId'] }),
    );
    await qr.dropIndex('eng_hi_procinst', 'idx_eng_hi_procinst_super_start');
    await qr.dropIndex('eng_hi_actinst', 'idx_eng_hi_actinst_end');
    await qr.dropIndex('eng_hi_actinst', 'idx_eng_hi_actinst_start_end');
  }
}
