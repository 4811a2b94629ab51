import {
  EngineEventSubscription,
  EngineExecution,
  EngineExternalTask,
  EngineHistoricActivityInstance,
  EngineHistoricProcessInstance,
  EngineHistoricTaskInstance,
  EngineHistoricVariableInstance,
  EngineIncident,
  EngineJob,
  EngineProcessDefinition,
  EngineTask,
} from '@motcua/db/engine';
import { nodeOf, type FlowNode, type ProcessModel } from '../bpmn/model.js';
import { logOperation } from '../operation-log/operation-log.js';
import type { StoredValue } from '../variables/typed-value.js';
import type { CommandContext } from './command-context.js';
import { BadUserRequestError, EngineError, ProcessEngineError } from './errors.js';
import { createTimerJob, subscribe } from './process-runtime.js';

/**
 * Process-instance migration (Camunda's `/migration/generate|validate|execute`), for instances
 * whose active activities map one to one onto activities of the same type in the target
 * definition, in the same (mapped) subprocess. What moves: the executions, user tasks, external
 * tasks, jobs, event subscriptions and incidents of each instance, and the definition of its
 * historic process instance, open activity instances, open tasks and variables. Boundary events and
 * event subprocess triggers that the plan does not map are removed; those the target adds are
 * created; mapped ones stay (with `updateEventTrigger`: the new message/signal name, the timer
 * evaluated again from now).
 */

export interface MigrationInstruction {
  sourceActivityIds: string[];
  targetActivityIds: string[];
  updateEventTrigger: boolean;
}

export interface MigrationPlan {
  sourceProcessDefinitionId: string;
  targetProcessDefinitionId: string;
  instructions: MigrationInstruction[];
  /** Set on every migrated process instance (Camunda 7.18+). */
  variables: ReadonlyMap<string, StoredValue>;
}

export interface InstructionReport {
  instruction: MigrationInstruction;
  failures: string[];
}

const MI_BODY = '#multiInstanceBody';
const strip = (id: string) => (id.endsWith(MI_BODY) ? id.slice(0, -MI_BODY.length) : id);

/** Wait states and scopes an active instance may be migrated from (Camunda's supported activities). */
const MIGRATABLE = new Set<FlowNode['kind']>([
  'userTask',
  'externalTask',
  'receiveTask',
  'messageCatchEvent',
  'timerCatchEvent',
  'signalCatchEvent',
  'conditionalCatchEvent',
  'eventBasedGateway',
  'parallelGateway',
  'inclusiveGateway',
  'subProcess',
  'callActivity',
]);
/** Events that can be mapped (they carry a trigger or catch one at a mapped activity). */
const MAPPABLE_EVENTS = new Set<FlowNode['kind']>([
  'timerBoundaryEvent',
  'messageBoundaryEvent',
  'signalBoundaryEvent',
  'conditionalBoundaryEvent',
  'errorBoundaryEvent',
  'escalationBoundaryEvent',
  'eventSubStartEvent',
]);
const isBoundary = (n: FlowNode) => !!n.boundary || !!n.errorBoundary;
/** Whether the element waits for a persistent trigger (a subscription or a timer job). */
const hasTrigger = (n: FlowNode) => !!n.timer || !!n.messageName || !!n.signalName || !!n.conditional;

/** The plan's report, as Camunda's MigrationPlanValidationException. */
export class MigrationPlanValidationError extends EngineError {
  readonly kind = 'migrationPlanInvalid';
  readonly camundaType = 'MigrationPlanValidationException';
  constructor(
    message: string,
    readonly validationReport: { instructionReports: InstructionReport[]; variableReports: object },
  ) {
    super(message);
  }
}

