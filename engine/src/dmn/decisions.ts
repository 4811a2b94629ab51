import { EngineDecisionDefinition, EngineResource, type EngineTx } from '@motcua/db/engine';
import { EngineError, NotFoundError, ProcessEngineError } from '../runtime/errors.js';
import { fromJs } from '../runtime/io-mapping.js';
import type { StoredValue } from '../variables/typed-value.js';
import { recordDecisionEvaluation, type DecisionOrigin } from './decision-history.js';
import {
  DecisionEvaluationError,
  evaluateDecision,
  loadFeel,
  numberTypeOf,
  type DecisionResult,
  type DecisionTrace,
} from './evaluate-decision.js';
import { parseDmn, type DecisionModel } from './parse-dmn.js';

/*
 * Deployed decisions: lookup by key and binding, a parse cache per definition (definitions never
 * change once deployed), evaluation and Camunda's mapDecisionResult.
 */

const cache = new Map<string, ReadonlyMap<string, DecisionModel>>();

/** Every decision of the definition's DMN file (required decisions live in the same file). */
async function decisionsOf(
  tx: EngineTx,
  def: EngineDecisionDefinition,
): Promise<ReadonlyMap<string, DecisionModel>> {
  const hit = cache.get(def.id);
  if (hit) return hit;
  const resource = await tx.findOne(EngineResource, {
    deploymentId: def.deploymentId,
    name: def.resourceName,
  });
  if (!resource)
    throw new ProcessEngineError(`Resource ${def.resourceName} of deployment ${def.deploymentId} is missing`);
  const decisions = new Map((await parseDmn(resource.name, resource.content)).map((d) => [d.key, d]));
  if (cache.size > 1000) cache.clear();
  cache.set(def.id, decisions);
  return decisions;
}

export interface DecisionRef {
  key: string;
  /** latest (default), deployment, version, versionTag. */
  binding?: string;
  version?: number;
  versionTag?: string | null;
  deploymentId?: string;
  /**
   * The tenant the lookup stays in (Camunda: a business rule task looks in its own process
   * definition's tenant; the by-key REST routes in no tenant). `null` = tenant-less only.
   */
  tenantId?: string | null;
}

export async function findDecisionDefinition(
  tx: EngineTx,
  ref: DecisionRef,
): Promise<EngineDecisionDefinition> {
  const latest = { order: { version: 'DESC' as const } };
  const tenant = ref.tenantId === undefined ? {} : { tenantId: ref.tenantId };
  let def: EngineDecisionDefinition | null;
  switch (ref.binding ?? 'latest') {
    case 'deployment':
      def = await tx.findOne(
        EngineDecisionDefinition,
        { key: ref.key, deploymentId: ref.deploymentId },
        latest,
      );
      break;
    case 'version':
      def = await tx.findOne(EngineDecisionDefinition, { key: ref.key, version: ref.version, ...tenant });
      break;
    case 'versionTag':
      def = await tx.findOne(
        EngineDecisionDefinition,
        { key: ref.key, versionTag: ref.versionTag ?? null, ...tenant },
        latest,
      );
      break;
    default:
      def = await tx.findOne(EngineDecisionDefinition, { key: ref.key, ...tenant }, latest);
  }
  if (!def) throw new NotFoundError(`no decision definition deployed with key '${ref.key}'`);
  return def;
}

/**
 * Evaluates a deployed decision; a failing rule or expression is Camunda's 500
 * ProcessEngineException. With `history`, the evaluation is recorded in the decision history
 * (decision-history.ts) in the same transaction.
 */
export async function evaluateDeployed(
  tx: EngineTx,
  def: EngineDecisionDefinition,
  variables: Record<string, unknown>,
  history?: DecisionOrigin,
): Promise<DecisionResult> {
  const decisions = await decisionsOf(tx, def);
  await loadFeel();
  try {
    const traces: DecisionTrace[] | undefined = history ? [] : undefined;
    const result = evaluateDecision(decisions, def.key, variables, traces);
    if (history && traces) await recordDecisionEvaluation(tx, def, traces, history);
    return result;
  } catch (err) {
    if (err instanceof DecisionEvaluationError) throw new ProcessEngineError(err.message);
    if (err instanceof EngineError) throw err;
    throw new ProcessEngineError(`Decision '${def.key}' failed: ${(err as Error).message}`);
  }
}

/**
 * Camunda's mapDecisionResult: `resultList` (default, a list of maps), `singleResult` (one map),
 * `singleEntry` (one value, typed), `collectEntries` (the values of the one output).
 */
export function mapDecisionResult(result: DecisionResult, mapping: string | null, key: string): StoredValue {
  switch (mapping ?? 'resultList') {
    case 'singleEntry': {
      if (result.length > 1 || Object.keys(result[0] ?? {}).length > 1)
        throw new ProcessEngineError(
          `ENGINE-22001 Unable to get single decision result entry as it has more than one result or entry: decision '${key}'`,
        );
      const name = result[0] ? Object.keys(result[0])[0] : undefined;
      return typedOutput(result[0]!, name ?? '', name === undefined ? null : result[0]![name]);
    }
    case 'singleResult':
      if (result.length > 1)
        throw new ProcessEngineError(
          `ENGINE-22001 Unable to get single decision result as it has more than one result: decision '${key}'`,
        );
      return fromJs(result[0] ?? null);
    case 'collectEntries':
      if (result.some((r) => Object.keys(r).length > 1))
        throw new ProcessEngineError(
          `ENGINE-22002 Unable to collect decision result entries: more than one output in decision '${key}'`,
        );
      return fromJs(result.map((r) => Object.values(r)[0] ?? null));
    case 'resultList':
      return fromJs(result);
    default:
      throw new ProcessEngineError(`Unknown mapDecisionResult '${mapping}'`);
  }
}

/**
 * One output value of a result row as the typed variable Camunda gives it: a number keeps the
 * Java type its output's typeRef names (integer, long, double), anything else its own type.
 */
export function typedOutput(row: Record<string, unknown>, name: string, value: unknown): StoredValue {
  const type = numberTypeOf(row, name);
  if (type && typeof value === 'number' && Number.isFinite(value))
    return { type: type === 'Double' || !Number.isInteger(value) ? 'Double' : type, text: String(value) };
  return fromJs(value ?? null);
}

/** A result row for the REST API: each output as a typed value. */
export function typedResultRow(row: Record<string, unknown>): Record<string, StoredValue> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typedOutput(row, k, v)]));
}
