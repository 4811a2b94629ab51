import { EngineEventSubscription, type EngineExecution } from '@motcua/db';
import type { EngineCore } from '../engine-core.js';
import { CamundaError } from '../runtime/errors.js';
import { deliverMessage } from '../runtime/process-runtime.js';
import type { StoredValue } from '../variables/typed-value.js';

export interface CorrelationInput {
  messageName: string;
  businessKey?: string;
  processInstanceId?: string;
  /** Process variables the instance must hold, with equal type and value. */
  correlationKeys: ReadonlyMap<string, StoredValue>;
  /** Set on the process instance before the token moves on. */
  processVariables: ReadonlyMap<string, StoredValue>;
  /** Correlate every match instead of requiring exactly one. */
  all: boolean;
}

export interface CorrelationResult {
  execution: EngineExecution;
  processInstanceId: string;
  ended: boolean;
}

const NUMERIC = new Set(['Short', 'Integer', 'Long', 'Double']);
/** Typed equality; integral numbers compare across Short/Integer/Long, as Camunda's number values. */
const sameValue = (a: { type: string; textValue: string | null }, b: StoredValue) =>
  a.textValue === b.text && (a.type === b.type || (NUMERIC.has(a.type) && NUMERIC.has(b.type)));

/**
 * POST /message: delivers a message to executions waiting in a receive task or a message catch
 * event, matched by message name and optionally business key, process instance id and
 * correlation keys. Exactly one match is required unless `all`; none is a 400, as in Camunda.
 * Message start events are not supported, so a message never starts an instance.
 */
export async function correlateMessage(
  core: EngineCore,
  input: CorrelationInput,
): Promise<CorrelationResult[]> {
  return core.command(async (ctx) => {
    const subscriptions = await ctx.tx.find(
      EngineEventSubscription,
      { eventType: 'message', eventName: input.messageName, processInstanceId: input.processInstanceId },
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
      matches.push(sub);
    }
    const prefix = `Cannot correlate message '${input.messageName}'`;
    if (matches.length === 0) {
      throw new CamundaError(
        400,
        'RestException',
        `${prefix}: No process definition or execution matches the parameters`,
      );
    }
    if (matches.length > 1 && !input.all) {
      throw new CamundaError(
        400,
        'RestException',
        `${prefix}: Cannot correlate a message with name '${input.messageName}' to a single execution. ${matches.length} executions match the correlation keys.`,
      );
    }
    const results: CorrelationResult[] = [];
    for (const sub of matches) {
      const execution = (await ctx.execution(sub.executionId))!;
      await deliverMessage(ctx, sub, input.processVariables);
      results.push({
        execution,
        processInstanceId: sub.processInstanceId,
        ended: (await ctx.execution(sub.processInstanceId)) === null,
      });
    }
    return results;
  });
}
