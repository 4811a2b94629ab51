import type { PortalStores } from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { EngineClient } from '../engine/engine-client.js';
import { AdminDossierService } from './admin-dossier.service.js';
import { IncidentsService } from './incidents.service.js';
import { OperationsEngine } from './operations-engine.js';
import { operationsRoutes } from './operations.routes.js';
import { ProcessModels } from './process-models.js';
import { RunningInstancesService } from './running-instances.service.js';

/** The operations pages' router with their services. */
export function createOperations(d: { stores: PortalStores; engine: EngineClient; catalogue: Catalogue }) {
  const engine = new OperationsEngine(d.engine);
  const models = new ProcessModels(engine);
  const incidents = new IncidentsService({
    engine,
    models,
    dossiers: d.stores.dossiers,
    catalogue: d.catalogue,
    audit: d.stores.audit,
  });
  return operationsRoutes({
    incidents,
    instances: new RunningInstancesService({ engine, models, catalogue: d.catalogue }),
    dossiers: new AdminDossierService({
      dossiers: d.stores.dossiers,
      life: d.stores.life,
      catalogue: d.catalogue,
      incidents,
    }),
  });
}
