import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { answerClientErrors } from './rest/client-errors.js';
import { databaseReadinessChecks, DEFAULT_MAX_FILE_BYTES, openDatabase } from '@motcua/db';
import { createEngineStore } from '@motcua/db/engine';
import { silentLogger, withOpsEndpoints, type Logger } from '@motcua/domain';
import { EngineCore } from './engine-core.js';
import { systemClock, TestClock, type Clock } from './runtime/clock.js';
import { JobExecutor, type JobRunSummary } from './jobs/job-executor.js';
import { createRestApp } from './rest/rest-app.js';
import type { RestCredentials } from './rest/basic-auth.js';
import type { RestSecurity } from './rest/security.js';
import { EngineMetrics } from './ops/engine-metrics.js';

export interface StartEngineOptions {
  /** `sqlite:<path>` or `mysql://…` (default `sqlite:./data/motcua.sqlite`). */
  dbUrl?: string;
  /** TCP port; 0 picks a free one (tests). Default 8080. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** The engine's only time source; tests pass a TestClock. Default: the system clock. */
  clock?: Clock;
  logger?: Logger;
  /** When set, every REST route requires HTTP Basic authentication with these credentials. */
  auth?: RestCredentials;
  /** Authentication against the engine's users, authorizations, CORS (overrides `auth`). */
  security?: RestSecurity;
  /**
   * The job executor (timers, async continuations). `enabled`: poll for due jobs in the
   * background — default true, except with a TestClock, where tests call `engine.jobs.runDue()`.
   * `pollIntervalMs`: default 1000. `lockDurationMs`: how long an acquired job stays ours, default 5 min.
   */
  jobExecutor?: { enabled?: boolean; pollIntervalMs?: number; lockDurationMs?: number };
  /** File/Bytes variables and task attachments: `maxBytes` per file (default 10 MiB). */
  files?: { maxBytes?: number };
  /** How often SQLite's planner statistics are refreshed (`PRAGMA optimize`), ms. Default 10 min. */
  statisticsIntervalMs?: number;
  /**
   * Prometheus metrics on `/metrics`: `token` is the bearer token a scraper must send (unset:
   * `/metrics` answers 404); `processMetrics` adds CPU, memory, event-loop and GC metrics (entry
   * points only). `/health/live` and `/health/ready` are always served.
   */
  metrics?: { token?: string | undefined; processMetrics?: boolean };
  /**
   * Test seam, never set in production: `beforeCommit` is awaited inside every command's
   * transaction once its work is done, just before commit. Race tests hold a command there and
   * release it when they choose (engine README, "Concurrency guarantees").
   */
  testSeam?: { beforeCommit?: () => Promise<void> };
}

export interface RunningEngine {
  /** `http://host:port/engine-rest`. */
  url: string;
  clock: Clock;
  /** The job executor: `runDue()` runs every job due at the clock's now (tests move the clock first). */
  jobs: { runDue(): Promise<JobRunSummary>; execute(jobId: string): Promise<void> };
  /** Database statements issued so far: tests check that hot paths stay flat as data grows. */
  stats(): { statements: number; roundTrips: number; waitingForStore: number };
  close(): Promise<void>;
}

/** Opens the database (applying migrations) and serves the Camunda REST API. */
export async function startEngine(options: StartEngineOptions = {}): Promise<RunningEngine> {
  const logger = (options.logger ?? silentLogger).child({ component: 'engine' });
  const clock = options.clock ?? systemClock;
  const ds = await openDatabase({ url: options.dbUrl, multipleStatements: true });
  const store = createEngineStore(ds, {
    files: { maxBytes: options.files?.maxBytes ?? DEFAULT_MAX_FILE_BYTES },
  });
  // Fresh planner statistics before the first query (SQLite; see EngineStore.analyze). A file
  // another process keeps write-locked past busy_timeout delays them to the next upkeep, no more.
  await store.analyze().catch((err: unknown) => logger.warn({ err }, 'ANALYZE at start failed'));
  const core = new EngineCore(store, clock, logger);
  core.beforeCommit = options.testSeam?.beforeCommit ?? null;
  const jobs = new JobExecutor(core, logger.child({ component: 'job-executor' }), {
    lockDurationMs: options.jobExecutor?.lockDurationMs,
  });
  const metrics = new EngineMetrics(core, { processMetrics: options.metrics?.processMetrics ?? false });
  core.observer = metrics;
  const app = createRestApp(core, logger, options.security ?? options.auth, jobs);
  const server: Server = createServer(
    withOpsEndpoints(app.callback(), {
      metricsToken: options.metrics?.token ?? null,
      metrics: async () => ({
        contentType: metrics.registry.contentType,
        body: await metrics.registry.metrics(),
      }),
      readiness: () => databaseReadinessChecks(ds),
    }),
  );
  answerClientErrors(server);
  // Long polls may hold a request up to 30 min; node's default request timeout is 5 min.
  server.requestTimeout = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/engine-rest`;
  logger.info({ url }, 'engine REST listening');
  if (options.jobExecutor?.enabled ?? !(clock instanceof TestClock)) {
    jobs.start(options.jobExecutor?.pollIntervalMs ?? 1000);
    // Jobs due at once (async continuations) run right after the command that made them.
    core.onJobsCreated = () => void jobs.runDue().catch(() => undefined);
  }

  // Every 10 minutes: cheap (bounded by analysis_limit, usually a no-op) and soon enough for a
  // table that grew tenfold since start — a fresh database gets its real statistics that way.
  const statistics = setInterval(
    () => void store.optimize().catch((err: unknown) => logger.warn({ err }, 'PRAGMA optimize failed')),
    options.statisticsIntervalMs ?? 10 * 60_000,
  );
  statistics.unref();

  let closing: Promise<void> | null = null;
  return {
    url,
    clock,
    jobs: { runDue: () => jobs.runDue(), execute: (id) => jobs.execute(id) },
    stats: () => ({
      statements: store.statements,
      roundTrips: store.roundTrips,
      waitingForStore: store.waiting,
    }),
    close: () => {
      closing ??= (async () => {
        clearInterval(statistics);
        core.notifier.close(); // parked fetchAndLock requests answer [] now
        core.onJobsCreated = null;
        await jobs.stop();
        await new Promise<void>((resolve) => {
          // Keep-alive connections become idle as the released polls answer: close them as they
          // do, and cut whatever is left after 2 s.
          const sweep = setInterval(() => server.closeIdleConnections(), 20);
          const cut = setTimeout(() => server.closeAllConnections(), 2000);
          server.close(() => {
            clearInterval(sweep);
            clearTimeout(cut);
            resolve();
          });
          server.closeIdleConnections();
        });
        await ds.destroy();
      })();
      return closing;
    },
  };
}
