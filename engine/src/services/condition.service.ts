import { EngineProcessDefinition, type EngineExecution } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { evaluateCondition, ExpressionError } from '../expressions/index.js';
import { conditionOf, nodeOf } from '../bpmn/model.js';
import { EngineNotFoundError, ProcessEngineError } from '../runtime/errors.js';
import { startProcessInstance } from '../runtime/process-runtime.js';
import { toJs, type StoredValue } from '../variables/typed-value.js';

export interface ConditionRequest {
  variables: ReadonlyMap<string, StoredValue>;
  businessKey: string | null;
  /** Only this definition's conditional start events (any version); default: every latest version. */
  processDefinitionId: string | null;
  tenantId: string | null;
  withoutTenantId: boolean;
}

export interface StartedByCondition {
  instance: EngineExecution;
  ended: boolean;
}

/**
 * `POST /condition` (Camunda's RuntimeService.createConditionEvaluation): the conditional start
 * events of the latest version of each process (or of the one definition asked for) are evaluated
 * against the given variables alone; each that holds starts an instance there, with those
 * variables and the business key, all in one transaction. A condition naming a variable that was
 * not given is false. No conditional start event at all → 500 ENGINE-13043, as Operaton.
 *
 * The definitions are read per call (the latest version of every key, models from the parse
 * cache): Camunda keeps subscription rows instead, which matters only with very many definitions.
 */
export async function startByConditions(
  core: EngineCore,
  req: ConditionRequest,
): Promise<StartedByCondition[]> {
  return core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, {
      resource: RESOURCES.PROCESS_INSTANCE,
      permission: 'CREATE',
    });
    let definitions: EngineProcessDefinition[];
    if (req.processDefinitionId !== null) {
      const def = await ctx.tx.get(EngineProcessDefinition, req.processDefinitionId);
      // Operaton's words for an unknown id (answered 400: rest/error-responses.ts).
      if (!def)
        throw new EngineNotFoundError(
          `no deployed process definition found with id '${req.processDefinitionId}': processDefinition is null`,
        );
      definitions = [def];
    } else {
      const latest = new Map<string, EngineProcessDefinition>();
      for (const d of await ctx.tx.find(EngineProcessDefinition, {}, { order: { version: 'ASC' } }))
        latest.set(`${d.tenantId ?? ''}\u0000${d.key}`, d);
      definitions = [...latest.values()].filter((d) =>
        req.withoutTenantId ? d.tenantId === null : req.tenantId === null || d.tenantId === req.tenantId,
      );
    }
    const candidates: { def: EngineProcessDefinition; startId: string; condition: string }[] = [];
    for (const def of definitions) {
      const model = await ctx.models.get(ctx.tx, def.id);
      for (const id of model.conditionalStartIds ?? [])
        candidates.push({ def, startId: id, condition: conditionOf(nodeOf(model, id)).condition });
    }
    if (candidates.length === 0)
      throw new ProcessEngineError(
        'ENGINE-13043 No subscriptions were found during evaluation of the conditional start events.',
      );
    const resolve = (name: string) => {
      const v = req.variables.get(name);
      return v ? { found: true as const, value: toJs(v) } : { found: false as const };
    };
    const started: StartedByCondition[] = [];
    for (const c of candidates) {
      if (c.def.suspended || !holds(c.condition, resolve)) continue;
      const instance = await startProcessInstance(ctx, c.def, req.businessKey, req.variables, {
        startAt: c.startId,
      });
      started.push({ instance, ended: (await ctx.execution(instance.id)) === null });
    }
    return started;
  });
}

function holds(condition: string, resolve: Parameters<typeof evaluateCondition>[1]): boolean {
  try {
    return evaluateCondition(condition, resolve);
  } catch (err) {
    // An unknown variable makes the condition false (Camunda's ConditionalEventDefinition.tryEvaluate).
    if (err instanceof ExpressionError && /Cannot resolve identifier/.test(err.message)) return false;
    if (err instanceof ExpressionError) throw new ProcessEngineError(err.message);
    throw err;
  }
}
