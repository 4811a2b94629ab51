import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, withinMs, withOpsEndpoints, type Logger } from '@motcua/domain';
import { databaseReadinessChecks, openDatabase } from '@motcua/db';
import { createHolidayStore, createPortalStores, SsoStore } from '@motcua/db/portal';
import { loadPublishedCatalogue } from '@motcua/processes';
import { demoPassword, seedDemoAccounts } from './auth/demo-accounts.js';
import { SessionService, type SessionTimeouts } from './auth/sessions.js';
import { linkDemoIdentities } from './sso/demo-identities.js';
import { setupSso, type SsoOptions } from './sso/sso-setup.js';
import { SIGN_IN_ATTEMPT_TTL_MS } from './sso/sso.routes.js';
import { Catalogue, type CatalogueEntry } from './catalogue/catalogue.js';
import { deployCatalogue } from './engine/deploy-catalogue.js';
import { EngineClient, type EngineAuth } from './engine/engine-client.js';
import type { DocumentServiceOptions } from './documents/document.service.js';
import { createPortalApp } from './portal-app.js';
import { mountedRoutes, type MountedRoute } from './http/route-list.js';
import { DeployedForms } from './deployed-forms/deployed-forms.js';
import { DossierService } from './dossiers/dossier-service.js';
import { DossierStateRefresher } from './dossiers/dossier-state-refresher.js';
import { ReportMonthWarmer } from './reports/report-month-warmer.js';
import { developmentEmulators } from './emulators/mount-emulators.js';
import type { PaymentConfig } from './payment/payment-config.js';
import { createPaymentModule } from './payment/payment-module.js';
import type { ReconcileRound } from './payment/payment-reconciler.js';
import type { DevEmulators } from './dev/emulator.routes.js';
import { PortalMetrics } from './ops/portal-metrics.js';

export interface StartPortalOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Camunda 7 REST base URL, e.g. http://localhost:8080/engine-rest. */
  engineUrl: string;
  /** HTTP Basic credentials sent on every engine call, when the engine requires them. */
  engineAuth?: EngineAuth | undefined;
  dbUrl: string;
  dataDir: string;
  /** Seed the demo accounts. */
  demo?: boolean;
  /** Demo password; else generated once per data dir (see demo-accounts.ts). */
  demoPassword?: string;
  secureCookies?: boolean;
  logger?: Logger;
  /** Procedures to serve; default: the published catalogue (hand-modelled + publishable generated). */
  catalogue?: CatalogueEntry[];
  /** Deploy the catalogue to the engine at start (default true). Runs in the background. */
  deploy?: boolean;
  /** How long a submission waits for the dossier code. Default 5 s. */
  waitForCodeMs?: number;
  /** Upload limits (bytes) and staging time (ms) of the dossiers' documents; defaults 10 MiB, 50 MiB, 24 h. */
  documents?: Partial<DocumentServiceOptions>;
  /**
   * Background refresh of running dossiers' cached state (the officers' list): a batch of `batch`
   * dossiers (default 20) every `intervalMs` (default 30 000); `false` turns it off.
   */
  refreshDossiers?: { intervalMs?: number; batch?: number } | false;
  /**
   * Background summing of the closed report months a change dropped (reports/report-month-warmer.ts):
   * a round every `intervalMs` (default 600 000); `false` turns it off.
   */
  warmReportMonths?: { intervalMs?: number } | false;
  /** Development only: serve the outside systems' emulators under `/gia-lap/` (never in production). */
  emulators?: boolean;
  /** Sign-in: password and/or identity providers, the embedded one (default: password only). */
  sso?: SsoOptions;
  /** The origin browsers use (the embedded identity provider's issuer); default the listening URL. */
  publicUrl?: string | undefined;
  /** Session timeouts (defaults 30 min idle, 12 h absolute) and, for tests, the clock. */
  sessions?: SessionTimeouts & { now?: () => Date };
  /** Online fee payment (payment/payment-config.ts); default off (the desk records fees). */
  payment?: PaymentConfig;
  /** Tests: the clock online payment reads (requests' times), e.g. the engine's TestClock. */
  paymentClock?: () => Date;
  /** Development and tests only: emulators whose messages are listed under /gia-lap/. */
  devEmulators?: DevEmulators;
  /**
   * Prometheus metrics on `/metrics`: `token` is the bearer token a scraper must send (unset:
   * `/metrics` answers 404); `processMetrics` adds CPU, memory, event-loop and GC metrics (entry
   * point only). `/health/live` and `/health/ready` are always served.
   */
  metrics?: { token?: string | undefined; processMetrics?: boolean };
}

export interface RunningPortal {
  url: string;
  /** Resolves when every catalogue procedure is deployed (rejects if deployment gave up). */
  deployed: Promise<void>;
  /** The demo password when demo accounts were seeded. */
  demoPassword: string | null;
  /** Every route the app serves (the access tests walk it, so no route escapes them). */
  routes: MountedRoute[];
  /** Online payment's reconciliation, one round on demand (tests); null when payment is off. */
  reconcilePayments: (() => Promise<ReconcileRound>) | null;
  close(): Promise<void>;
}

