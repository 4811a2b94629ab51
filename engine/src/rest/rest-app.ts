import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from '@motcua/domain';
import type { EngineCore } from '../engine-core.js';
import { errorMiddleware } from './http.js';
import type { RestCredentials } from './basic-auth.js';
import { authentication, cors, type RestSecurity } from './security.js';
import { supportedParameters } from './supported-parameters.js';
import { indexRoutesByFirstSegment } from './route-index.js';
import { authorizationRoutes } from './authorization.routes.js';
import { conditionRoutes } from './condition.routes.js';
import { decisionDefinitionRoutes } from './decision-definition.routes.js';
import { deploymentRoutes } from './deployment.routes.js';
import { drdRoutes } from './drd.routes.js';
import { engineRoutes } from './engine.routes.js';
import { eventSubscriptionRoutes } from './event-subscription.routes.js';
import { executionRoutes } from './execution.routes.js';
import { externalTaskRoutes } from './external-task.routes.js';
import { filterRoutes } from './filter.routes.js';
import { groupRoutes } from './group.routes.js';
import { historyRoutes } from './history/index.js';
import { identityRoutes } from './identity.routes.js';
import { incidentRoutes } from './incident.routes.js';
import { jobDefinitionRoutes } from './job-definition.routes.js';
import { jobRoutes } from './job.routes.js';
import { messageRoutes } from './message.routes.js';
import { metricsRoutes } from './metrics.routes.js';
import { migrationRoutes } from './migration.routes.js';
import { modificationRoutes } from './modification.routes.js';
import { optionsRoutes } from './options.routes.js';
import { processDefinitionRoutes } from './process-definition.routes.js';
import { processDefinitionTenantRoutes } from './process-definition-tenant.routes.js';
import { processInstanceCommentRoutes } from './process-instance-comment.routes.js';
import { processInstanceRoutes } from './process-instance.routes.js';
import { signalRoutes } from './signal.routes.js';
import { taskAttachmentRoutes } from './task-attachment.routes.js';
import { taskCommentRoutes } from './task-comment.routes.js';
import { taskRoutes } from './task.routes.js';
import { tenantRoutes } from './tenant.routes.js';
import { userRoutes } from './user.routes.js';
import { variableInstanceRoutes } from './variable-instance.routes.js';
import type { JobExecutor } from '../jobs/job-executor.js';

/** What an incoming `X-Request-Id` may look like to be reused (else a fresh id is made). */
const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * A fresh request id: this process's random prefix and a counter, unique across engine processes
 * (a UUID per request cost about a microsecond of each request's CPU).
 */
const REQUEST_ID_PREFIX = `${randomBytes(6).toString('hex')}-`;
let requestCount = 0;
const nextRequestId = (): string => REQUEST_ID_PREFIX + (++requestCount).toString(36);

/** `/engine-rest/task/:id` → `/engine-rest/task/{id}`, rewritten once per route. */
const metricRoutes = new Map<string, string>();
function metricRoute(template: string): string {
  let route = metricRoutes.get(template);
  if (route === undefined) metricRoutes.set(template, (route = template.replace(/:(\w+)/g, '{$1}')));
  return route;
}

/** Every route of the REST API, registered on one router under `/engine-rest`. */
function buildRouter(core: EngineCore, jobs: JobExecutor | null = null): Router {
  const router = new Router({ prefix: '/engine-rest' });
  const deps = { router, core };
  // One module per Camunda resource (the path's first segment; `history/` per history resource).
  // Each registers its literal paths (`/task/count`) before its `/{id}` routes.
  engineRoutes(deps);
  deploymentRoutes(deps);
  processDefinitionRoutes(deps);
  processDefinitionTenantRoutes(deps);
  processInstanceRoutes(deps);
  processInstanceCommentRoutes(deps);
  executionRoutes(deps);
  modificationRoutes(deps);
  migrationRoutes(deps);
  taskRoutes(deps);
  taskCommentRoutes(deps);
  taskAttachmentRoutes(deps);
  externalTaskRoutes(deps);
  variableInstanceRoutes(deps);
  eventSubscriptionRoutes(deps);
  incidentRoutes(deps);
  jobRoutes({ ...deps, jobs: jobs as JobExecutor }); // registration never touches the executor
  jobDefinitionRoutes(deps);
  messageRoutes(deps);
  signalRoutes(deps);
  conditionRoutes(deps);
  decisionDefinitionRoutes(deps);
  drdRoutes(deps);
  historyRoutes(deps);
  metricsRoutes(deps);
  userRoutes(deps);
  groupRoutes(deps);
  identityRoutes(deps);
  tenantRoutes(deps);
  authorizationRoutes(deps);
  filterRoutes(deps);
  optionsRoutes(deps);
  indexRoutesByFirstSegment(router, '/engine-rest');
  return router;
}

/**
 * The registered routes as `{ method, path }` with Camunda's path templates (`/task/{id}`),
 * without the `/engine-rest` prefix: the contract test compares them with the OpenAPI document.
 */
export function restRoutes(): { method: string; path: string }[] {
  const router = buildRouter(null as unknown as EngineCore); // registration never touches the core
  const out: { method: string; path: string }[] = [];
  for (const layer of router.stack) {
    const path = String(layer.path)
      .replace(/^\/engine-rest/, '')
      .replace(/:(\w+)/g, '{$1}');
    for (const method of layer.methods) if (method !== 'HEAD') out.push({ method, path });
  }
  return out;
}

/**
 * The Camunda 7 REST API under `/engine-rest`. With `auth: 'none'` (the default) it is open, like
 * Camunda Run's default REST API: it binds to 127.0.0.1 by default and only the portal and the
 * workers reach it. With `auth: 'basic'` every call needs HTTP Basic credentials of an engine user
 * (or the built-in administrator) and, unless turned off, the authorizations the call needs.
 * Plain credentials (the skeleton's option) mean basic auth with that administrator.
 */
export function createRestApp(
  core: EngineCore,
  logger: Logger,
  securityOrCredentials?: RestSecurity | RestCredentials,
  jobs?: JobExecutor,
): Koa {
  const security: RestSecurity =
    securityOrCredentials === undefined
      ? { auth: 'none' }
      : 'user' in securityOrCredentials
        ? { auth: 'basic', admin: securityOrCredentials }
        : securityOrCredentials;
  const app = new Koa();
  app.proxy = false;
  const router = buildRouter(core, jobs ?? null);

  const debugEnabled = () => logger.isLevelEnabled?.('debug') ?? true;
  app.use(async (ctx, next) => {
    // A load balancer's id (nginx `$request_id`) is kept so its log and ours line up.
    const incoming = ctx.req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : nextRequestId();
    ctx.state.requestId = requestId;
    ctx.res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      // The router's template (`/engine-rest/task/:id`), never the raw path: one series per route.
      const template = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const route = typeof template === 'string' ? metricRoute(template) : 'unmatched';
      const status = ctx.status;
      core.observer.httpRequest({ method: ctx.method, route, status, seconds });
      // The line is built only when it is written (pino drops a debug call at level info).
      if (debugEnabled())
        logger.debug({ requestId, status, ms: Math.round(seconds * 1000) }, `${ctx.method} ${ctx.path}`);
    }
  });
  app.use(errorMiddleware(logger));
  if (security.corsOrigins?.length) app.use(cors(security.corsOrigins));
  // Authentication only: each service checks the caller's authorizations (issue 11).
  if (security.auth === 'basic') app.use(authentication(core, security));
  // A documented query parameter the engine does not honour is refused, never ignored (issue 11).
  app.use(supportedParameters(router));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
