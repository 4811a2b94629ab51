/**
 * The keys of open tasks (user tasks and external tasks) this engine process has written or read:
 * the execution, process instance and activity instance each belongs to, which do not change while
 * the task lives. A completion reads the task and then, by those keys, its execution, its instance's
 * variables and its activity instance; knowing the keys beforehand, it reads them all in the
 * transaction's first round trip on MariaDB (EngineTx.taskKeys, CommandContext.readCompletionAhead).
 *
 * Only a hint: the reads are the same reads by the same keys, served to the command only if the
 * task row read in that round trip names the same keys (else the command reads again, as without
 * the hint). A task written by another engine process is known here once this one returned it (a
 * task query, a fetch). Bounded: the oldest entries go first.
 */
export interface TaskKeysOf {
  executionId: string;
  processInstanceId: string;
  activityInstanceId: string;
}

/** Which kind of task: its table's rows have different columns around the same keys. */
export type TaskKind = 'task' | 'externalTask';

/** At most this many tasks are kept (a few hundred bytes each: about 2 MB at most). */
const DEFAULT_LIMIT = 5_000;

export class TaskKeys {
  private readonly byTask = new Map<string, TaskKeysOf>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** Remembers the keys of `rows` (tasks whose keys are not all set are left out). */
  note(kind: TaskKind, rows: readonly Partial<TaskKeysOf & { id: string }>[]): void {
    for (const row of rows) {
      const { id, executionId, processInstanceId, activityInstanceId } = row;
      if (!id || !executionId || !processInstanceId || !activityInstanceId) continue;
      const key = `${kind}:${id}`;
      if (this.byTask.has(key)) continue;
      if (this.byTask.size >= this.limit) this.byTask.delete(this.byTask.keys().next().value!);
      this.byTask.set(key, { executionId, processInstanceId, activityInstanceId });
    }
  }

  /** The keys of task `id`, if known. */
  of(kind: TaskKind, id: string): TaskKeysOf | undefined {
    return this.byTask.get(`${kind}:${id}`);
  }

  /** The task ended (removed): it will not be completed again. */
  forget(kind: TaskKind, id: string): void {
    this.byTask.delete(`${kind}:${id}`);
  }
}
