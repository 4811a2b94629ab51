import type { RouteDeps } from '../rest-context.js';
import { historicActivityInstanceRoutes } from './activity-instance.routes.js';
import { historyCleanupRoutes } from './cleanup.routes.js';
import { historicDecisionInstanceRoutes } from './decision-instance.routes.js';
import { historicDecisionRequirementsRoutes } from './decision-requirements-definition.routes.js';
import { historicDetailRoutes } from './detail.routes.js';
import { externalTaskLogRoutes } from './external-task-log.routes.js';
import { identityLinkLogRoutes } from './identity-link-log.routes.js';
import { historicIncidentRoutes } from './incident.routes.js';
import { jobLogRoutes } from './job-log.routes.js';
import { historicProcessDefinitionRoutes } from './process-definition.routes.js';
import { historicProcessInstanceRoutes } from './process-instance.routes.js';
import { historicTaskRoutes } from './task.routes.js';
import { userOperationRoutes } from './user-operation.routes.js';
import { historicVariableInstanceRoutes } from './variable-instance.routes.js';

/**
 * `/history/…`: one module per history resource (the path's second segment). Each parses the
 * request, calls its service in `services/history/` and maps the rows to Camunda's DTOs.
 */
export function historyRoutes(deps: RouteDeps): void {
  historicProcessInstanceRoutes(deps);
  historicActivityInstanceRoutes(deps);
  historicVariableInstanceRoutes(deps);
  historicDetailRoutes(deps);
  historicTaskRoutes(deps);
  historicIncidentRoutes(deps);
  identityLinkLogRoutes(deps);
  externalTaskLogRoutes(deps);
  userOperationRoutes(deps);
  jobLogRoutes(deps);
  historicDecisionInstanceRoutes(deps);
  historicDecisionRequirementsRoutes(deps);
  historicProcessDefinitionRoutes(deps);
  historyCleanupRoutes(deps);
}
