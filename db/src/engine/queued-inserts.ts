import type { PendingWrite, WriteQueue } from './write-queue.js';

/**
 * The INSERTs of a unit of work still in its write queue, by the rows they insert, so that a row
 * inserted and deleted in the same unit of work costs neither statement: no other transaction can
 * have seen it, so the database ends as it would have after both. A command does this more often
 * than it looks: the variables a worker's or officer's completion sets on an instance that then
 * ends are deleted by that same command, their history rows staying (Camunda's entity cache does
 * not flush an entity created and deleted in one command either).
 *
 * An INSERT is only withdrawn whole — every row it carries among those deleted — and only while it
 * is the last queued write to its table (WriteQueue.withdrawIfLast): a later UPDATE of one of its
 * rows would then match nothing, and its revision check would fail.
 */
export class QueuedInserts {
  /** The queued INSERT of each row, by table and id. */
  private readonly byRow = new Map<string, QueuedInsert>();

  constructor(private readonly writes: WriteQueue) {}

  /** `write` inserts `rows` (each with a string `id`) into `table`. */
  record(table: string, rows: readonly object[], write: PendingWrite): void {
    const ids: string[] = [];
    for (const row of rows) {
      const id = (row as { id?: unknown }).id;
      if (typeof id !== 'string') return;
      ids.push(id);
    }
    const insert: QueuedInsert = { write, ids, rows: new Set(rows) };
    for (const id of ids) this.byRow.set(rowKey(table, id), insert);
  }

  /**
   * Of the rows `ids` of `table` about to be deleted, those whose INSERT this withdraws from the
   * queue: their DELETE must not be sent. With `row` (a revision-checked removal of that object),
   * only if it is the very object that was inserted, so the revision it carries is the one written.
   */
  withdraw(table: string, ids: readonly string[], row?: object): Set<string> {
    const withdrawn = new Set<string>();
    if (this.byRow.size === 0) return withdrawn;
    const deleted = new Set(ids);
    for (const id of ids) {
      if (withdrawn.has(id)) continue;
      const insert = this.byRow.get(rowKey(table, id));
      if (!insert || (row !== undefined && !insert.rows.has(row))) continue;
      if (!insert.ids.every((i) => deleted.has(i))) continue;
      if (!this.writes.withdrawIfLast(insert.write)) continue;
      for (const i of insert.ids) {
        withdrawn.add(i);
        this.byRow.delete(rowKey(table, i));
      }
    }
    return withdrawn;
  }
}

interface QueuedInsert {
  write: PendingWrite;
  ids: string[];
  rows: Set<object>;
}

function rowKey(table: string, id: string): string {
  return `${table}\u0000${id}`;
}
