import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { databaseReadinessChecks, openDatabase } from '@motcua/db';
import { AuditStore, DossierLifeStore, PaymentStore } from '@motcua/db/workers';
import { silentLogger, withOpsEndpoints, type Logger, type WorkingCalendar } from '@motcua/domain';
import { EngineClient } from '@motcua/engine-client';
import { loadPublishedCatalogue, type CatalogueEntry } from '@motcua/processes';
import { defaultWorkerId, type EngineAuth, type NationalPortalConfig } from './config.js';
import { apologyHandler } from './deadline/apology.handler.js';
import { escalateDeadlineHandler } from './deadline/escalate-deadline.handler.js';
import { resumeClockHandler } from './deadline/resume-clock.handler.js';
import { startMainClockHandler } from './deadline/start-main-clock.handler.js';
import { stopNoticeHandler } from './deadline/stop-notice.handler.js';
import { HistoryFollower } from './history/history-follower.js';
import { expirePaymentRequestHandler } from './payment/expire-payment-request.handler.js';
import { DvcqgClient } from './national-portal/dvcqg-client.js';
import { DvcqgInboundPuller } from './national-portal/dvcqg-inbound.js';
import { DvcqgSyncWorker } from './national-portal/dvcqg-sync-worker.js';
import { startNotifications, type NotificationsOptions } from './notify/start-notifications.js';
import { receiveDossierHandler } from './dossier/receive-dossier.handler.js';
import { returnResultHandler } from './dossier/return-result.handler.js';
import type { RetryPolicy } from './runtime/retry-policy.js';
import { WorkerRuntime } from './runtime/worker-runtime.js';
import { WorkersMetrics } from './ops/workers-metrics.js';
import { signResultHandler } from './signing/sign-result.handler.js';
import { DEV_KEY_COMMON_NAME, ensureDevSoftwareKey } from './signing/dev-software-key.js';
import { Pkcs11TokenSigner, type DocumentSigner, type TokenSignerConfig } from './signing/token-signer.js';

export interface StartWorkersOptions {
  /** Engine REST base, e.g. http://localhost:8080/engine-rest. */
  engineUrl: string;
  /** HTTP Basic credentials for the engine REST API, when it requires them. */
  engineAuth?: EngineAuth;
  /** The workers' own records (dossier-code counters); migrations are applied. */
  dbUrl: string;
  logger?: Logger;
  /** Default `motcua-workers-<host>-<pid>`. */
  workerId?: string;
  /** Overrides the procedures' unit codes in dossier codes. */
  unitCode?: string;
  /** Default 30,000 ms. */
  lockDurationMs?: number;
  /** Default 10. */
  maxTasks?: number;
  /** Default 10,000 ms; 0 turns long polling off. */
  asyncResponseTimeoutMs?: number;
  /** Default 300 ms. */
  pollIntervalMs?: number;
  /** Default 3 retries, 5 s backoff doubling up to 5 min. */
  retry?: Partial<RetryPolicy>;
  /** Default: the published catalogue (hand-modelled + publishable generated procedures). */
  catalogue?: CatalogueEntry[];
  /** Default: the Vietnamese working-day calendar of @motcua/domain. */
  calendar?: WorkingCalendar;
  /** Working days the apology letter (form 04) adds for the new appointment date. Default 5. */
  apologyExtensionWorkingDays?: number;
  /** Pause between two reads of the engine history by the status hook, ms. Default 2000; 0 = off. */
  historyPollMs?: number;
  /**
   * The PKCS#11 token with the key that signs result documents (`signing.sign-result`). Without
   * it the signing tasks fail and become incidents: a result is never returned unsigned.
   */
  signing?: TokenSignerConfig;
  /**
   * Demo/development only, when no token is configured: the folder of a software key created on
   * first start (`ensureDevSoftwareKey`), its certificate labelled as a development key. The
   * workers' config accepts it only with MOTCUA_DEMO=true.
   */
  devSigningKeyDir?: string;
  /** The national portal sync (Cổng DVCQG); absent = the outbox fills but is not sent. */
  nationalPortal?: NationalPortalConfig;
  /** E-mail/SMS notifications and officers' reminders (issue 12); absent = none sent. */
  notifications?: NotificationsOptions;
  /** Injected time, for tests. */
  clock?: () => Date;
  /**
   * The workers take no requests, so they listen only when asked: `/health/live`, `/health/ready`
   * (database reachable, migrations applied) and `/metrics` on `port` (0 picks one) of `host`
   * (default 127.0.0.1). `metricsToken` unset = `/metrics` answers 404. `processMetrics` adds CPU,
   * memory, event-loop and GC metrics (entry point only). Absent = no listener.
   */
  ops?: { port: number; host?: string; metricsToken?: string | undefined; processMetrics?: boolean };
}

