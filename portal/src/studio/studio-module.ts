import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import type { PortalStores } from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { EngineClient } from '../engine/engine-client.js';
import type { PortalState } from '../http/state.js';
import { motcuaDeploymentChecker, type DeploymentChecker } from './deployment-check.js';
import { DraftsService } from './drafts.service.js';
import { MigrationService } from './migration.service.js';
import { ProcedureSources } from './procedure-sources.js';
import { ProceduresOverview } from './procedures-overview.js';
import { SandboxRunsService } from './sandbox-runs.service.js';
import { StudioEngine } from './studio-engine.js';
import { studioRoutes } from './studio.routes.js';

/** The server-side check the deploy path runs: bpmnlint with motcua's Vietnamese rules. */
export const studioChecker: DeploymentChecker = motcuaDeploymentChecker;

/**
 * The studio's own body parser, before the portal's (256 KB JSON): a draft carries a BPMN model,
 * every form and a fee table, so its API accepts up to 4 MB of JSON; the services then hold each
 * file to its own limit.
 */
export function studioBodyParser(): Middleware<PortalState> {
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: '4mb' });
  return (ctx, next) => (ctx.path.startsWith('/thiet-ke/api/') ? parse(ctx, next) : next());
}

/** The studio's router with its services. */
export function createStudio(d: {
  stores: PortalStores;
  engine: EngineClient;
  catalogue: Catalogue;
  check?: DeploymentChecker;
}) {
  const engine = new StudioEngine(d.engine);
  const sources = new ProcedureSources(d.catalogue);
  const drafts = new DraftsService({
    drafts: d.stores.drafts,
    sources,
    engine,
    audit: d.stores.audit,
    check: d.check ?? studioChecker,
  });
  return studioRoutes({
    audit: d.stores.audit,
    sources,
    overview: new ProceduresOverview(sources, engine, d.stores.drafts),
    drafts,
    migration: new MigrationService(engine, d.stores.audit),
    engine,
    sandbox: new SandboxRunsService({ drafts, engine: d.engine, audit: d.stores.audit }),
  });
}
