/**
 * Wakes long-polling fetchAndLock requests when this engine process creates an external task on
 * a topic they wait for. Tasks created by other engine processes (shared MySQL) are found by the
 * waiting request's periodic re-check instead.
 */
interface Waiter {
  topics: ReadonlySet<string>;
  wake: () => void;
}

export interface ArmedWait {
  /**
   * Resolves when woken (`woken`: a task on one of the topics was created in this process, or the
   * notifier closed) or after `ms` (`elapsed`).
   */
  wait(ms: number): Promise<'woken' | 'elapsed'>;
  dispose(): void;
}

export class ExternalTaskNotifier {
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  notify(topics: Iterable<string>): void {
    const created = new Set(topics);
    for (const w of this.waiters) if ([...w.topics].some((t) => created.has(t))) w.wake();
  }

  /** Registers interest before the caller looks in the database, so no creation slips between. */
  arm(topics: Iterable<string>): ArmedWait {
    let woken = false;
    let resolveWait: (() => void) | null = null;
    const waiter: Waiter = {
      topics: new Set(topics),
      wake: () => {
        woken = true;
        resolveWait?.();
      },
    };
    this.waiters.add(waiter);
    return {
      wait: (ms) =>
        new Promise<'woken' | 'elapsed'>((resolve) => {
          if (woken || this.closed) return resolve('woken');
          const timer = setTimeout(() => resolve('elapsed'), ms);
          resolveWait = () => {
            clearTimeout(timer);
            resolve('woken');
          };
        }),
      dispose: () => {
        this.waiters.delete(waiter);
      },
    };
  }

  /** Releases every waiting request (engine shutdown). */
  close(): void {
    this.closed = true;
    for (const w of this.waiters) w.wake();
    this.waiters.clear();
  }
}
