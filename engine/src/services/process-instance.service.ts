import { EngineProcessDefinition, type EngineExecution, type EngineTx } from '@motcua/db';
import type { EngineCore } from '../engine-core.js';
import { notFound } from '../runtime/errors.js';
import { startProcessInstance } from '../runtime/process-runtime.js';
import type { StoredValue } from '../variables/typed-value.js';

/** The latest version of a key (Camunda: "latest" ignores tenants only when none is given). */
export async function latestDefinition(tx: EngineTx, key: string): Promise<EngineProcessDefinition> {
  const def = await tx.findOne(EngineProcessDefinition, { key }, { order: { version: 'DESC' } });
  if (!def)
    throw notFound(
      `No matching process definition with key: ${key} and no tenant-id`,
      'InvalidRequestException',
    );
  return def;
}

export async function definitionById(tx: EngineTx, id: string): Promise<EngineProcessDefinition> {
  const def = await tx.get(EngineProcessDefinition, id);
  if (!def) throw notFound(`No matching definition with id ${id}`, 'InvalidRequestException');
  return def;
}

export interface StartResult {
  instance: EngineExecution;
  definition: EngineProcessDefinition;
  /** Whether the instance already ended within the start call. */
  ended: boolean;
}

export async function startInstance(
  core: EngineCore,
  definition: { key: string } | { id: string },
  businessKey: string | null,
  variables: ReadonlyMap<string, StoredValue>,
): Promise<StartResult> {
  return core.command(async (ctx) => {
    const def =
      'key' in definition
        ? await latestDefinition(ctx.tx, definition.key)
        : await definitionById(ctx.tx, definition.id);
    if (def.suspended) throw notFound(`Process definition ${def.id} is suspended`, 'InvalidRequestException');
    const instance = await startProcessInstance(ctx, def, businessKey, variables);
    const ended = (await ctx.execution(instance.id)) === null;
    return { instance, definition: def, ended };
  });
}
