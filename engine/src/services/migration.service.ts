import type { EngineCore } from '../engine-core.js';
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

export function generateMigrationPlan(
  core: EngineCore,
  request: PlanRequest,
): Promise<MigrationInstruction[]> {
  return core.command((c) => generatePlan(c, request));
}

export function validateMigrationPlan(
  core: EngineCore,
  plan: Omit<MigrationPlan, 'variables'>,
): Promise<InstructionReport[]> {
  return core.command((c) => validatePlan(c, plan));
}

/** Every instance in one transaction (the asynchronous batch variant is not offered). */
export async function migrateInstances(
  core: EngineCore,
  plan: MigrationPlan,
  processInstanceIds: readonly string[],
  options: { skipCustomListeners: boolean; skipIoMappings: boolean },
): Promise<void> {
  await core.command((c) => executeMigration(c, plan, processInstanceIds, options));
}