/** The instance's report, as Camunda's MigratingProcessInstanceValidationException. */
export class InstanceValidationError extends EngineError {
  readonly kind = 'migratingInstanceInvalid';
  readonly camundaType = 'MigratingProcessInstanceValidationException';
  constructor(
    message: string,
    readonly validationReport: {
      processInstanceId: string;
      failures: string[];
      activityInstanceValidationReports: {
        migrationInstruction: null;
        activityInstanceId: string;
        sourceScopeId: string;
        failures: string[];
      }[];
      transitionInstanceValidationReports: {
        migrationInstruction: null;
        transitionInstanceId: string;
        sourceScopeId: string;
        failures: string[];
      }[];
    },
  ) {
    super(message);
  }
}

async function definition(
  ctx: CommandContext,
  id: string | null,
  role: 'Source' | 'Target',
): Promise<{ def: EngineProcessDefinition; model: ProcessModel }> {
  // Camunda's ensureNotNull(BadUserRequestException.class, …) in CreateMigrationPlanCmd.
  if (!id) throw new BadUserRequestError(`${role} process definition id is null`);
  const def = await ctx.tx.get(EngineProcessDefinition, id);
  if (!def)
    throw new BadUserRequestError(`ENGINE-23008 ${role} process definition with id '${id}' does not exist`);
  return { def, model: await ctx.models.get(ctx.tx, id) };
}

/** Camunda's behaviour class names, as its validation reports name them. */
const BEHAVIOURS: Partial<Record<FlowNode['kind'], string>> = {
  userTask: 'UserTaskActivityBehavior',
  externalTask: 'ExternalTaskActivityBehavior',
  receiveTask: 'ReceiveTaskActivityBehavior',
  subProcess: 'SubProcessActivityBehavior',
  callActivity: 'CallActivityBehavior',
  parallelGateway: 'ParallelGatewayActivityBehavior',
  inclusiveGateway: 'InclusiveGatewayActivityBehavior',
  eventBasedGateway: 'EventBasedGatewayActivityBehavior',
  exclusiveGateway: 'ExclusiveGatewayActivityBehavior',
};
const behaviour = (n: FlowNode) =>
  (n.multiInstance ? 'MultiInstance ' : '') + (BEHAVIOURS[n.kind] ?? `${n.activityType} (${n.kind})`);

/** Same behaviour: the same kind of element, both multi-instance or neither. */
const sameType = (a: FlowNode, b: FlowNode) => a.kind === b.kind && !!a.multiInstance === !!b.multiInstance;

/** What `POST /migration/generate` asks for. */
export interface PlanRequest {
  sourceProcessDefinitionId: string | null;
  targetProcessDefinitionId: string | null;
  /** Whether the instructions of elements with a trigger (timer, message…) update it. */
  updateEventTriggers: boolean;
}

/**
 * Camunda's generated plan: every activity and event of the source that has an element with the
 * same id and type in the target, inside the same subprocess (and, for a boundary event, on the
 * same activity). Multi-instance activities get their body's instruction as well.
 */
export async function generatePlan(
  ctx: CommandContext,
  request: PlanRequest,
): Promise<MigrationInstruction[]> {
  const { updateEventTriggers } = request;
  const { model: source } = await definition(ctx, request.sourceProcessDefinitionId, 'Source');
  const { model: target } = await definition(ctx, request.targetProcessDefinitionId, 'Target');
  const mapped = (s: FlowNode): boolean => {
    const t = target.nodes.get(s.id);
    if (!t || !sameType(s, t) || t.scopeId !== s.scopeId) return false;
    if (!(MIGRATABLE.has(s.kind) || MAPPABLE_EVENTS.has(s.kind))) return false;
    const host = s.boundary?.attachedTo ?? s.errorBoundary?.attachedTo;
    if (host && (t.boundary?.attachedTo ?? t.errorBoundary?.attachedTo) !== host) return false;
    return s.scopeId === null || mapped(nodeOf(source, s.scopeId));
  };
  const out: MigrationInstruction[] = [];
  for (const s of source.nodes.values()) {
    if (!mapped(s)) continue;
    const updateEventTrigger = updateEventTriggers && hasTrigger(s);
    if (s.multiInstance)
      out.push({
        sourceActivityIds: [s.id + MI_BODY],
        targetActivityIds: [s.id + MI_BODY],
        updateEventTrigger: false,
      });
    out.push({ sourceActivityIds: [s.id], targetActivityIds: [s.id], updateEventTrigger });
  }
  return out;
}

