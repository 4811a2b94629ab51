import type { EngineDialect } from './store-where.js';

/**
 * An exact count of the finished historic process instances, kept beside `eng_hi_procinst` (issue
 * 15, scenario (d)): `SELECT COUNT(*) … WHERE endTime IS NOT NULL` reads one index entry per
 * finished instance (about 130 ms warm at a million rows on MariaDB, and far more once the
 * entries are out of the buffer pool), and InnoDB keeps no row count to shortcut it.
 *
 * `eng_hi_procinst_finished` holds, per process definition, a few counter rows (slots) whose sum
 * is the number of that definition's history rows with an end time. A command adds to one slot
 * chosen at random, so instances of one definition ending at once on MariaDB seldom wait on the
 * same row; a slot may go negative (a removal can land on another slot than the end), only the
 * sum means anything. The counter moves in the command's own transaction, in statements queued
 * after all of the command's other writes (EngineTx.queueCommitWrites, just before COMMIT): by
 * then the command holds every other lock it takes, so the counter row is the last lock and adds
 * no lock-order cycle; it is held only for the COMMIT.
 *
 * What moves it:
 * - an instance's end (completed, cancelled, terminated): the engine tells `ended(id)`; at commit
 *   one `INSERT … SELECT` adds the instance's row if it exists and has its end time, so the count
 *   follows the table even if the engine tells of an end that wrote nothing;
 * - a historic instance inserted already ended (none in the engine; seeds use `rebuild`);
 * - a history row removed (history cleanup, REST deletion, a deployment deleted with cascade):
 *   the store sees the row it removes, revision-checked, and subtracts it if it had ended.
 * Anything that writes `eng_hi_procinst` outside EngineTx (a bulk seed, a restore of old rows)
 * calls `rebuildFinishedInstanceCountSql` afterwards.
 */
export const FINISHED_COUNT_TABLE = 'eng_hi_procinst_finished';

/** Counter rows per definition (see above). */
export const FINISHED_COUNT_SLOTS = 8;

/** A definition's share of a change to the count. */
interface DefinitionDelta {
  processDefinitionKey: string;
  finished: number;
}

/** One statement to queue (parameters bound by the driver). */
export interface CountStatement {
  sql: string;
  parameters: unknown[];
}

/** What one command did to the finished history instances, applied at its commit. */
export class FinishedInstanceTally {
  private readonly endedIds = new Set<string>();
  private readonly removedById = new Map<
    string,
    { processDefinitionId: string; processDefinitionKey: string }
  >();

  constructor(private readonly pickSlot: () => number = randomSlot) {}

  /** The historic instance `id` has ended (or was inserted ended) in this command. */
  ended(id: string): void {
    this.endedIds.add(id);
  }

  /** A history row that had ended is removed in this command. */
  removed(row: { id: string; processDefinitionId: string; processDefinitionKey: string }): void {
    this.removedById.set(row.id, {
      processDefinitionId: row.processDefinitionId,
      processDefinitionKey: row.processDefinitionKey,
    });
  }

  /**
   * The statements that apply the command's changes (none if it changed nothing), emptying the
   * tally. An instance that ended and was removed in the same command changes nothing.
   */
  take(dialect: EngineDialect): CountStatement[] {
    const ended = [...this.endedIds].filter((id) => !this.removedById.has(id));
    const removed = new Map<string, DefinitionDelta>();
    for (const [id, row] of this.removedById) {
      if (this.endedIds.has(id)) continue;
      const d = removed.get(row.processDefinitionId) ?? {
        processDefinitionKey: row.processDefinitionKey,
        finished: 0,
      };
      d.finished -= 1;
      removed.set(row.processDefinitionId, d);
    }
    this.endedIds.clear();
    this.removedById.clear();
    const slot = this.pickSlot();
    const statements: CountStatement[] = [];
    if (ended.length > 0) statements.push(endedStatement(dialect, ended, slot));
    if (removed.size > 0) statements.push(removedStatement(dialect, removed, slot));
    return statements;
  }
}

function randomSlot(): number {
  return Math.floor(Math.random() * FINISHED_COUNT_SLOTS);
}