export interface RunningWorkers {
  /** `http://host:port` of the operations listener, when `ops` was given. */
  opsUrl: string | null;
  /** Stops polling, waits for running handlers, closes the database. */
  close(): Promise<void>;
}

/** The operations listener (health and metrics) of the workers, when asked for. */
async function startOpsListener(
  ops: NonNullable<StartWorkersOptions['ops']>,
  ds: Awaited<ReturnType<typeof openDatabase>>,
  metrics: WorkersMetrics,
): Promise<{ server: Server; url: string }> {
  const server = createServer(
    withOpsEndpoints(
      (_req, res) => {
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"status":"not-found"}');
      },
      {
        metricsToken: ops.metricsToken ?? null,
        metrics: async () => ({
          contentType: metrics.registry.contentType,
          body: await metrics.registry.metrics(),
        }),
        readiness: () => databaseReadinessChecks(ds),
      },
    ),
  );
  const host = ops.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(ops.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

/** The token's signer; else, in the demo start, the development software key (said loudly); else none. */
function resultSigner(options: StartWorkersOptions, logger: Logger): DocumentSigner | undefined {
  if (options.signing) return new Pkcs11TokenSigner(options.signing);
  if (!options.devSigningKeyDir) {
    logger.warn('no signing key configured: signing.sign-result tasks fail and become incidents');
    return undefined;
  }
  const dev = ensureDevSoftwareKey(options.devSigningKeyDir);
  logger.warn(
    { keyFile: dev.keyFile, created: dev.created, subject: DEV_KEY_COMMON_NAME },
    'results are signed with a DEVELOPMENT software key (demo mode, no legal value); production signs with a PKCS#11 token',
  );
  return dev.signer;
}

/** Starts every worker of the platform against an engine's REST API. */
export async function startWorkers(options: StartWorkersOptions): Promise<RunningWorkers> {
  const logger = options.logger ?? silentLogger;
  const catalogue = options.catalogue ?? loadPublishedCatalogue();
  const ds = await openDatabase({ url: options.dbUrl });
  const metrics = new WorkersMetrics(ds, { processMetrics: options.ops?.processMetrics ?? false });
  let ops: { server: Server; url: string } | undefined;
  try {
    ops = options.ops ? await startOpsListener(options.ops, ds, metrics) : undefined;
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  const life = new DossierLifeStore(ds);
  const shared = {
    ds,
    catalogue,
    ...(options.clock ? { clock: options.clock } : {}),
  };
  // The workers' REST calls besides the external-task loop (camunda-external-task-client-js).
  const engine = new EngineClient({ url: options.engineUrl, auth: options.engineAuth, timeoutMs: 15_000 });
  const handlers = [
    receiveDossierHandler({
      ...shared,
      ...(options.unitCode ? { unitCode: options.unitCode } : {}),
      ...(options.calendar ? { calendar: options.calendar } : {}),
    }),
    returnResultHandler(shared),
    signResultHandler({
      ...shared,
      life,
      signer: resultSigner(options, logger),
      engine,
    }),
    escalateDeadlineHandler({ ...shared, life }),
    resumeClockHandler({ ...shared, life, ...(options.calendar ? { calendar: options.calendar } : {}) }),
    startMainClockHandler({ ...shared, life, ...(options.calendar ? { calendar: options.calendar } : {}) }),
    stopNoticeHandler({ ...shared, life }),
    expirePaymentRequestHandler({
      payments: new PaymentStore(ds),
      audit: new AuditStore(ds),
      life,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
    apologyHandler({
      ...shared,
      life,
      ...(options.calendar ? { calendar: options.calendar } : {}),
      ...(options.apologyExtensionWorkingDays !== undefined
        ? { extensionWorkingDays: options.apologyExtensionWorkingDays }
        : {}),
    }),
  ];
  const runtime = new WorkerRuntime(handlers, {
    engineUrl: options.engineUrl.replace(/\/+$/, ''),
    ...(options.engineAuth ? { engineAuth: options.engineAuth } : {}),
    workerId: options.workerId ?? defaultWorkerId(),
    lockDurationMs: options.lockDurationMs ?? 30_000,
    maxTasks: options.maxTasks ?? 10,
    asyncResponseTimeoutMs: options.asyncResponseTimeoutMs ?? 10_000,
    pollIntervalMs: options.pollIntervalMs ?? 300,
    retry: { retries: 3, backoffMs: 5_000, maxBackoffMs: 300_000, ...options.retry },
    logger,
    onOutcome: metrics.taskHandled,
  });
  runtime.start();
  const follower =
    options.historyPollMs === 0
      ? undefined
      : new HistoryFollower({
          engine,
          life,
          logger,
          ...(options.historyPollMs !== undefined ? { pollMs: options.historyPollMs } : {}),
        });
  follower?.start();
  const np = options.nationalPortal;
  const dvcqgClient = np
    ? new DvcqgClient({
        baseUrl: np.url,
        clientId: np.clientId,
        clientSecret: np.clientSecret,
        timeoutMs: np.timeoutMs,
      })
    : undefined;
  const sync = np
    ? new DvcqgSyncWorker({
        ds,
        client: dvcqgClient!,
        catalogue,
        unitCode: np.unitCode,
        workerId: options.workerId ?? defaultWorkerId(),
        logger,
        pollMs: np.pollMs,
        maxAttempts: np.maxAttempts,
        // Each poll asks for up to 3 calls per row, each up to the timeout; the lock outlives them.
        lockMs: Math.max(60_000, np.timeoutMs * 4),
        ...(options.clock ? { clock: options.clock } : {}),
        // A dossier whose sync is given up on becomes an incident on its process instance.
        engine: { url: options.engineUrl, ...(options.engineAuth ? { auth: options.engineAuth } : {}) },
      })
    : undefined;
  if (sync) logger.info({ url: np!.url, unitCode: np!.unitCode }, 'national portal sync on');
  sync?.start();
  const notifications = options.notifications
    ? startNotifications(options.notifications, {
        ds,
        engine: { url: options.engineUrl, ...(options.engineAuth ? { auth: options.engineAuth } : {}) },
        catalogue,
        logger,
        owner: options.workerId ?? defaultWorkerId(),
        ...(options.clock ? { clock: options.clock } : {}),
      })
    : undefined;
  const inbound =
    np && np.inboundPollMs > 0
      ? new DvcqgInboundPuller({
          ds,
          client: dvcqgClient!,
          catalogue,
          engineUrl: options.engineUrl.replace(/\/+$/, ''),
          ...(options.engineAuth ? { engineAuth: options.engineAuth } : {}),
          logger,
          pollMs: np.inboundPollMs,
          ...(options.clock ? { clock: options.clock } : {}),
        })
      : undefined;
  inbound?.start();
  let closed: Promise<void> | undefined;
  if (ops) logger.info({ url: ops.url }, 'workers health and metrics listening');
  return {
    opsUrl: ops?.url ?? null,
    close() {
      closed ??= (async () => {
        await Promise.all([
          runtime.close(),
          follower?.close(),
          sync?.close(),
          notifications?.close(),
          inbound?.close(),
        ]);
        if (ops)
          await new Promise<void>((resolve) => {
            ops.server.close(() => resolve());
            ops.server.closeAllConnections();
          });
        await ds.destroy();
      })();
      return closed;
    },
  };
}
