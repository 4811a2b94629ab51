// Entities, migrations and stores of the engine area.
import { ENGINE_ENTITIES } from './entities.js';
import { EngineSchema1764000000000 } from './migrations/1764000000000-engine-schema.js';
import { EngineHistoricTaskDetails1764000000001 } from './migrations/1764000000001-historic-task-details.js';
import { EngineEventSubscriptions1764000000002 } from './migrations/1764000000002-event-subscriptions.js';
import { EngineJobs1764000100000 } from './migrations/1764000100000-jobs.js';
import { EngineStartEventSubscriptions1764000100001 } from './migrations/1764000100001-start-event-subscriptions.js';
import { EngineDecisionDefinitions1764000100002 } from './migrations/1764000100002-decision-definitions.js';
import { EngineIdentityAndOperations1764000200000 } from './migrations/1764000200000-identity-and-operations.js';
import { EngineTaskDelegation1764000200001 } from './migrations/1764000200001-task-delegation.js';
import { EngineExecutionSuspension1764000200002 } from './migrations/1764000200002-execution-suspension.js';
import { EngineHistoricIncidents1764000200003 } from './migrations/1764000200003-historic-incidents.js';
import { EngineHistoricIdentityLinks1764000200004 } from './migrations/1764000200004-historic-identity-links.js';
import { EngineExternalTaskLog1764000200005 } from './migrations/1764000200005-external-task-log.js';
import { EngineJobDefinitions1764000200006 } from './migrations/1764000200006-job-definitions.js';
import { IDENTITY_ENTITIES } from './identity.entities.js';
import { DECISION_HISTORY_ENTITIES } from './decision-history.entities.js';
import { EngineDecisionHistory1764000300100 } from './migrations/1764000300100-decision-history.js';
import { JOB_LOG_ENTITIES } from './job-log.entities.js';
import { EngineJobLog1764000300101 } from './migrations/1764000300101-job-log.js';
import { DECISION_REQUIREMENTS_ENTITIES } from './decision-requirements.entities.js';
import { EngineDecisionRequirements1764000300102 } from './migrations/1764000300102-decision-requirements.js';
import { TENANT_ENTITIES } from './tenant.entities.js';
import { EngineTenants1764000300103 } from './migrations/1764000300103-tenants.js';

export * from './entities.js';
export * from './identity.entities.js';
export * from './decision-history.entities.js';
export * from './job-log.entities.js';
export * from './decision-requirements.entities.js';
export * from './tenant.entities.js';
export * from './engine-store.js';
export {
  FINISHED_COUNT_SLOTS,
  FINISHED_COUNT_TABLE,
  rebuildFinishedInstanceCountSql,
} from './finished-instance-count.js';
export type { IntervalMetric } from './metric-buckets.js';
export * from './task-query.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const engineEntities: Function[] = [
  ...ENGINE_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...DECISION_HISTORY_ENTITIES,
  ...JOB_LOG_ENTITIES,
  ...DECISION_REQUIREMENTS_ENTITIES,
  ...TENANT_ENTITIES,
];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const engineMigrations: Function[] = [
  EngineSchema1764000000000,
  EngineHistoricTaskDetails1764000000001,
  EngineEventSubscriptions1764000000002,
  EngineJobs1764000100000,
  EngineStartEventSubscriptions1764000100001,
  EngineDecisionDefinitions1764000100002,
  EngineIdentityAndOperations1764000200000,
  EngineTaskDelegation1764000200001,
  EngineExecutionSuspension1764000200002,
  EngineHistoricIncidents1764000200003,
  EngineHistoricIdentityLinks1764000200004,
  EngineExternalTaskLog1764000200005,
  EngineJobDefinitions1764000200006,
  EngineDecisionHistory1764000300100,
  EngineJobLog1764000300101,
  EngineDecisionRequirements1764000300102,
  EngineTenants1764000300103,
];
