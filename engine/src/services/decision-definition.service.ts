import {
  EngineDecisionDefinition,
  EngineDecisionRequirementsDefinition,
  EngineResource,
  type EngineTx,
  type Where,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { NotFoundError } from '../runtime/errors.js';
import { drdsOf, latestDecisionForTenant } from '../dmn/decision-lookup.js';
import { evaluateDeployed, findDecisionDefinition } from '../dmn/decisions.js';
import type { QueryParams } from './query-params.js';

/** Decision definitions: the query, one (with its DRD), evaluation, the DMN XML. */

/** A decision definition and the DRD deployed from the same file, if any. */
export interface DecisionWithDrd {
  definition: EngineDecisionDefinition;
  drd: EngineDecisionRequirementsDefinition | null;
}

/** The decision definition query (`GET /decision-definition`, `…/count`), unpaged, with `latestVersion`. */
export async function listDecisionDefinitions(
  core: EngineCore,
  p: QueryParams,
): Promise<EngineDecisionDefinition[]> {
  const where: Where<EngineDecisionDefinition> = {};
  if (p.string('key')) where.key = p.string('key');
  if (p.string('decisionDefinitionId')) where.id = p.string('decisionDefinitionId');
  if (p.string('deploymentId')) where.deploymentId = p.string('deploymentId');
  if (p.string('versionTag')) where.versionTag = p.string('versionTag');
  const rows = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DECISION_DEFINITION, permission: 'READ' });
    return tx.find(EngineDecisionDefinition, where, { order: { key: 'ASC', version: 'ASC' } });
  });
  if (!p.bool('latestVersion')) return rows;
  const latest = new Map<string, EngineDecisionDefinition>();
  for (const r of rows) latest.set(r.key, r);
  return [...latest.values()];
}

/** The DRD of each definition. */
export async function withDrds(
  core: EngineCore,
  defs: EngineDecisionDefinition[],
): Promise<DecisionWithDrd[]> {
  const drds = await core.query((tx) => drdsOf(tx, defs));
  return defs.map((d) => ({ definition: d, drd: drds.get(d.id) ?? null }));
}

/**
 * Which decision a route names, each with its 404 in Operaton 1.0.3's words: `id` (the
 * definition routes), `deployedId` (XML and diagram: "no deployed decision definition found"),
 * `key` (latest without a tenant, the lookup evaluation uses), `latestKey` (XML and diagram by
 * key), `tenant` (latest of a key for a tenant).
 */
export type DecisionRef =
  | { id: string }
  | { deployedId: string }
  | { key: string }
  | { latestKey: string }
  | { key: string; tenantId: string };

export async function resolveDecision(tx: EngineTx, ref: DecisionRef): Promise<EngineDecisionDefinition> {
  if ('tenantId' in ref) return latestDecisionForTenant(tx, ref.key, ref.tenantId);
  if ('key' in ref) return findDecisionDefinition(tx, { key: ref.key, tenantId: null });
  if ('latestKey' in ref) {
    const def = await tx.findOne(
      EngineDecisionDefinition,
      { key: ref.latestKey, tenantId: null },
      { order: { version: 'DESC' } },
    );
    if (!def)
      throw new NotFoundError(`No matching decision definition with key: ${ref.latestKey} and no tenant-id`);
    return def;
  }
  const id = 'id' in ref ? ref.id : ref.deployedId;
  const def = await tx.get(EngineDecisionDefinition, id);
  if (!def)
    throw 'id' in ref
      ? new NotFoundError(`No matching decision definition with id ${id}`)
      : new NotFoundError(
          `no deployed decision definition found with id '${id}': decisionDefinition is null`,
        );
  return def;
}

export function getDecision(core: EngineCore, ref: DecisionRef): Promise<EngineDecisionDefinition> {
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.DECISION_DEFINITION, permission: 'READ' });
    return resolveDecision(tx, ref);
  });
}

/** The DMN XML of the decision's file. */
export async function decisionXml(
  core: EngineCore,
  ref: DecisionRef,
): Promise<{ id: string; dmnXml: string | null }> {
  const def = await getDecision(core, ref);
  const resource = await core.query((tx) =>
    tx.findOne(EngineResource, { deploymentId: def.deploymentId, name: def.resourceName }),
  );
  return { id: def.id, dmnXml: resource?.content ?? null };
}

/** Evaluates a deployed decision: a command, not a query — the evaluation is written to history. */
export function evaluateDecision(core: EngineCore, ref: DecisionRef, variables: Record<string, unknown>) {
  return core.command(async (c) => {
    await requirePermission(c.tx, c.caller, {
      resource: RESOURCES.DECISION_DEFINITION,
      permission: 'CREATE_INSTANCE',
    });
    return evaluateDeployed(c.tx, await resolveDecision(c.tx, ref), variables, { now: c.now });
  });
}
