/**
 * What each row this unit of work read (or inserted) held at that time, so that an update writes
 * only the columns changed since. SQLite rewrites the entry of every index whose column an
 * UPDATE's SET names, whether its value changed or not: an execution's full-row update touched
 * all six of its indexes for the one or two columns a step changes (bench/RESULTS.md, "the ninth
 * session's lead"). The revision check and bump stay on every update, changed or not: a command
 * that touches a row to serialize with another (a join's parent execution) still conflicts.
 *
 * The rows are the store's plain entities: columns of strings, numbers, booleans, null and
 * Dates. A value of any other object kind (a JSON column) counts as changed every time, since it
 * may have been changed in place.
 */

/** A Date's value when it was read (the Date object itself may be changed in place). */
class DateWas {
  constructor(readonly time: number) {}
}

type Snapshot = Map<string, unknown>;

export class ReadState {
  private readonly rows = new WeakMap<object, Snapshot>();

  /** Records what `rows` hold now: what the database holds for them after this unit of work's writes so far. */
  remember(rows: readonly object[]): void {
    for (const row of rows) {
      const snapshot: Snapshot = new Map();
      for (const [key, value] of Object.entries(row))
        snapshot.set(key, value instanceof Date ? new DateWas(value.getTime()) : value);
      this.rows.set(row, snapshot);
    }
  }

  /**
   * The defined properties of `row` (but `id` and `rev`) that differ from what was remembered of
   * it, or null if nothing was: then the caller writes them all.
   */
  changedSince(row: object): Record<string, unknown> | null {
    const snapshot = this.rows.get(row);
    if (!snapshot) return null;
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (key === 'id' || key === 'rev' || value === undefined) continue;
      if (!sameAs(value, snapshot.get(key))) changed[key] = value;
    }
    return changed;
  }
}

function sameAs(value: unknown, was: unknown): boolean {
  if (value instanceof Date) return was instanceof DateWas && was.time === value.getTime();
  if (value !== null && typeof value === 'object') return false;
  return value === was;
}