/** Camunda's creation-time validation: a report per instruction that fails (none when the plan is valid). */
export async function validatePlan(
  ctx: CommandContext,
  plan: Omit<MigrationPlan, 'variables'>,
): Promise<InstructionReport[]> {
  const { model: source } = await definition(ctx, plan.sourceProcessDefinitionId, 'Source');
  const { model: target } = await definition(ctx, plan.targetProcessDefinitionId, 'Target');
  // Camunda's REST layer uses the first id of each list.
  const pairs = plan.instructions.map((i) => ({
    instruction: i,
    source: i.sourceActivityIds[0] ? strip(i.sourceActivityIds[0]) : null,
    target: i.targetActivityIds[0] ? strip(i.targetActivityIds[0]) : null,
  }));
  const targetsOf = (sourceId: string) =>
    new Set(pairs.filter((p) => p.source === sourceId).map((p) => p.target));
  const mappingOf = (sourceId: string | null) => {
    if (sourceId === null) return null;
    const t = [...targetsOf(sourceId)];
    return t.length === 1 ? t[0]! : undefined;
  };
  const reports: InstructionReport[] = [];
  for (const p of pairs) {
    const failures: string[] = [];
    const s = p.source === null ? undefined : source.nodes.get(p.source);
    const t = p.target === null ? undefined : target.nodes.get(p.target);
    if (p.source === null) failures.push('Source activity id is null');
    else if (!s) failures.push(`Source activity '${p.source}' does not exist`);
    if (p.target === null) failures.push('Target activity id is null');
    else if (!t) failures.push(`Target activity '${p.target}' does not exist`);
    if (s && t) {
      if (!sameType(s, t))
        failures.push(
          `Activities have incompatible types (${behaviour(s)} is not compatible with ${behaviour(t)})`,
        );
      if (p.instruction.updateEventTrigger && !hasTrigger(s))
        failures.push(
          'Cannot update event trigger because the activity does not define a persistent event trigger',
        );
      // An unmapped subprocess is fine here (Camunda validates that per instance: an active one
      // without an instruction fails there); a mapped one must map to the target's subprocess.
      const parent = mappingOf(s.scopeId);
      if (parent !== undefined && parent !== t.scopeId)
        failures.push(
          `The closest mapped ancestor '${s.scopeId ?? s.id}' is mapped to scope '${parent ?? 'the process'}' which is not the flow scope '${t.scopeId ?? 'the process'}' of the target activity`,
        );
      const sHost = s.boundary?.attachedTo ?? s.errorBoundary?.attachedTo ?? null;
      const tHost = t.boundary?.attachedTo ?? t.errorBoundary?.attachedTo ?? null;
      if (isBoundary(s) && mappingOf(sHost) !== tHost)
        failures.push(
          `The source activity's event scope (${sHost}) must be mapped to the target activity's event scope (${tHost})`,
        );
    }
    if (p.source !== null && targetsOf(p.source).size > 1)
      failures.push(`There are multiple mappings for source activity id '${p.source}'`);
    if (failures.length) reports.push({ instruction: p.instruction, failures });
  }
  return reports;
}

function planFailureMessage(plan: Omit<MigrationPlan, 'variables'>, reports: InstructionReport[]): string {
  let msg = `ENGINE-23001 Migration plan for process definition '${plan.sourceProcessDefinitionId}' to '${plan.targetProcessDefinitionId}' is not valid:\n`;
  for (const r of reports) {
    msg += `\t Migration instruction MigrationInstructionImpl{sourceActivityId='${r.instruction.sourceActivityIds[0] ?? ''}', targetActivityId='${r.instruction.targetActivityIds[0] ?? ''}', updateEventTrigger='${r.instruction.updateEventTrigger}'} is not valid:\n`;
    for (const f of r.failures) msg += `\t\t${f}\n`;
  }
  return msg;
}

