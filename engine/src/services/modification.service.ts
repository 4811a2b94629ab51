import { EngineProcessDefinition } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import {
  onProcessInstance,
  requirePermission,
  UPDATE_PROCESS_INSTANCES,
} from '../identity/authorization.service.js';
import { InvalidArgumentError } from '../runtime/errors.js';
import {
  modifyProcessInstance,
  type ModificationInstruction,
  type ModificationOptions,
} from '../runtime/instance-modification.js';
import { logOperation } from '../operation-log/operation-log.js';

/** Process-instance modification, one instance or several of one definition, in one transaction. */

export interface Modification {
  instructions: ModificationInstruction[];
  options: ModificationOptions;
}

/** `POST /process-instance/{id}/modification`. */
export async function modifyInstance(core: EngineCore, id: string, m: Modification): Promise<void> {
  await core.command(async (c) => {
    await requirePermission(c.tx, c.caller, onProcessInstance(id, 'UPDATE'));
    await modifyProcessInstance(c, {
      processInstanceId: id,
      instructions: m.instructions,
      options: m.options,
      writeOperationLog: true,
    });
  });
}

/**
 * `POST /modification/execute` (synchronous): every instance must be of the definition; one
 * operation-log entry for the whole operation, as Camunda's ModifyMultipleProcessInstancesCmd.
 */
export async function modifyInstances(
  core: EngineCore,
  target: { processDefinitionId: string; processInstanceIds: string[] },
  m: Modification,
): Promise<void> {
  const { processDefinitionId, processInstanceIds: ids } = target;
  await core.command(async (c) => {
    // UPDATE on process instances (Camunda also accepts UPDATE_INSTANCE on the definition).
    await requirePermission(c.tx, c.caller, UPDATE_PROCESS_INSTANCES);
    if (!(await c.tx.get(EngineProcessDefinition, processDefinitionId)))
      throw new InvalidArgumentError(
        `no deployed process definition found with id '${processDefinitionId}': processDefinition is null`,
      );
    for (const id of ids) {
      const pi = await c.execution(id);
      if (pi?.isProcessInstance && pi.processDefinitionId !== processDefinitionId)
        throw new InvalidArgumentError(
          `Process instance '${id}' cannot be modified: its process definition '${pi.processDefinitionId}' is not '${processDefinitionId}'`,
        );
      await modifyProcessInstance(c, {
        processInstanceId: id,
        instructions: m.instructions,
        options: m.options,
        writeOperationLog: false,
      });
    }
    const def = await c.models.get(c.tx, processDefinitionId);
    await logOperation(c.tx, c.now, {
      operationType: 'ModifyProcessInstance',
      entityType: 'ProcessInstance',
      category: 'Operator',
      changes: [
        { property: 'nrOfInstances', orgValue: null, newValue: String(ids.length) },
        { property: 'async', orgValue: null, newValue: 'false' },
      ],
      processDefinitionId,
      processDefinitionKey: def.key,
      annotation: m.options.annotation,
    });
  });
}
