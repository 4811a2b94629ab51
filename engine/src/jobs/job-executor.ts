import { EngineIncident, EngineJob } from '@motcua/db/engine';
import type { Logger } from '@motcua/domain';
import type { EngineCore } from '../engine-core.js';
import { AuthorizationError, EngineError, NotFoundError, OptimisticLockingError } from '../runtime/errors.js';
import { newId } from '../runtime/ids.js';
import { addIsoDuration } from '../runtime/iso-duration.js';
import { executeJobBehaviour } from '../runtime/process-runtime.js';

/**
 * The job executor: timers and async continuations stored in `eng_job`.
 *
 * Acquisition locks a batch of due jobs (owner + expiry) in one transaction — on MySQL with
 * `FOR UPDATE SKIP LOCKED`, so engine processes sharing the database split the work; an expired
 * lock (a crashed engine) makes the job acquirable again. Each job then runs in its own command.
 * A failure rolls that command back and, in a second transaction, spends one retry (default 3,
 * or as `camunda:failedJobRetryTimeCycle` `R3/PT5M` says, which also delays the next attempt);
 * at 0 retries a `failedJob` incident opens. An optimistic-locking conflict (the activity moved
 * on meanwhile) only releases the lock: no retry is spent, as in Camunda 7.
 *
 * Time comes from the engine clock: `runDue()` executes everything due at the clock's now, so
 * tests move a TestClock and call it; in production a poll loop calls it.
 */
export interface JobExecutorOptions {
  /** How long an acquired job stays locked to this engine. Default 5 minutes. */
  lockDurationMs?: number;
  /** Jobs acquired per round. Default 10. */
  batchSize?: number;
}

export interface JobRunSummary {
  executed: number;
  failed: number;
}

const DEFAULT_LOCK_MS = 5 * 60_000;
/** Bounds one runDue(): a timer cycle of PT0S or a job that always fails must not spin forever. */
const MAX_ROUNDS = 100;

export class JobExecutor {
  readonly lockOwner = `engine-${newId()}`;
  private readonly lockMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<JobRunSummary> | null = null;

  constructor(
    private readonly core: EngineCore,
    private readonly logger: Logger,
    options: JobExecutorOptions = {},
  ) {
    this.lockMs = options.lockDurationMs ?? DEFAULT_LOCK_MS;
    this.batch = options.batchSize ?? 10;
  }

  /** Runs every job due now (and those they make due now), round after round; serialised. */
  runDue(): Promise<JobRunSummary> {
    const run = (this.running ?? Promise.resolve({ executed: 0, failed: 0 })).then(() => this.drain());
    this.running = run.catch(() => ({ executed: 0, failed: 0 }));
    return run;
  }

  private async drain(): Promise<JobRunSummary> {
    const summary: JobRunSummary = { executed: 0, failed: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const acquired = await this.acquire();
      if (acquired.length === 0) break;
      for (const job of acquired) {
        const ok = await this.runOne(job.id, false);
        if (ok) summary.executed += 1;
        else summary.failed += 1;
      }
    }
    return summary;
  }

