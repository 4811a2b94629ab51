import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES, type Permission } from '../identity/authorization.service.js';
import {
  executeMigration,
  generatePlan,
  validatePlan,
  type InstructionReport,
  type MigrationInstruction,
  type MigrationPlan,
  type PlanRequest,
} from '../runtime/instance-migration.js';

/** Process-instance migration: generating and validating a plan, and executing it synchronously. */

/** Plans need READ on process definitions; executing one needs MIGRATE_INSTANCE, as Camunda's. */
const READ_DEFINITIONS: Permission = { resource: RESOURCES.PROCESS_DEFINITION, permission: 'READ' };
const MIGRATE_INSTANCES: Permission = {
  resource: RESOURCES.PROCESS_DEFINITION,
  permission: 'MIGRATE_INSTANCE',
};

export function generateMigrationPlan(
  core: EngineCore,
  request: PlanRequest,
): Promise<MigrationInstruction[]> {
  return core.command(async (c) => {
    await requirePermission(c.tx, c.caller, READ_DEFINITIONS);
    return generatePlan(c, request);
  });
}

export function validateMigrationPlan(
  core: EngineCore,
  plan: Omit<MigrationPlan, 'variables'>,
): Promise<InstructionReport[]> {
  return core.command(async (c) => {
    await requirePermission(c.tx, c.caller, READ_DEFINITIONS);
    return validatePlan(c, plan);
  });
}

/** Every instance in one transaction (the asynchronous batch variant is not offered). */
export async function migrateInstances(
  core: EngineCore,
  plan: MigrationPlan,
  processInstanceIds: readonly string[],
  options: { skipCustomListeners: boolean; skipIoMappings: boolean },
): Promise<void> {
  await core.command(async (c) => {
    await requirePermission(c.tx, c.caller, MIGRATE_INSTANCES);
    await executeMigration(c, plan, processInstanceIds, options);
  });
}
