import type { EngineCore } from '../../engine-core.js';
import { requirePermission, RESOURCES, type Permission } from '../../identity/authorization.service.js';

/**
 * What reading and changing history needs, as the REST layer's table asked before issue 11:
 * READ_HISTORY on all process definitions; the decision history READ_HISTORY on all decision
 * definitions; the historic task query by `GET` READ on historic tasks (by `POST`, READ_HISTORY
 * on process definitions, as the rest of history).
 */
export const READ_HISTORY: Permission = {
  resource: RESOURCES.PROCESS_DEFINITION,
  permission: 'READ_HISTORY',
};
export const READ_DECISION_HISTORY: Permission = {
  resource: RESOURCES.DECISION_DEFINITION,
  permission: 'READ_HISTORY',
};
export const READ_HISTORIC_TASKS: Permission = { resource: RESOURCES.HISTORIC_TASK, permission: 'READ' };

/**
 * Checks the caller's permission before a history operation made of several reads (unchecked
 * engine: nothing to check, no transaction opened).
 */
export async function requireHistoryPermission(
  core: EngineCore,
  need: Permission = READ_HISTORY,
): Promise<void> {
  if (core.caller === null) return;
  await core.query((tx, caller) => requirePermission(tx, caller, need));
}