/**
 * Migrates the instances inside the caller's command: the plan is validated first (400 with its
 * report), then each instance (400 with its report when an active activity is not mapped).
 */
export async function executeMigration(
  ctx: CommandContext,
  plan: MigrationPlan,
  processInstanceIds: readonly string[],
  options: { skipCustomListeners: boolean; skipIoMappings: boolean },
): Promise<void> {
  const reports = await validatePlan(ctx, plan);
  if (reports.length)
    throw new MigrationPlanValidationError(planFailureMessage(plan, reports), {
      instructionReports: reports,
      variableReports: {},
    });
  const { def: sourceDef, model: source } = await definition(ctx, plan.sourceProcessDefinitionId, 'Source');
  const { def: targetDef, model: target } = await definition(ctx, plan.targetProcessDefinitionId, 'Target');
  const map = new Map<string, { target: string; updateEventTrigger: boolean }>();
  for (const i of plan.instructions)
    map.set(strip(i.sourceActivityIds[0]!), {
      target: strip(i.targetActivityIds[0]!),
      updateEventTrigger: i.updateEventTrigger,
    });
  // Listeners and mappings are not run by a migration; the options are accepted as Camunda's.
  void options;
  for (const id of processInstanceIds) {
    const root = await ctx.execution(id);
    if (!root || !root.isProcessInstance)
      throw new ProcessEngineError(
        `ENGINE-23003 Process instance '${id}' cannot be migrated. The process instance does not exist`,
      );
    if (root.processDefinitionId !== sourceDef.id)
      throw new ProcessEngineError(
        `ENGINE-23002 Process instance '${id}' cannot be migrated. Its process definition '${root.processDefinitionId}' does not match the source process definition of the migration plan '${sourceDef.id}'`,
      );
    await validateInstance(ctx, source, root, map);
    await migrateInstance(ctx, source, target, targetDef, root, map);
    await ctx.setVariables(root, plan.variables, { activityInstanceId: root.id });
  }
  await logOperation(ctx.tx, ctx.now, {
    operationType: 'Migrate',
    entityType: 'ProcessInstance',
    category: 'Operator',
    changes: [
      { property: 'processDefinitionId', orgValue: sourceDef.id, newValue: targetDef.id },
      { property: 'nrOfInstances', orgValue: null, newValue: String(processInstanceIds.length) },
      { property: 'async', orgValue: null, newValue: 'false' },
    ],
    processDefinitionId: sourceDef.id,
    processDefinitionKey: sourceDef.key,
  });
}

/** Every active activity instance and transition instance must have an instruction. */
async function validateInstance(
  ctx: CommandContext,
  source: ProcessModel,
  root: EngineExecution,
  map: ReadonlyMap<string, unknown>,
): Promise<void> {
  const all = await ctx.findExecutions({ processInstanceId: root.id });
  const activityReports: InstanceValidationError['validationReport']['activityInstanceValidationReports'] =
    [];
  const transitionReports: InstanceValidationError['validationReport']['transitionInstanceValidationReports'] =
    [];
  const seen = new Set<string>();
  for (const e of all) {
    if (e.activityId === null) continue;
    const failures: string[] = [];
    const node = source.nodes.get(e.activityId);
    if (!map.has(e.activityId))
      failures.push("There is no migration instruction for this instance's activity");
    else if (e.activityInstanceId !== null && node && !MIGRATABLE.has(node.kind))
      failures.push(`The type of the source activity (${node.activityType}) is not supported for migration`);
    if (e.activityInstanceId === null) {
      if (failures.length)
        transitionReports.push({
          migrationInstruction: null,
          transitionInstanceId: e.id,
          sourceScopeId: e.activityId,
          failures,
        });
    } else if (failures.length && !seen.has(e.activityInstanceId)) {
      seen.add(e.activityInstanceId);
      activityReports.push({
        migrationInstruction: null,
        activityInstanceId: e.activityInstanceId,
        sourceScopeId: e.activityId,
        failures,
      });
    }
  }
  if (!activityReports.length && !transitionReports.length) return;
  let msg = `ENGINE-23004 Cannot migrate process instance '${root.id}':\n`;
  for (const r of activityReports) {
    msg += `\tCannot migrate activity instance '${r.activityInstanceId}':\n`;
    for (const f of r.failures) msg += `\t\t${f}\n`;
  }
  for (const r of transitionReports) {
    msg += `\tCannot migrate transition instance '${r.transitionInstanceId}':\n`;
    for (const f of r.failures) msg += `\t\t${f}\n`;
  }
  throw new InstanceValidationError(msg, {
    processInstanceId: root.id,
    failures: [],
    activityInstanceValidationReports: activityReports,
    transitionInstanceValidationReports: transitionReports,
  });
}

