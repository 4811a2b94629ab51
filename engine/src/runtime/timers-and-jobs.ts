import { EngineExecution, EngineJob, EngineProcessDefinition } from '@motcua/db/engine';
import { nodeOf, timerOf, type FlowNode, type ProcessModel } from '../bpmn/model.js';
import type { CommandContext } from './command-context.js';
import { ProcessEngineError } from './errors.js';
import { newId } from './ids.js';
import { nextFiring, schedule } from '../jobs/timer-schedule.js';
import { chooseExclusiveFlow } from './behaviours/gateways.js';
import { eventHappened } from './event-delivery.js';
import { requireExecution } from './execution-tree.js';
import { startProcessInstance } from './process-instances.js';
import { evalText } from './runtime-expressions.js';
import { enter, leave, takeFlows } from './token-flow.js';

/** Timer and async-continuation jobs: created when reached, and what runs when they are due. */

/** Evaluates a timer event's definition now and schedules its job. */
export async function createTimerJob(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
  handlerType: 'timer-intermediate' | 'timer-boundary' | 'timer-event-sub',
): Promise<void> {
  const timer = timerOf(node);
  const resolve = await ctx.resolver(exec);
  const value = evalText(timer.expression, resolve);
  let when;
  try {
    when = schedule(timer.kind, value, ctx.now);
  } catch (err) {
    throw new ProcessEngineError(`Timer '${node.id}': ${(err as Error).message}`);
  }
  // Only start events and non-interrupting boundary timers repeat; a catch event fires once.
  const repeats =
    (handlerType === 'timer-boundary' && node.boundary?.cancelActivity === false) ||
    (handlerType === 'timer-event-sub' && node.interrupting === false);
  await createJob(ctx, exec, node, handlerType, {
    dueDate: when.dueDate,
    repeat: repeats ? when.repeat : null,
  });
}

export async function createJob(
  ctx: CommandContext,
  exec: EngineExecution,
  node: FlowNode,
  handlerType: string,
  when: { dueDate: Date; repeat: string | null },
): Promise<void> {
  const job = newJob(ctx, exec.processDefinitionId, exec.processDefinitionKey, node, handlerType, when);
  job.executionId = exec.id;
  job.processInstanceId = exec.processInstanceId;
  job.tenantId = exec.tenantId;
  await ctx.tx.insert(EngineJob, job);
  ctx.createdJobs = true;
}

export function newJob(
  ctx: CommandContext,
  processDefinitionId: string,
  processDefinitionKey: string,
  node: FlowNode,
  handlerType: string,
  when: { dueDate: Date; repeat: string | null },
): EngineJob {
  return {
    id: newId(),
    rev: 1,
    type: handlerType.startsWith('timer') ? 'timer' : 'message',
    handlerType,
    activityId: node.id,
    executionId: null,
    processInstanceId: null,
    processDefinitionId,
    processDefinitionKey,
    dueDate: when.dueDate,
    repeatCycle: when.repeat,
    retries: 3,
    retryTimeCycle: node.failedJobRetryTimeCycle ?? null,
    exceptionMessage: null,
    exceptionStacktrace: null,
    lockOwner: null,
    lockExpirationTime: null,
    suspended: false,
    priority: 0,
    createTime: ctx.now,
    tenantId: null,
  };
}

/** Schedules the timer start events of a newly deployed definition. */
export async function scheduleTimerStarts(
  ctx: CommandContext,
  def: EngineProcessDefinition,
  model: ProcessModel,
): Promise<void> {
  for (const id of model.timerStartIds) {
    const node = nodeOf(model, id);
    const timer = timerOf(node);
    const value = evalText(timer.expression, () => ({ found: false }));
    const when = schedule(timer.kind, value, ctx.now);
    const job = newJob(ctx, def.id, def.key, node, 'timer-start', when);
    job.tenantId = def.tenantId;
    await ctx.tx.insert(EngineJob, job);
    ctx.createdJobs = true;
  }
}

/**
 * Runs a job inside the command that acquired it: the job row goes first (revision-checked, so a
 * concurrent completion of the same activity makes one of the two roll back), then its behaviour.
 */
export async function executeJobBehaviour(ctx: CommandContext, job: EngineJob): Promise<void> {
  await ctx.tx.remove(EngineJob, job);
  const model = await ctx.models.get(ctx.tx, job.processDefinitionId);
  const node = nodeOf(model, job.activityId);
  if (job.handlerType === 'timer-start') {
    const next = nextFiring(job.repeatCycle, job.dueDate ?? ctx.now, ctx.now);
    if (next) {
      const again = newJob(ctx, job.processDefinitionId, job.processDefinitionKey, node, 'timer-start', next);
      again.tenantId = job.tenantId;
      await ctx.tx.insert(EngineJob, again);
      ctx.createdJobs = true;
    }
    const def = await ctx.tx.get(EngineProcessDefinition, job.processDefinitionId);
    if (!def) throw new ProcessEngineError(`Process definition ${job.processDefinitionId} does not exist`);
    await startProcessInstance(ctx, def, null, new Map(), { startAt: node.id });
    return;
  }
  const exec = await requireExecution(ctx, job.executionId!);
  switch (job.handlerType) {
    case 'timer-intermediate':
    case 'timer-boundary':
    case 'timer-event-sub':
      await eventHappened({ ctx, model, exec, node, job, variables: new Map() });
      return;
    case 'async-before':
      await enter(ctx, model, exec, node, { asyncContinuation: true });
      return;
    case 'async-after':
      if (node.kind === 'exclusiveGateway') {
        await takeFlows(ctx, model, exec, [await chooseExclusiveFlow(ctx, model, exec, node)]);
        return;
      }
      await leave(ctx, model, exec, node, { asyncContinuation: true });
      return;
    default:
      throw new ProcessEngineError(`Unknown job handler '${job.handlerType}'`);
  }
}
