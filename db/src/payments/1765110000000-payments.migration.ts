import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Online fee payments (issue 12): one row per attempt (each with its own gateway reference,
 * `vnp_TxnRef` for VNPay), and the dossier's "paid online" mark (`DuocThanhToanTrucTuyen` of the
 * national sync, the online-payment share of the reports). Table API only: SQLite and MySQL.
 */
export class Payments1765110000000 implements MigrationInterface {
  name = 'Payments1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'payment_attempt',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'dossier_id', type: 'varchar', length: '36' },
          { name: 'applicant_id', type: 'varchar', length: '36' },
          { name: 'gateway', type: 'varchar', length: '20' },
          { name: 'txn_ref', type: 'varchar', length: '64', isUnique: true },
          { name: 'amount_vnd', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'response_code', type: 'varchar', length: '8', isNullable: true },
          { name: 'gateway_transaction_no', type: 'varchar', length: '64', isNullable: true },
          { name: 'bank_code', type: 'varchar', length: '20', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'expires_at', type: 'datetime', precision: 3 },
          { name: 'paid_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'confirmed_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'confirmed_by', type: 'varchar', length: '20', isNullable: true },
          { name: 'settled_at', type: 'datetime', precision: 3, isNullable: true },
        ],
        foreignKeys: [
          {
            columnNames: ['dossier_id'],
            referencedTableName: 'dossier',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await q.createIndex(
      'payment_attempt',
      new TableIndex({ name: 'idx_payment_dossier', columnNames: ['dossier_id', 'created_at'] }),
    );
    await q.createIndex(
      'payment_attempt',
      new TableIndex({ name: 'idx_payment_status', columnNames: ['status', 'created_at'] }),
    );
    await q.addColumn(
      'dossier',
      new TableColumn({ name: 'paid_online_at', type: 'datetime', precision: 3, isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('dossier', 'paid_online_at');
    await q.dropTable('payment_attempt');
  }
}
