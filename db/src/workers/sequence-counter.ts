import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Draws the next number of a counter row atomically. Counters only ever go up: a number drawn by a
 * task that later fails is skipped, never handed out again.
 *
 * - SQLite: one `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement; SQLite's write lock makes it
 *   atomic across the processes that share the file.
 * - MySQL/MariaDB: the row is created if missing (autocommit `INSERT IGNORE`, so no shared lock is
 *   held afterwards), then, in a transaction, `SELECT … FOR UPDATE`, `UPDATE … WHERE rev = ?`, commit.
 *   Deadlocks and lock-wait timeouts are retried.
 */
export interface CounterTable {
  table: 'dossier_code_counter' | 'result_number_counter';
  /** The two key columns and their values, e.g. { unit_code: 'G13', day: '261127' }. */
  key: [[string, string], [string, string]];
}

const MYSQL_RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 5;

export async function nextSequence(ds: DataSource, counter: CounterTable): Promise<number> {
  return ds.options.type === 'mysql' ? nextSequenceMysql(ds, counter) : nextSequenceSqlite(ds, counter);
}

async function nextSequenceSqlite(
  ds: DataSource,
  { table, key: [[c1, v1], [c2, v2]] }: CounterTable,
): Promise<number> {
  const rows: { last_sequence: number }[] = await ds.query(
    `INSERT INTO ${table} (${c1}, ${c2}, last_sequence, rev) VALUES (?, ?, 1, 1)
     ON CONFLICT (${c1}, ${c2}) DO UPDATE SET last_sequence = last_sequence + 1, rev = rev + 1
     RETURNING last_sequence`,
    [v1, v2],
  );
  const n = Number(rows[0]?.last_sequence);
  if (!Number.isInteger(n)) throw new Error(`Counter ${table} returned no sequence`);
  return n;
}

async function nextSequenceMysql(ds: DataSource, counter: CounterTable): Promise<number> {
  const {
    table,
    key: [[c1, v1], [c2, v2]],
  } = counter;
  await ds.query(`INSERT IGNORE INTO ${table} (${c1}, ${c2}, last_sequence, rev) VALUES (?, ?, 0, 0)`, [
    v1,
    v2,
  ]);
  for (let attempt = 1; ; attempt++) {
    const qr: QueryRunner = ds.createQueryRunner();
    try {
      await qr.connect();
      await qr.startTransaction();
      const rows: { last_sequence: number; rev: number }[] = await qr.query(
        `SELECT last_sequence, rev FROM ${table} WHERE ${c1} = ? AND ${c2} = ? FOR UPDATE`,
        [v1, v2],
      );
      const row = rows[0];
      if (!row) throw new Error(`Counter row ${table}(${v1}, ${v2}) vanished`);
      const next = Number(row.last_sequence) + 1;
      const result = await qr.query(
        `UPDATE ${table} SET last_sequence = ?, rev = rev + 1 WHERE ${c1} = ? AND ${c2} = ? AND rev = ?`,
        [next, v1, v2, row.rev],
        true,
      );
      if (result.affected !== 1) throw new Error(`Counter ${table}(${v1}, ${v2}) changed under its lock`);
      await qr.commitTransaction();
      return next;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => {});
      const code =
        (err as { driverError?: { code?: string }; code?: string }).driverError?.code ??
        (err as { code?: string }).code;
      if (attempt < MAX_ATTEMPTS && code && MYSQL_RETRYABLE.has(code)) continue;
      throw err;
    } finally {
      await qr.release();
    }
  }
}

/** True for a unique/primary-key violation on either dialect. */
export function isDuplicateKeyError(err: unknown): boolean {
  const e = err as { driverError?: { code?: string }; code?: string };
  const code = e?.driverError?.code ?? e?.code;
  return (
    code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
