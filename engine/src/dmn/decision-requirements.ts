import { EngineDecisionRequirementsDefinition, type EngineTx } from '@motcua/db/engine';
import { newId } from '../runtime/ids.js';
import { dmnDefinitionsOf, type DecisionModel } from './parse-dmn.js';

/**
 * At deployment: a DMN file with more than one decision becomes a decision requirements
 * definition (Camunda persists none for a single decision), versioned per `definitions` id as
 * decision definitions are per decision id. Its decisions are found by deployment and resource.
 */
export async function deployDecisionRequirements(
  tx: EngineTx,
  resource: { name: string; content: string },
  decisions: readonly DecisionModel[],
  deploymentId: string,
  tenantId: string | null,
): Promise<EngineDecisionRequirementsDefinition | null> {
  if (decisions.length < 2) return null;
  const definitions = await dmnDefinitionsOf(resource.content);
  const version =
    ((await tx.maxValue(EngineDecisionRequirementsDefinition, 'version', { key: definitions.id })) ?? 0) + 1;
  const drd: EngineDecisionRequirementsDefinition = {
    id: `${definitions.id}:${version}:${newId()}`,
    key: definitions.id,
    version,
    name: definitions.name,
    category: definitions.namespace,
    deploymentId,
    resourceName: resource.name,
    tenantId,
  };
  await tx.insert(EngineDecisionRequirementsDefinition, drd);
  return drd;
}