const COLUMNS = 'processDefinitionId, slot, processDefinitionKey, finished';

/** Adds to a slot's row, creating it if it is not there yet. */
function upsert(dialect: EngineDialect): string {
  return dialect === 'mysql'
    ? 'ON DUPLICATE KEY UPDATE finished = finished + VALUES(finished)'
    : 'ON CONFLICT (processDefinitionId, slot) DO UPDATE SET finished = finished + excluded.finished';
}

/** The ended instances, counted from their own rows (only those that exist and have an end time). */
function endedStatement(dialect: EngineDialect, ids: string[], slot: number): CountStatement {
  return {
    sql:
      `INSERT INTO ${FINISHED_COUNT_TABLE} (${COLUMNS}) ` +
      'SELECT processDefinitionId, ?, MIN(processDefinitionKey), COUNT(*) FROM eng_hi_procinst ' +
      `WHERE id IN (${ids.map(() => '?').join(', ')}) AND endTime IS NOT NULL ` +
      `GROUP BY processDefinitionId ${upsert(dialect)}`,
    parameters: [slot, ...ids],
  };
}

/** The removed rows, subtracted per definition (in definition order: the same lock order for all). */
function removedStatement(
  dialect: EngineDialect,
  byDefinition: Map<string, DefinitionDelta>,
  slot: number,
): CountStatement {
  const rows = [...byDefinition].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    sql:
      `INSERT INTO ${FINISHED_COUNT_TABLE} (${COLUMNS}) VALUES ` +
      rows.map(() => '(?, ?, ?, ?)').join(', ') +
      ` ${upsert(dialect)}`,
    parameters: rows.flatMap(([id, d]) => [id, slot, d.processDefinitionKey, d.finished]),
  };
}

/** Which finished instances to count: all, or of one definition id and/or key. */
export interface FinishedCountFilter {
  processDefinitionId?: string;
  processDefinitionKey?: string;
  /** Count the unfinished ones too (every history row): adds an indexed count of `endTime IS NULL`. */
  withUnfinished?: boolean;
}

/**
 * One statement answering the count: the counter's sum (plus, for every row, the count of the
 * unfinished ones, which the end-time indexes answer by reading only those) — one statement, so
 * one snapshot on MariaDB: an instance ending meanwhile is counted once, not twice or never.
 */
export function finishedCountQuery(filter: FinishedCountFilter): CountStatement {
  const where: string[] = [];
  const parameters: unknown[] = [];
  if (filter.processDefinitionId !== undefined) {
    where.push('processDefinitionId = ?');
    parameters.push(filter.processDefinitionId);
  }
  if (filter.processDefinitionKey !== undefined) {
    where.push('processDefinitionKey = ?');
    parameters.push(filter.processDefinitionKey);
  }
  const and = where.map((w) => ` AND ${w}`).join('');
  const finished = `SELECT COALESCE(SUM(finished), 0) FROM ${FINISHED_COUNT_TABLE} WHERE 1 = 1${and}`;
  if (!filter.withUnfinished) return { sql: `SELECT (${finished}) AS cnt`, parameters };
  return {
    sql: `SELECT (${finished}) + (SELECT COUNT(*) FROM eng_hi_procinst WHERE endTime IS NULL${and}) AS cnt`,
    parameters: [...parameters, ...parameters],
  };
}

/**
 * Recounts the counter from `eng_hi_procinst` (its migration, and seeds that write history rows
 * directly): every definition's finished rows into slot 0. Run it in the transaction (or with the
 * engines stopped) that wrote the rows.
 */
export function rebuildFinishedInstanceCountSql(): string[] {
  return [
    `DELETE FROM ${FINISHED_COUNT_TABLE}`,
    `INSERT INTO ${FINISHED_COUNT_TABLE} (${COLUMNS}) ` +
      'SELECT processDefinitionId, 0, MIN(processDefinitionKey), COUNT(*) FROM eng_hi_procinst ' +
      'WHERE endTime IS NOT NULL GROUP BY processDefinitionId',
  ];
}
