import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Koa, { type Middleware } from 'koa';
import { bodyParser } from '@koa/bodyparser';
import compress from 'koa-compress';
import helmet from 'koa-helmet';
import serve from 'koa-static';
import type { Logger } from '@motcua/domain';
import type { PortalStores } from '@motcua/db/portal';
import { publicApiRoutes, type HolidayTableSource } from './api/public-api.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { mountEmulators, type MountedEmulator } from './emulators/mount-emulators.js';
import { DvcqgSyncService } from './national-portal/dvcqg-sync.service.js';
import { dvcqgSyncRoutes } from './national-portal/dvcqg-sync.routes.js';
import { DvcqgSyncAdminService } from './admin/dvcqg-sync-admin.service.js';
import { dvcqgSyncAdminRoutes } from './admin/dvcqg-sync-admin.routes.js';
import { csrfMiddleware, sessionMiddleware } from './auth/auth-middleware.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { SessionService, type SessionTimeouts } from './auth/sessions.js';
import type { PortalSso } from './sso/sso-setup.js';
import { ssoRoutes, ssoSignOut } from './sso/sso.routes.js';
import { SsoAccountsService } from './sso/sso-accounts.service.js';
import { idpInteractionRoutes } from './sso/embedded-idp/idp-interaction.routes.js';
import type { Catalogue } from './catalogue/catalogue.js';
import { catalogueRoutes } from './catalogue/catalogue.routes.js';
import { applicantRoutes } from './dossiers/applicant.routes.js';
import { DossierLifeService } from './dossiers/dossier-life.service.js';
import { DossierService } from './dossiers/dossier-service.js';
import { DossierLookup } from './dossiers/dossier-lookup.js';
import { SatisfactionService } from './dossiers/satisfaction.service.js';
import { lookupRoutes } from './dossiers/lookup.routes.js';
import { deskIntakeRoutes } from './desk/desk-intake.routes.js';
import { documentRoutes } from './documents/document.routes.js';
import { DocumentService, type DocumentServiceOptions } from './documents/document.service.js';
import { DEFAULT_UPLOAD_LIMITS } from './documents/upload-check.js';
import { DeskIntakeService } from './desk/desk-intake.service.js';
import { DeployedForms } from './deployed-forms/deployed-forms.js';
import type { EngineClient } from './engine/engine-client.js';
import { errorHandler } from './http/error-handler.js';
import { publicRoutes } from './http/public.routes.js';
import type { PortalState } from './http/state.js';
import { inboxRoutes } from './inbox/inbox.routes.js';
import { InboxService } from './inbox/inbox-service.js';
import { OfficerActionsService } from './officer/officer-actions.service.js';
import { officerRoutes } from './officer/officer.routes.js';
import { ProcessDiagramService } from './officer/process-diagram.service.js';
import { createStudio, studioBodyParser } from './studio/studio-module.js';
import { OfficerDossierListService } from './officer/officer-dossier-list.service.js';
import { adminGuard } from './admin/admin-guard.js';
import { adminRoutes } from './admin/admin.routes.js';
import { CatalogueCoverageService } from './admin/catalogue-coverage.service.js';
import { catalogueCoverageRoutes } from './admin/catalogue-coverage.routes.js';
import { AdminOverviewService } from './admin/admin-overview.service.js';
import { UnitsService } from './admin/units.service.js';
import { IndicatorReportService } from './reports/indicator-report.service.js';
import { reportDimensions, withUnitNames } from './reports/report-dimensions.js';
import { reportRoutes } from './reports/reports.routes.js';
import { createOperations } from './admin/operations-module.js';
import { OpenDataService } from './open-data/open-data.service.js';
import { openDataRoutes } from './open-data/open-data.routes.js';
import { loadProcedureDescriptions } from '@motcua/processes';
import type { PaymentModule } from './payment/payment-module.js';
import { paymentRoutes } from './payment/payment.routes.js';
import { emulatorRoutes, type DevEmulators } from './dev/emulator.routes.js';
import { NotificationProfileService } from './profile/notification-profile.service.js';
import { profileRoutes } from './profile/profile.routes.js';
import { createAccounts } from './admin/accounts-module.js';
import { createAuditLog } from './admin/audit-module.js';
import { createFailedNotifications } from './admin/failed-notifications-module.js';
import { calendarRoutes } from './admin/calendar.routes.js';
import { CalendarAdminService } from './admin/calendar-admin.service.js';
import type { HolidayStore } from '@motcua/db/portal';