/** Starts the portal: database, demo accounts, catalogue deployment, HTTP server. */
export async function startPortal(options: StartPortalOptions): Promise<RunningPortal> {
  const logger = (options.logger ?? silentLogger).child({ component: 'portal' });
  const ds = await openDatabase({ url: options.dbUrl });
  const stores = createPortalStores(ds);
  const metrics = new PortalMetrics({ processMetrics: options.metrics?.processMetrics ?? false });
  stores.audit.observe(metrics.audited);
  const engine = new EngineClient({ url: options.engineUrl, auth: options.engineAuth });
  const catalogue = new Catalogue(options.catalogue ?? loadPublishedCatalogue());

  let password: string | null = null;
  const demoUsernames: string[] = [];
  if (options.demo) {
    password = demoPassword(options.dataDir, options.demoPassword);
    demoUsernames.push(...(await seedDemoAccounts(stores.users, password)));
  }
  const ssoStore = new SsoStore(ds);
  if (options.demo) await linkDemoIdentities(stores.users, ssoStore);

  const abort = new AbortController();
  const deployed =
    options.deploy === false
      ? Promise.resolve()
      : deployCatalogue(engine, catalogue, logger, { signal: abort.signal }).catch((err) => {
          logger.error({ err }, 'catalogue deployment failed');
          throw err;
        });
  deployed.catch(() => {}); // observed by callers that await it; never an unhandled rejection

  // Listen first: the embedded identity provider's issuer is this server's URL.
  const host = options.host ?? '127.0.0.1';
  // Until the app is built, a request (start.mjs polls /health) gets a 503 at once instead of
  // waiting, unanswered, on a server with no request handler.
  const ready: { handle?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const server: Server = createServer(
    withOpsEndpoints(
      (req, res) => {
        if (ready.handle) return ready.handle(req, res);
        res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Đang khởi động / starting');
      },
      {
        metricsToken: options.metrics?.token ?? null,
        metrics: async () => ({
          contentType: metrics.registry.contentType,
          body: await metrics.registry.metrics(),
        }),
        // Ready: the app is built, its database answers with every migration applied, and the
        // engine answers (without it no dossier can be submitted or worked on).
        readiness: async () => {
          const [db, engineUp] = await Promise.all([
            databaseReadinessChecks(ds),
            withinMs(2000, engine.isUp(), false),
          ]);
          return {
            portal: { ok: Boolean(ready.handle), state: ready.handle ? 'up' : 'starting' },
            ...db,
            engine: { ok: engineUp, state: engineUp ? 'up' : 'down' },
          };
        },
      },
    ),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  let sso;
  try {
    sso = options.sso
      ? await setupSso(options.sso, {
          store: ssoStore,
          publicUrl: options.publicUrl ?? url,
          listenUrl: url,
          dataDir: options.dataDir,
          demoPassword: password,
          secureCookies: options.secureCookies ?? false,
        })
      : undefined;
  } catch (err) {
    abort.abort();
    server.close();
    await deployed.catch(() => {});
    await ds.destroy();
    throw err;
  }

  // The portal's own jobs (dossier refresh, payments) read dossiers' progress through one service.
  const progress = new DossierService({ ...stores, engine, forms: new DeployedForms(engine), logger });
  const payments =
    options.payment && options.payment.mode !== 'off'
      ? createPaymentModule({
          config: options.payment,
          stores,
          engine,
          progressOf: (dossier) => progress.progressOf(dossier),
          logger,
          publicUrl: options.publicUrl,
          ...(options.paymentClock ? { clock: options.paymentClock } : {}),
        })
      : undefined;
  const app = createPortalApp({
    observeRequests: metrics.middleware(),
    ...(payments ? { payments } : {}),
    holidays: createHolidayStore(ds),
    calendar: createHolidayStore(ds),
    stores,
    engine,
    catalogue,
    logger,
    secureCookies: options.secureCookies ?? false,
    demoUsernames,
    ...(options.waitForCodeMs !== undefined ? { waitForCodeMs: options.waitForCodeMs } : {}),
    ...(options.documents ? { documents: options.documents } : {}),
    ...(options.emulators || payments?.emulator
      ? {
          emulators: [
            ...(options.emulators ? developmentEmulators() : []),
            // Online payment without a configured gateway, in development: VNPay's emulator.
            ...(payments?.emulator ? [payments.emulator] : []),
          ],
        }
      : {}),
    ...(sso ? { sso } : {}),
    ...(options.sessions ? { sessions: options.sessions } : {}),
    ...(options.devEmulators ? { devEmulators: options.devEmulators } : {}),
  });
  ready.handle = app.callback();
  const refresher =
    options.refreshDossiers === false
      ? null
      : new DossierStateRefresher({
          dossiers: stores.dossiers,
          progress,
          logger,
          ...(options.refreshDossiers ?? {}),
        });
  refresher?.start();
  const reportMonths =
    options.warmReportMonths === false
      ? null
      : new ReportMonthWarmer({ indicators: stores.indicators, logger, ...(options.warmReportMonths ?? {}) });
  reportMonths?.start();
  const sessions = new SessionService(stores.sessions, options.sessions?.now, options.sessions);
  const purgeAll = async () => {
    await sessions.purgeExpired();
    const now = Date.now();
    await ssoStore.purgeAttempts(new Date(now - SIGN_IN_ATTEMPT_TTL_MS));
    await ssoStore.purgeSessionLinks(new Date(now - sessions.absoluteTimeoutMs));
  };
  const purge = setInterval(
    () => purgeAll().catch((err) => logger.warn({ err }, 'session purge failed')),
    10 * 60_000,
  );
  purge.unref();

  logger.info({ url }, 'portal listening');
  payments?.listening(url);
  payments?.reconciler.start();

  return {
    url,
    deployed,
    demoPassword: password,
    routes: mountedRoutes(app),
    reconcilePayments: payments ? () => payments.reconciler.round() : null,
    async close() {
      abort.abort();
      clearInterval(purge);
      await refresher?.stop();
      await reportMonths?.stop();
      await payments?.reconciler.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await deployed.catch(() => {});
      await ds.destroy();
    },
  };
}