  /** Polls every `intervalMs` (production); tests call runDue() instead. */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runDue().catch((err: unknown) => this.logger.error({ err }, 'job executor round failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async acquire(): Promise<EngineJob[]> {
    // Look before locking: an idle poll opens no write transaction (SQLite's BEGIN IMMEDIATE
    // would take the file's write lock every second otherwise).
    const now = this.core.clock.now();
    const due = await this.core.query((tx) =>
      tx.findOne(EngineJob, {
        dueDate: { op: 'lte', value: now },
        retries: { op: 'gt', value: 0 },
        suspended: false,
      }),
    );
    if (!due) return [];
    return this.core.command(async (ctx) => {
      const jobs = await ctx.tx.findAcquirableJobs(ctx.now, this.batch);
      for (const job of jobs) {
        job.lockOwner = this.lockOwner;
        job.lockExpirationTime = new Date(ctx.now.getTime() + this.lockMs);
        await ctx.tx.update(EngineJob, job);
      }
      return jobs;
    });
  }

  /**
   * `POST /job/{id}/execute`: runs one job now, whatever its due date; a failure spends a retry
   * and is rethrown to the caller.
   */
  async execute(jobId: string): Promise<void> {
    const exists = await this.core.query((tx) => tx.get(EngineJob, jobId));
    if (!exists) throw new NotFoundError(`Job with id ${jobId} does not exist`);
    try {
      await this.runOne(jobId, true);
    } catch (err) {
      // Camunda's REST answers any engine failure of the job with 404 InvalidRequestException and
      // the failure's message (JobResource.executeJob; verified on Operaton). The failure is
      // recorded on the job (retries, exception, incident) all the same.
      if (err instanceof AuthorizationError) throw err;
      throw new NotFoundError(err instanceof Error ? err.message : String(err));
    }
  }

  /** Runs one job in its own command. False when it failed (recorded); rethrows when asked. */
  private async runOne(jobId: string, rethrow: boolean): Promise<boolean> {
    try {
      await this.core.command(async (ctx) => {
        const job = await ctx.tx.get(EngineJob, jobId);
        // Gone (another engine ran it, its activity was completed): nothing to do.
        if (!job) return;
        // The job log's success entry; a failing run rolls it back with everything else.
        await ctx.tx.logJob(job, 'successful');
        await executeJobBehaviour(ctx, job);
      });
      this.core.observer.job('executed');
      return true;
    } catch (err) {
      if (err instanceof OptimisticLockingError) {
        this.logger.debug({ jobId }, 'job met a concurrent change; released without spending a retry');
        await this.release(jobId);
        if (rethrow) throw err;
        return false;
      }
      this.logger.warn({ jobId, err }, 'job failed');
      this.core.observer.job('failed');
      await this.recordFailure(jobId, err);
      if (rethrow) throw err;
      return false;
    }
  }

  private async release(jobId: string): Promise<void> {
    await this.core
      .command(async (ctx) => {
        const job = await ctx.tx.get(EngineJob, jobId);
        if (!job) return;
        job.lockOwner = null;
        job.lockExpirationTime = null;
        await ctx.tx.update(EngineJob, job);
      })
      .catch(() => undefined); // another engine holds it now: its lock expiry covers us
  }

  private async recordFailure(jobId: string, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    await this.core.command(async (ctx) => {
      const job = await ctx.tx.get(EngineJob, jobId);
      if (!job) return;
      // A retry cycle `R5/PT5M` sets how many attempts there are, from the first failure on.
      const cycleCount = job.retryTimeCycle ? /^R(\d+)\//.exec(job.retryTimeCycle)?.[1] : undefined;
      const retriesBefore = job.retries;
      const first = job.exceptionMessage === null;
      job.retries = Math.max(0, (first && cycleCount !== undefined ? Number(cycleCount) : job.retries) - 1);
      job.exceptionMessage = message.slice(0, 4000);
      job.exceptionStacktrace = err instanceof EngineError ? `${err.camundaType}: ${message}` : message;
      job.lockOwner = null;
      job.lockExpirationTime = null;
      const delay = retryDelay(job.retryTimeCycle, ctx.now);
      if (delay) job.dueDate = delay;
      await ctx.tx.update(EngineJob, job);
      // The job log shows the retries the run had, as Operaton's (before this failure spent one).
      await ctx.tx.logJob({ ...job, retries: retriesBefore }, 'failed');
      if (job.retries === 0 && job.executionId && job.processInstanceId) {
        await ctx.tx.insert(EngineIncident, {
          id: newId(),
          rev: 1,
          incidentType: 'failedJob',
          incidentMessage: job.exceptionMessage,
          incidentTimestamp: ctx.now,
          executionId: job.executionId,
          processInstanceId: job.processInstanceId,
          processDefinitionId: job.processDefinitionId,
          activityId: job.activityId,
          configuration: job.id,
          tenantId: job.tenantId,
        });
      }
    });
  }
}

/** `R3/PT5M` → now + 5 minutes; no cycle → retry at once (Camunda's default). */
function retryDelay(cycle: string | null, now: Date): Date | null {
  const m = cycle ? /^R\d+\/(P.+)$/.exec(cycle) : null;
  return m ? addIsoDuration(now, m[1]!) : null;
}