/** The browser bundles and CSS built by `npm run build:browser` (same place from src/ and dist/). */
export const PUBLIC_DIR = fileURLToPath(new URL('../dist/public/', import.meta.url));

export interface PortalAppDeps {
  /** Runs first on every request (the metrics' timing), ahead of error handling. */
  observeRequests?: Middleware;
  stores: PortalStores;
  engine: EngineClient;
  catalogue: Catalogue;
  logger: Logger;
  /** Cookies get `Secure` (serve over https). */
  secureCookies: boolean;
  demoUsernames: string[];
  waitForCodeMs?: number;
  /** Development only: the outside systems' emulators served under `/gia-lap/` (start-portal.ts). */
  emulators?: MountedEmulator[];
  /** The holiday table's saved years for the public due-date API (default calendar without it). */
  holidays?: HolidayTableSource;
  /** The versioned holiday table the administration edits (/quan-tri/lich-lam-viec; absent: no page). */
  calendar?: HolidayStore;
  /** Upload limits and staging time of the dossiers' documents (defaults: DEFAULT_DOCUMENT_OPTIONS). */
  documents?: Partial<DocumentServiceOptions>;
  /** Single sign-on (issue 13): identity providers, the embedded one, the password switch. Without it: password only. */
  sso?: PortalSso;
  /** Session idle/absolute timeouts (defaults 30 min / 12 h) and, for tests, the clock. */
  sessions?: SessionTimeouts & { now?: () => Date };
  /** Online fee payment (payment/payment-module.ts); absent = the desk records fees only. */
  payments?: PaymentModule;
  /** Development and tests only: the emulators listed under /gia-lap/ (never in production). */
  devEmulators?: DevEmulators;
}

/** 10 MiB per file, 50 MiB per dossier, staged uploads kept 24 h. */
export const DEFAULT_DOCUMENT_OPTIONS: DocumentServiceOptions = {
  ...DEFAULT_UPLOAD_LIMITS,
  stagingMs: 24 * 3600_000,
};

/**
 * Strict CSP: scripts and styles only from this origin. The form schema and settings travel in
 * JSON data blocks, never inline code; form-js and its date picker style elements through the DOM
 * (CSSOM), which CSP allows, so no 'unsafe-inline' is needed (the browser test fails on any CSP
 * violation).
 */
function securityHeaders(secure: boolean, formActionOrigins: string[] = []) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // The pay form is redirected to the payment gateway's page, sign-out to the identity
        // provider's end_session_endpoint (Chromium applies form-action to redirects too).
        formAction: ["'self'", ...formActionOrigins],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secure,
  });
}

/** Text worth compressing: pages, styles, scripts, JSON, SVG. PDFs and images are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript)|image\/svg\+xml)/;

/**
 * gzip or brotli (whichever the browser prefers; brotli at quality 4, fast enough per request)
 * for text responses of 1 KiB or more. Never for already-compressed types nor for a response that
 * set its own Content-Encoding (koa-compress leaves those alone), e.g. streamed file downloads.
 */
function compression() {
  return compress({
    threshold: 1024,
    filter: (type) => COMPRESSIBLE.test(type),
    gzip: {},
    br: {},
    deflate: false,
    zstd: false,
  } as Parameters<typeof compress>[0]);
}

/** What an incoming `X-Request-Id` may look like to be reused (else a fresh id is made). */
const REQUEST_ID = /^[\w.:-]{1,64}$/;

