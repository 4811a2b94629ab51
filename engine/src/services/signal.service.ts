import type { EngineCore } from '../engine-core.js';
import { requirePermission, UPDATE_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import { InvalidArgumentError } from '../runtime/errors.js';
import { broadcastSignal } from '../runtime/process-runtime.js';
import type { StoredValue } from '../variables/typed-value.js';

/**
 * Throws a signal in one transaction: every subscription existing now, or only the one of
 * `executionId` (then an execution without that subscription is a 400).
 */
export async function throwSignal(
  core: EngineCore,
  signal: { name: string; variables: ReadonlyMap<string, StoredValue>; executionId?: string },
): Promise<void> {
  const { name, variables, executionId } = signal;
  await core.command(async (c) => {
    await requirePermission(c.tx, c.caller, UPDATE_PROCESS_INSTANCES);
    const delivered = await broadcastSignal(c, name, variables, executionId);
    if (executionId && delivered === 0)
      throw new InvalidArgumentError(
        `Cannot signal execution ${executionId}: it has no subscription for signal '${name}'`,
      );
  });
}
