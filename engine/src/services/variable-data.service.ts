import { EngineVariable, type EngineTx } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { READ_PROCESS_INSTANCES, requirePermission, type Caller } from '../identity/authorization.service.js';
import { NotFoundError } from '../runtime/errors.js';
import { readBinary, type BinaryContent } from '../variables/file-value.js';

/** A variable row as the variable resources answer it. */
export type VariableRow = { name: string; type: string; textValue: string | null };

/** A variable and, for File and Bytes, its bytes (null: not a binary value or no content). */
export interface VariableData {
  row: VariableRow;
  data: BinaryContent | null;
}

/**
 * Reads one variable and its bytes in one reading transaction; `load` finds the row (or throws
 * the owner's 404), null when the variable does not exist.
 */
export async function readVariableData(
  core: EngineCore,
  load: (tx: EngineTx, caller: Caller) => Promise<VariableRow | null>,
): Promise<VariableData | null> {
  return core.query(async (tx, caller) => {
    const row = await load(tx, caller);
    return row ? { row, data: await readBinary(tx, row.type, row.textValue) } : null;
  });
}

/** A runtime variable instance and its bytes (`GET /variable-instance/{id}/data`). */
export async function variableInstanceData(core: EngineCore, id: string): Promise<VariableData> {
  const v = await readVariableData(core, async (tx, caller) => {
    await requirePermission(tx, caller, READ_PROCESS_INSTANCES);
    return tx.get(EngineVariable, id);
  });
  if (!v) throw new NotFoundError(`Variable instance with Id '${id}' does not exist.`);
  return v;
}