export function createPortalApp(d: PortalAppDeps): Koa<PortalState> {
  const app = new Koa<PortalState>();
  // Served over https means behind a TLS-terminating proxy: trust its X-Forwarded-Proto/-For, so
  // Secure cookies can be set and ctx.ip (rate limiting, audit) is the client's address.
  app.proxy = d.secureCookies;
  const sessions = new SessionService(d.stores.sessions, d.sessions?.now, d.sessions);
  // Forms come from the engine's deployments, not the catalogue files (cached per definition id).
  const forms = new DeployedForms(d.engine);
  const documentOptions = { ...DEFAULT_DOCUMENT_OPTIONS, ...d.documents };
  const documents = new DocumentService({
    attachments: d.stores.attachments,
    life: d.stores.life,
    audit: d.stores.audit,
    options: documentOptions,
  });
  const dossierService = new DossierService({
    ...d.stores,
    engine: d.engine,
    forms,
    logger: d.logger,
    documents,
    ...(d.waitForCodeMs !== undefined ? { waitForCodeMs: d.waitForCodeMs } : {}),
  });
  const dossierLife = new DossierLifeService({
    ...d.stores,
    engine: d.engine,
    catalogue: d.catalogue,
    forms,
    progress: dossierService,
    logger: d.logger,
    documents,
  });
  const inbox = new InboxService({
    ...d.stores,
    engine: d.engine,
    catalogue: d.catalogue,
    forms,
    logger: d.logger,
  });
  const officerActions = new OfficerActionsService({
    ...d.stores,
    engine: d.engine,
    catalogue: d.catalogue,
    progress: dossierService,
    logger: d.logger,
  });
  const deskIntake = new DeskIntakeService({
    catalogue: d.catalogue,
    users: d.stores.users,
    audit: d.stores.audit,
    life: d.stores.life,
    dossiers: dossierService,
  });
  const dvcqgSync = new DvcqgSyncService({ outbox: d.stores.dvcqgOutbox, audit: d.stores.audit });
  const stepNotesDeps = { engine: d.engine, forms, users: d.stores.users };
  const cookies = { secure: d.secureCookies };
  const staticFiles = serve(PUBLIC_DIR, { maxage: 3600_000, index: false });

  if (d.observeRequests) app.use(d.observeRequests);
  app.use(async (ctx, next) => {
    // A load balancer's id (nginx `$request_id`) is kept so its log and ours line up.
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    const started = Date.now();
    await next();
    // As the engine's: one line per request at debug (LOG_LEVEL=debug), the path without its query.
    d.logger.debug(
      { requestId: ctx.state.requestId, status: ctx.status, ms: Date.now() - started },
      `${ctx.method} ${ctx.path}`,
    );
  });
  app.use(errorHandler(d.logger));
  app.use(compression());
  app.use(
    securityHeaders(d.secureCookies, [
      ...(d.payments?.formActionOrigins ?? []),
      ...(d.sso?.formActionOrigins ?? []),
    ]),
  );
  if (d.emulators?.length) app.use(mountEmulators(d.emulators));
  app.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/static/')) return next();
    const original = ctx.path;
    ctx.path = original.slice('/static'.length);
    try {
      await staticFiles(ctx, async () => {});
    } finally {
      ctx.path = original;
    }
  });
  // The embedded identity provider (development) is another system on the same origin: its own
  // body parsing, cookies and CSRF, before the portal's session and CSRF middleware.
  const idp = d.sso?.embeddedIdp;
  if (idp) {
    const interactions = idpInteractionRoutes(idp, { secureCookies: d.secureCookies });
    app.use(idp.middleware).use(interactions.routes()).use(interactions.allowedMethods());
  }
  app.use(studioBodyParser());
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '256kb', formLimit: '64kb' }));
  app.use(sessionMiddleware(sessions, d.stores.users, cookies));
  app.use(csrfMiddleware(d.stores.audit));
  // Role admin for everything under /quan-tri, before any router can answer.
  app.use(adminGuard(d.stores.audit));

  const routers = [
    publicApiRoutes({ catalogue: d.catalogue, ...(d.holidays ? { holidays: d.holidays } : {}) }),
    publicRoutes({ engine: d.engine, catalogue: d.catalogue }),
    catalogueRoutes({ catalogue: d.catalogue, forms: dossierService, documents }),
    lookupRoutes({
      lookup: new DossierLookup({
        findByCode: (code) => dossierService.findByCode(code),
        progressOf: (dossier) => dossierService.progressOf(dossier),
        catalogue: d.catalogue,
        audit: d.stores.audit,
      }),
      secureCookies: d.secureCookies,
    }),
    authRoutes({
      users: d.stores.users,
      sessions,
      audit: d.stores.audit,
      throttle: new LoginThrottle(),
      cookies,
      demoUsernames: d.demoUsernames,
      ...(d.sso
        ? {
            passwordLogin: d.sso.passwordLogin,
            sso: { citizen: d.sso.parties.has('citizen'), officer: d.sso.parties.has('officer') },
            signOutRedirect: ssoSignOut({
              ...d.sso,
              audit: d.stores.audit,
              sso: d.sso.store,
              logger: d.logger,
            }),
          }
        : {}),
    }),
    ...(d.sso
      ? [
          ssoRoutes({
            parties: d.sso.parties,
            sso: d.sso.store,
            accounts: new SsoAccountsService({
              users: d.stores.users,
              sso: d.sso.store,
              audit: d.stores.audit,
            }),
            sessions,
            audit: d.stores.audit,
            cookies,
            logger: d.logger,
            ...(d.sessions?.now ? { now: d.sessions.now } : {}),
          }),
        ]
      : []),
    documentRoutes({
      documents,
      catalogue: d.catalogue,
      dossierStore: d.stores.dossiers,
      dossiers: dossierService,
      desk: deskIntake,
      officerActions,
      audit: d.stores.audit,
    }),
    applicantRoutes({
      documents,
      catalogue: d.catalogue,
      dossiers: d.stores.dossiers,
      audit: d.stores.audit,
      service: dossierService,
      life: dossierLife,
      lifeStore: d.stores.life,
      engine: d.engine,
      ...(d.payments ? { payments: d.payments.service } : {}),
      satisfaction: new SatisfactionService({
        ratings: d.stores.ratings,
        audit: d.stores.audit,
        progressOf: (dossier) => dossierService.progressOf(dossier),
      }),
    }),
    inboxRoutes({
      documents,
      inbox,
      notes: stepNotesDeps,
      dossiers: dossierService,
      catalogue: d.catalogue,
      audit: d.stores.audit,
      lifeStore: d.stores.life,
      officerActions,
    }),
    deskIntakeRoutes({ desk: deskIntake, documents, audit: d.stores.audit }),
    officerRoutes({
      documents,
      actions: officerActions,
      list: new OfficerDossierListService({ catalogue: d.catalogue, query: d.stores.officerDossiers }),
      notes: stepNotesDeps,
      dossiers: dossierService,
      dossierStore: d.stores.dossiers,
      catalogue: d.catalogue,
      audit: d.stores.audit,
      lifeStore: d.stores.life,
      diagram: new ProcessDiagramService(d.engine),
      dvcqgSync,
    }),
    dvcqgSyncRoutes({ sync: dvcqgSync, actions: officerActions, audit: d.stores.audit }),
    createStudio({ stores: d.stores, engine: d.engine, catalogue: d.catalogue }),
    adminRoutes({
      overview: new AdminOverviewService({ units: d.stores.units, users: d.stores.users }),
      units: new UnitsService({ units: d.stores.units, users: d.stores.users, audit: d.stores.audit }),
    }),
    reportRoutes({
      reports: new IndicatorReportService({
        indicators: d.stores.indicators,
        dimensions: reportDimensions(d.catalogue),
      }),
      indicators: d.stores.indicators,
      dimensions: async () => withUnitNames(reportDimensions(d.catalogue), await d.stores.units.list()),
      audit: d.stores.audit,
      units: d.stores.units,
    }),
    createOperations({ stores: d.stores, engine: d.engine, catalogue: d.catalogue }),
    openDataRoutes({
      openData: new OpenDataService({
        indicators: d.stores.indicators,
        dimensions: reportDimensions(d.catalogue),
        descriptions: loadProcedureDescriptions(),
        servedKeys: new Map(d.catalogue.entries.map((e) => [e.metadata.id, e.key])),
      }),
    }),
    ...(d.payments
      ? [
          paymentRoutes({
            payments: d.payments.service,
            dossiers: d.stores.dossiers,
            audit: d.stores.audit,
            catalogue: d.catalogue,
            logger: d.logger,
          }),
        ]
      : []),
    profileRoutes({
      profiles: new NotificationProfileService({
        preferences: d.stores.notificationPreferences,
        audit: d.stores.audit,
      }),
    }),
    ...(d.devEmulators ? [emulatorRoutes(d.devEmulators)] : []),
    createAccounts({ stores: d.stores, catalogue: d.catalogue }),
    createAuditLog(d.stores),
    createFailedNotifications({ stores: d.stores, engine: d.engine }),
    dvcqgSyncAdminRoutes({
      admin: new DvcqgSyncAdminService({ overview: d.stores.dvcqgOverview, sync: dvcqgSync }),
    }),
    catalogueCoverageRoutes({ coverage: new CatalogueCoverageService() }),
    ...(d.calendar
      ? [
          calendarRoutes({
            calendar: new CalendarAdminService({
              holidays: d.calendar,
              dossiers: d.stores.dossiers,
              audit: d.stores.audit,
            }),
          }),
        ]
      : []),
  ];
  for (const r of routers) app.use(r.routes()).use(r.allowedMethods());
  return app;
}

export { SessionService };
