import {
  EngineDecisionDefinition,
  EngineDecisionRequirementsDefinition,
  type EngineTx,
} from '@motcua/db/engine';
import { NotFoundError } from '../runtime/errors.js';

/** The latest version of a decision key deployed for a tenant; 404 in Operaton's words otherwise. */
export async function latestDecisionForTenant(
  tx: EngineTx,
  key: string,
  tenantId: string,
): Promise<EngineDecisionDefinition> {
  const def = await tx.findOne(EngineDecisionDefinition, { key, tenantId }, { order: { version: 'DESC' } });
  if (!def)
    throw new NotFoundError(`No matching decision definition with key: ${key} and tenant-id: ${tenantId}`);
  return def;
}

type Drd = EngineDecisionRequirementsDefinition;

const resourceKey = (deploymentId: string, resourceName: string) => `${deploymentId}\u0000${resourceName}`;

/** The DRD (if any) of each decision definition: the one deployed from the same file. */
export async function drdsOf(
  tx: EngineTx,
  defs: readonly EngineDecisionDefinition[],
): Promise<Map<string, Drd>> {
  const deploymentIds = [...new Set(defs.map((d) => d.deploymentId))];
  const byResource = new Map<string, Drd>();
  if (deploymentIds.length === 0) return byResource;
  for (const drd of await tx.find(EngineDecisionRequirementsDefinition, { deploymentId: deploymentIds }))
    byResource.set(resourceKey(drd.deploymentId, drd.resourceName), drd);
  const out = new Map<string, Drd>();
  for (const d of defs) {
    const drd = byResource.get(resourceKey(d.deploymentId, d.resourceName));
    if (drd) out.set(d.id, drd);
  }
  return out;
}
