import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The event subscriptions of one execution (issue 15). Every scope that ends, every catch event
 * that fires and every boundary that is cancelled reads or deletes its execution's subscriptions
 * (`WHERE executionId = ?`); without an index on executionId each of those read the whole table —
 * every message a waiting dossier listens for — and on MariaDB the delete that followed scanned
 * into other instances' rows (the ending races of bench/RESULTS.md, "deletes by primary key").
 */
export class EventSubscriptionExecutionIndex1765460000000 implements MigrationInterface {
  name = 'EventSubscriptionExecutionIndex1765460000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'eng_event_subscription',
      new TableIndex({ name: 'idx_eng_event_subscription_exec', columnNames: ['executionId'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('eng_event_subscription', 'idx_eng_event_subscription_exec');
  }
}