async function migrateInstance(
  ctx: CommandContext,
  source: ProcessModel,
  target: ProcessModel,
  targetDef: EngineProcessDefinition,
  root: EngineExecution,
  map: ReadonlyMap<string, { target: string; updateEventTrigger: boolean }>,
): Promise<void> {
  const to = (activityId: string) => map.get(activityId)?.target;
  const moveDef = <T extends { processDefinitionId: string; processDefinitionKey: string }>(row: T) => {
    row.processDefinitionId = targetDef.id;
    row.processDefinitionKey = targetDef.key;
  };
  const pi = root.id;

  const executions = await ctx.findExecutions({ processInstanceId: pi });
  for (const e of executions) {
    moveDef(e);
    if (e.activityId !== null) e.activityId = to(e.activityId)!;
    await ctx.saveExecution(e);
  }
  for (const task of await ctx.tx.find(EngineTask, { processInstanceId: pi })) {
    moveDef(task);
    task.taskDefinitionKey = to(task.taskDefinitionKey) ?? task.taskDefinitionKey;
    await ctx.tx.update(EngineTask, task);
  }
  for (const ext of await ctx.tx.find(EngineExternalTask, { processInstanceId: pi })) {
    moveDef(ext);
    ext.processDefinitionVersionTag = target.versionTag;
    ext.activityId = to(ext.activityId) ?? ext.activityId;
    await ctx.tx.update(EngineExternalTask, ext);
  }
  for (const inc of await ctx.tx.find(EngineIncident, { processInstanceId: pi })) {
    inc.processDefinitionId = targetDef.id;
    inc.activityId = to(inc.activityId) ?? inc.activityId;
    await ctx.tx.update(EngineIncident, inc);
  }

  // Waits: mapped ones follow (updated when asked), unmapped triggers go.
  const rearm: { exec: EngineExecution; node: FlowNode }[] = [];
  for (const job of await ctx.tx.find(EngineJob, { processInstanceId: pi })) {
    const m = map.get(job.activityId);
    const exec = executions.find((e) => e.id === job.executionId);
    if (!m || !exec) {
      await ctx.tx.remove(EngineJob, job);
      continue;
    }
    const node = nodeOf(target, m.target);
    if (m.updateEventTrigger && node.timer) {
      // The timer is evaluated again, from now, with the target's definition.
      await ctx.tx.remove(EngineJob, job);
      rearm.push({ exec, node });
      continue;
    }
    moveDef(job);
    job.activityId = m.target;
    await ctx.tx.update(EngineJob, job);
  }
  for (const sub of await ctx.tx.find(EngineEventSubscription, { processInstanceId: pi })) {
    const m = map.get(sub.activityId);
    if (!m) {
      await ctx.tx.remove(EngineEventSubscription, sub);
      continue;
    }
    const node = nodeOf(target, m.target);
    sub.processDefinitionId = targetDef.id;
    sub.activityId = m.target;
    if (m.updateEventTrigger) {
      if (sub.eventType === 'message' && node.messageName) sub.eventName = node.messageName;
      else if (sub.eventType === 'signal' && node.signalName) sub.eventName = node.signalName;
      else if (sub.eventType === 'conditional') sub.eventName = node.id;
    }
    if (sub.eventType === 'compensate') {
      const handler = target.boundaryEvents
        .get(m.target)
        ?.map((b) => nodeOf(target, b))
        .map((b) => (b.kind === 'compensationBoundaryEvent' ? b.compensation.handler : undefined))
        .find((h) => h);
      if (!handler) {
        await ctx.tx.remove(EngineEventSubscription, sub);
        continue;
      }
      sub.eventName = handler;
    }
    await ctx.tx.update(EngineEventSubscription, sub);
  }
  const mappedTargets = new Set([...map.values()].map((m) => m.target));
  // Boundary events the target adds to a running activity start listening.
  for (const e of executions) {
    if (e.activityId === null || e.activityInstanceId === null) continue;
    const parent = executions.find((p) => p.id === e.parentId);
    if (parent && parent.activityId === e.activityId) continue; // a scope or instance inside the activity
    for (const b of target.boundaryEvents.get(e.activityId) ?? [])
      if (!mappedTargets.has(b)) rearm.push({ exec: e, node: nodeOf(target, b) });
  }
  // Event subprocesses the target adds to a running scope start listening.
  for (const scope of executions) {
    if (scope.isConcurrent) continue;
    const entered = scope.isProcessInstance ? null : executions.find((p) => p.id === scope.parentId);
    const key = scope.isProcessInstance ? '' : entered?.activityId;
    if (key === undefined || key === null) continue;
    const sub = key === '' ? null : target.nodes.get(key);
    if (sub !== null && (sub?.kind !== 'subProcess' || sub.multiInstance)) continue;
    for (const start of target.eventSubStarts.get(key) ?? [])
      if (!mappedTargets.has(start)) rearm.push({ exec: scope, node: nodeOf(target, start) });
  }
  for (const { exec, node } of rearm) {
    if (node.timer)
      await createTimerJob(
        ctx,
        exec,
        node,
        node.kind === 'eventSubStartEvent' ? 'timer-event-sub' : 'timer-boundary',
      );
    else if (node.messageName) await subscribe(ctx, exec, 'message', node.messageName, node.id);
    else if (node.signalName) await subscribe(ctx, exec, 'signal', node.signalName, node.id);
    else if (node.conditional) await subscribe(ctx, exec, 'conditional', node.id, node.id);
  }

  // History: the instance, its open activity instances and tasks, its variables.
  const hist = await ctx.tx.get(EngineHistoricProcessInstance, pi);
  if (hist) {
    moveDef(hist);
    hist.processDefinitionName = targetDef.name;
    hist.processDefinitionVersion = targetDef.version;
    await ctx.tx.update(EngineHistoricProcessInstance, hist);
  }
  await ctx.flush();
  for (const act of await ctx.tx.find(EngineHistoricActivityInstance, {
    processInstanceId: pi,
    endTime: null,
  })) {
    const body = act.activityId.endsWith(MI_BODY);
    const t = to(strip(act.activityId));
    moveDef(act);
    if (t) {
      const node = nodeOf(target, t);
      act.activityId = body ? t + MI_BODY : t;
      act.activityName = node.name;
      if (!body) act.activityType = node.activityType;
    }
    await ctx.tx.update(EngineHistoricActivityInstance, act);
  }
  for (const task of await ctx.tx.find(EngineHistoricTaskInstance, {
    processInstanceId: pi,
    endTime: null,
  })) {
    moveDef(task);
    task.taskDefinitionKey = to(task.taskDefinitionKey) ?? task.taskDefinitionKey;
    await ctx.tx.update(EngineHistoricTaskInstance, task);
  }
  for (const v of await ctx.tx.find(EngineHistoricVariableInstance, { processInstanceId: pi })) {
    moveDef(v);
    await ctx.tx.update(EngineHistoricVariableInstance, v);
  }
  void source;
}
