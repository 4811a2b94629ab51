import { EngineDecisionDefinition, type EngineTx } from '@motcua/db';
import { notFound } from '../runtime/errors.js';

/** The latest version of a decision key deployed for a tenant; 404 in Operaton's words otherwise. */
export async function latestDecisionForTenant(
  tx: EngineTx,
  key: string,
  tenantId: string,
): Promise<EngineDecisionDefinition> {
  const def = await tx.findOne(EngineDecisionDefinition, { key, tenantId }, { order: { version: 'DESC' } });
  if (!def)
    throw notFound(
      `No matching decision definition with key: ${key} and tenant-id: ${tenantId}`,
      'RestException',
    );
  return def;
}
