import { ConcurrentModificationError, type EngineStore, type EngineTx } from '@motcua/db/engine';
import type { Logger } from '@motcua/domain';
import type { Caller } from './identity/authorization.service.js';
import type { Clock } from './runtime/clock.js';
import { CommandContext } from './runtime/command-context.js';
import { evaluateConditionalEvents } from './runtime/process-runtime.js';
import { OptimisticLockingError } from './runtime/errors.js';
import { ModelCache } from './runtime/model-cache.js';
import { ExternalTaskNotifier } from './external-tasks/task-notifier.js';
import { quietObserver, type EngineObserver } from './ops/engine-observer.js';
import { actAs } from './operation-log/operation-log.js';

/**
 * What every service needs: the store, the clock, the definition cache and the long-poll
 * notifier. `command` is the unit of work: one transaction, committed or rolled back as a whole.
 */
export class EngineCore {
  readonly models = new ModelCache();
  readonly notifier = new ExternalTaskNotifier();
  /** Called after a command that created jobs commits (the job executor looks again). */
  onJobsCreated: (() => void) | null = null;
  /** Told about commands, jobs, external tasks and requests (the metrics); quiet by default. */
  observer: EngineObserver = quietObserver;
  /**
   * Test seam, absent in production (StartEngineOptions.testSeam): awaited inside each command's
   * transaction once its work is done, just before commit, so race tests can hold a command
   * there and release it in the order they choose.
   */
  beforeCommit: (() => Promise<void>) | null = null;

  /** Who this core's commands and queries run for (see `as`); null = unchecked (engine-internal). */
  readonly caller: Caller = null;

  constructor(
    readonly store: EngineStore,
    readonly clock: Clock,
    readonly logger: Logger,
  ) {}

  /**
   * Who acts (the operation log's user): the request's authenticated user, also when
   * authorization checks are off and `caller` is null; null for engine-internal work.
   */
  readonly actingUserId: string | null = null;

  /**
   * The same engine, its commands and queries run for `caller`: each service operation checks that
   * user's authorizations in its own transaction (`ctx.caller`, the query's second argument), as
   * Camunda's commands do. `actingUserId` (default: the caller's) is who the operation log names.
   * The REST layer makes one per request; the job executor uses the plain core.
   */
  as(caller: Caller, actingUserId: string | null = caller?.userId ?? null): EngineCore {
    const scoped = Object.create(this) as EngineCore;
    Object.defineProperty(scoped, 'caller', { value: caller, enumerable: true });
    Object.defineProperty(scoped, 'actingUserId', { value: actingUserId, enumerable: true });
    return scoped;
  }

  async command<T>(fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
    let ctx: CommandContext | null = null;
    let result: T;
    try {
      result = await this.store.transaction((tx) => {
        const now = this.clock.now();
        tx.commandTime = now; // history the store writes by itself (incidents) uses the engine's clock
        if (this.actingUserId !== null) actAs(tx, this.actingUserId);
        const c = new CommandContext(tx, now, this.models, this.caller);
        ctx = c;
        // Conditional events react to the variables the command changed, in the same transaction.
        return fn(c).then(async (r) => {
          await evaluateConditionalEvents(c);
          await c.flush();
          // The store's queued writes too, so a command held before commit holds its row locks.
          if (this.beforeCommit) {
            await tx.flush();
            await this.beforeCommit();
          }
          return r;
        });
      });
    } catch (err) {
      this.observer.command(err instanceof ConcurrentModificationError ? 'conflict' : 'rolled-back');
      if (err instanceof ConcurrentModificationError) {
        this.logger.debug({ err }, 'optimistic locking conflict, rolled back');
        throw new OptimisticLockingError(
          `ENGINE-03005 ${err.message}: the entity was updated by another transaction concurrently.`,
        );
      }
      throw err;
    }
    this.observer.command('committed');
    const topics = (ctx as CommandContext | null)?.createdTopics;
    if (topics && topics.size > 0) this.notifier.notify(topics);
    if ((ctx as CommandContext | null)?.createdJobs) this.onJobsCreated?.();
    return result;
  }

  /** A read in one transaction; `fn` gets the caller whose authorizations it answers to. */
  query<T>(fn: (tx: EngineTx, caller: Caller) => Promise<T>): Promise<T> {
    return this.store.read((tx) => fn(tx, this.caller));
  }
}
