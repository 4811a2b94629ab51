import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '@motcua/domain';
import { createHolidayStore, createPortalStores, openDatabase } from '@motcua/db';
import { loadPublishedCatalogue } from '@motcua/processes';
import { demoPassword, seedDemoAccounts } from './auth/demo-accounts.js';
import { SessionService } from './auth/sessions.js';
import { Catalogue, type CatalogueEntry } from './catalogue/catalogue.js';
import { deployCatalogue } from './engine/deploy-catalogue.js';
import { EngineClient, type EngineAuth } from './engine/engine-client.js';
import type { DocumentServiceOptions } from './documents/document.service.js';
import { createPortalApp } from './portal-app.js';
import { mountedRoutes, type MountedRoute } from './http/route-list.js';
import { DeployedForms } from './deployed-forms/deployed-forms.js';
import { DossierService } from './dossiers/dossier-service.js';
import { DossierStateRefresher } from './dossiers/dossier-state-refresher.js';
import { developmentEmulators } from './emulators/mount-emulators.js';

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
  /** Development only: serve the outside systems' emulators under `/gia-lap/` (never in production). */
  emulators?: boolean;
}

export interface RunningPortal {
  url: string;
  /** Resolves when every catalogue procedure is deployed (rejects if deployment gave up). */
  deployed: Promise<void>;
  /** The demo password when demo accounts were seeded. */
  demoPassword: string | null;
  /** Every route the app serves (the access tests walk it, so no route escapes them). */
  routes: MountedRoute[];
  close(): Promise<void>;
}

/** Starts the portal: database, demo accounts, catalogue deployment, HTTP server. */
export async function startPortal(options: StartPortalOptions): Promise<RunningPortal> {
  const logger = (options.logger ?? silentLogger).child({ component: 'portal' });
  const ds = await openDatabase({ url: options.dbUrl });
  const stores = createPortalStores(ds);
  const engine = new EngineClient(options.engineUrl, undefined, options.engineAuth);
  const catalogue = new Catalogue(options.catalogue ?? loadPublishedCatalogue());

  let password: string | null = null;
  const demoUsernames: string[] = [];
  if (options.demo) {
    password = demoPassword(options.dataDir, options.demoPassword);
    demoUsernames.push(...(await seedDemoAccounts(stores.users, password)));
  }

  const abort = new AbortController();
  const deployed =
    options.deploy === false
      ? Promise.resolve()
      : deployCatalogue(engine, catalogue, logger, { signal: abort.signal }).catch((err) => {
          logger.error({ err }, 'catalogue deployment failed');
          throw err;
        });
  deployed.catch(() => {}); // observed by callers that await it; never an unhandled rejection

  const app = createPortalApp({
    holidays: createHolidayStore(ds),
    stores,
    engine,
    catalogue,
    logger,
    secureCookies: options.secureCookies ?? false,
    demoUsernames,
    ...(options.waitForCodeMs !== undefined ? { waitForCodeMs: options.waitForCodeMs } : {}),
    ...(options.documents ? { documents: options.documents } : {}),
    ...(options.emulators ? { emulators: developmentEmulators() } : {}),
  });
  const refresher =
    options.refreshDossiers === false
      ? null
      : new DossierStateRefresher({
          dossiers: stores.dossiers,
          progress: new DossierService({ ...stores, engine, forms: new DeployedForms(engine), logger }),
          logger,
          ...(options.refreshDossiers ?? {}),
        });
  refresher?.start();
  const sessions = new SessionService(stores.sessions);
  const purge = setInterval(
    () => sessions.purgeExpired().catch((err) => logger.warn({ err }, 'session purge failed')),
    10 * 60_000,
  );
  purge.unref();

  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url }, 'portal listening');

  return {
    url,
    deployed,
    demoPassword: password,
    routes: mountedRoutes(app),
    async close() {
      abort.abort();
      clearInterval(purge);
      await refresher?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await deployed.catch(() => {});
      await ds.destroy();
    },
  };
}
