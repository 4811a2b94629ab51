import {
  EngineEventSubscription,
  EngineProcessDefinition,
  EngineStartSubscription,
  type EngineExecution,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, UPDATE_PROCESS_INSTANCES } from '../identity/authorization.service.js';
import { MessageCorrelationError } from '../runtime/errors.js';
import { deliverMessage, startProcessInstance } from '../runtime/process-runtime.js';
import type { StoredValue } from '../variables/typed-value.js';

export interface CorrelationInput {
  messageName: string;
  businessKey?: string;
  processInstanceId?: string;
  /** Process variables the instance must hold, with equal type and value. */
  correlationKeys: ReadonlyMap<string, StoredValue>;
  /** Set on the process instance before the token moves on. */
  processVariables: ReadonlyMap<string, StoredValue>;
  /** Variables the waiting execution itself must hold (its local scope), typed. */
  localCorrelationKeys?: ReadonlyMap<string, StoredValue>;
  /** Set locally on the waiting execution. */
  processVariablesLocal?: ReadonlyMap<string, StoredValue>;
  /** Correlate every match instead of requiring exactly one. */
  all: boolean;
  /**
   * Only executions and definitions of this tenant (`tenantId`), or of no tenant
   * (`withoutTenantId`); neither = every tenant, as in Camunda.
   */
  tenant?: { tenantId: string } | { withoutTenantId: true };
}

export interface CorrelationResult {
  execution: EngineExecution;
  processInstanceId: string;
  ended: boolean;
  /** A message start event started this instance (Camunda's resultType ProcessDefinition). */
  started: boolean;
}

const NUMERIC = new Set(['Short', 'Integer', 'Long', 'Double']);
/** Typed equality; integral numbers compare across Short/Integer/Long, as Camunda's number values. */
const sameValue = (a: { type: string; textValue: string | null }, b: StoredValue) =>
  a.textValue === b.text && (a.type === b.type || (NUMERIC.has(a.type) && NUMERIC.has(b.type)));

/**
 * POST /message: delivers a message to executions waiting in a receive task or a message catch
 * event, matched by message name and optionally business key, process instance id and
 * correlation keys. Exactly one match is required unless `all`; none is a 400 (with `all`, an
 * empty result), as in Camunda.
 * With no waiting execution, a message start event of the latest version starts an instance.
 */
export async function correlateMessage(
  core: EngineCore,
  input: CorrelationInput,
): Promise<CorrelationResult[]> {
  const tenant =
    input.tenant === undefined ? {} : { tenantId: 'tenantId' in input.tenant ? input.tenant.tenantId : null };
  return core.command(async (ctx) => {
    await requirePermission(ctx.tx, ctx.caller, UPDATE_PROCESS_INSTANCES);
    const subscriptions = await ctx.tx.find(
      EngineEventSubscription,
      {
        eventType: 'message',
        eventName: input.messageName,
        processInstanceId: input.processInstanceId,
        ...tenant,
      },
      { order: { created: 'ASC', id: 'ASC' } },
    );
    const matches: EngineEventSubscription[] = [];
    for (const sub of subscriptions) {
      if (input.businessKey !== undefined) {
        const root = await ctx.execution(sub.processInstanceId);
        if (root?.businessKey !== input.businessKey) continue;
      }
      if (input.correlationKeys.size > 0) {
        const vars = await ctx.variables(sub.processInstanceId);
        const ok = [...input.correlationKeys].every(([name, value]) => {
          const v = vars.get(name);
          return v !== undefined && sameValue(v, value);
        });
        if (!ok) continue;
      }
      if (input.localCorrelationKeys?.size) {
        const exec = await ctx.execution(sub.executionId);
        const locals = exec ? await ctx.localVariables(exec) : new Map();
        const ok = [...input.localCorrelationKeys].every(([name, value]) => {
          const v = locals.get(name);
          return v !== undefined && sameValue(v, value);
        });
        if (!ok) continue;
      }
      matches.push(sub);
    }
    // No waiting execution: message start events of the latest versions — also when the message
    // named an instance id or correlation keys that matched nothing, as Camunda's correlation
    // handler does (verified on Operaton by the conformance suite).
    const startable =
      matches.length === 0
        ? await ctx.tx.find(EngineStartSubscription, {
            eventType: 'message',
            eventName: input.messageName,
            ...tenant,
          })
        : [];
    if (startable.length > 0) {
      if (startable.length > 1 && !input.all)
        throw new MessageCorrelationError(
          `Cannot correlate message '${input.messageName}': Cannot correlate a message with name '${input.messageName}' to a single process definition. ${startable.length} process definitions match the correlation keys.`,
        );
      const started: CorrelationResult[] = [];
      for (const s of startable) {
        const def = await ctx.tx.get(EngineProcessDefinition, s.processDefinitionId);
        if (!def) continue;
        const vars = new Map([...input.processVariables, ...(input.processVariablesLocal ?? [])]);
        const root = await startProcessInstance(ctx, def, input.businessKey ?? null, vars, {
          startAt: s.activityId,
        });
        started.push({
          execution: root,
          processInstanceId: root.id,
          ended: !(await ctx.execution(root.id)),
          started: true,
        });
      }
      return started;
    }
    const prefix = `Cannot correlate message '${input.messageName}'`;
    // With `all`, Camunda correlates every match — and none is not an error (an empty result).
    if (matches.length === 0 && input.all) return [];
    if (matches.length === 0) {
      throw new MessageCorrelationError(
        `${prefix}: No process definition or execution matches the parameters`,
      );
    }
    if (matches.length > 1 && !input.all) {
      throw new MessageCorrelationError(
        `${prefix}: Cannot correlate a message with name '${input.messageName}' to a single execution. ${matches.length} executions match the correlation keys.`,
      );
    }
    const results: CorrelationResult[] = [];
    for (const sub of matches) {
      const execution = (await ctx.execution(sub.executionId))!;
      if (input.processVariablesLocal?.size)
        await ctx.setLocalVariables(execution, input.processVariablesLocal, {
          activityInstanceId: execution.activityInstanceId,
        });
      await deliverMessage(ctx, sub, input.processVariables);
      results.push({
        execution,
        processInstanceId: sub.processInstanceId,
        ended: (await ctx.execution(sub.processInstanceId)) === null,
        started: false,
      });
    }
    return results;
  });
}
