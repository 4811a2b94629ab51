/** How database failures that mean "someone else changed it first" reach the engine. */

/** A row changed under us (lost revision check, deadlock, duplicate key): retry the whole command. */
export class ConcurrentModificationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConcurrentModificationError';
  }
}

export function translateDbError(err: unknown): unknown {
  const e = err as { code?: string; errno?: number; message?: string };
  if (e?.code === 'ER_LOCK_DEADLOCK' || e?.code === 'ER_LOCK_WAIT_TIMEOUT') {
    return new ConcurrentModificationError(`Concurrent transaction conflict: ${e.message}`, { cause: err });
  }
  if (
    e?.code === 'ER_DUP_ENTRY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  ) {
    return new ConcurrentModificationError(`Concurrent insert of the same row: ${e.message}`, { cause: err });
  }
  return err;
}
