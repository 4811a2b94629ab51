import { EngineEventSubscription, EngineExecution } from '@motcua/db/engine';
import { isKind, nodeOf, type FlowNode, type ProcessModel } from '../../bpmn/model.js';
import type { StoredValue } from '../../variables/typed-value.js';
import type { CommandContext } from '../command-context.js';
import { boundaryHost } from './multi-instance.js';
import { eventSubStartsOf, triggerEventSubProcess } from './subprocesses.js';
import {
  activityScopeParent,
  cancelActivity,
  forkFromActivity,
  requireExecution,
  scopeOf,
} from '../execution-tree.js';
import { enter } from '../token-flow.js';

/**
 * BPMN errors and escalations thrown inside a scope: found by the nearest error/escalation boundary
 * event or event subprocess, from the inside out and across call activities.
 */

/**
 * An escalation thrown at `exec`: the nearest enclosing subprocess with a matching escalation
 * boundary event (its code, else one without a code) catches it. Interrupting: the subprocess is
 * cancelled and the token leaves through the boundary event. Non-interrupting: a new token does,
 * and the thrower goes on. Uncaught, nothing happens (an escalation is not an error).
 */
export async function throwEscalation(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  code: string | null,
): Promise<'interrupted' | 'continued' | 'none'> {
  let current = exec;
  for (;;) {
    const scope = await scopeOf(ctx, current);
    const starts = (await eventSubStartsOf(ctx, model, scope))
      .map((id) => nodeOf(model, id))
      .filter((st) => st.activityType === 'escalationStartEvent');
    const start =
      starts.find((st) => code !== null && st.escalationCode === code) ??
      starts.find((st) => st.escalationCode === null);
    if (start) {
      await triggerEventSubProcess(ctx, model, scope, start, escalationVariables(start, code));
      return start.interrupting === false ? 'continued' : 'interrupted';
    }
    if (scope.isProcessInstance && scope.superProcessInstanceId) {
      // Uncaught in a called instance: it goes on at the calling call activity, then outwards.
      const link = await ctx.tx.findOne(EngineEventSubscription, {
        eventType: 'call-activity',
        eventName: scope.id,
      });
      const caller = link ? await ctx.execution(link.executionId) : null;
      if (!link || !caller) return 'none';
      const callerModel = await ctx.models.get(ctx.tx, caller.processDefinitionId);
      const caught = await escalationBoundary(
        ctx,
        callerModel,
        caller,
        nodeOf(callerModel, link.activityId),
        code,
      );
      return caught ?? throwEscalation(ctx, callerModel, caller, code);
    }
    if (scope.isProcessInstance || !scope.parentId) return 'none';
    current = await requireExecution(ctx, scope.parentId);
    const activity = nodeOf(model, current.activityId!);
    current = await boundaryHost(ctx, current, activity);
    const caught = await escalationBoundary(ctx, model, current, activity, code);
    if (caught) return caught;
  }
}

/** An escalation boundary event on `activity` (run by `host`) catching `code`, if there is one. */
export async function escalationBoundary(
  ctx: CommandContext,
  model: ProcessModel,
  host: EngineExecution,
  activity: FlowNode,
  code: string | null,
): Promise<'interrupted' | 'continued' | null> {
  const boundaries = (model.boundaryEvents.get(activity.id) ?? [])
    .map((id) => nodeOf(model, id))
    .filter((b) => isKind(b, 'escalationBoundaryEvent'));
  const handler =
    boundaries.find((b) => b.escalationCode === code && code !== null) ??
    boundaries.find((b) => b.escalationCode === null);
  if (!handler) return null;
  if (handler.boundary.cancelActivity) {
    await cancelActivity(ctx, host, 'deleted');
    await ctx.setVariables(host, escalationVariables(handler, code), { activityInstanceId: null });
    await enter(ctx, model, host, handler);
    return 'interrupted';
  }
  const { token } = await forkFromActivity(ctx, host);
  await ctx.setVariables(token, escalationVariables(handler, code), { activityInstanceId: null });
  await enter(ctx, model, token, handler);
  return 'continued';
}

/** `camunda:escalationCodeVariable` of the catching event: the caught code, set as it fires. */
function escalationVariables(catcher: FlowNode, code: string | null): Map<string, StoredValue> {
  const vars = new Map<string, StoredValue>();
  if (catcher.escalationCodeVariable)
    vars.set(
      catcher.escalationCodeVariable,
      code === null ? { type: 'Null', text: null } : { type: 'String', text: code },
    );
  return vars;
}

/**
 * A BPMN error thrown at `exec` (an error end event, a worker's bpmnError): the nearest enclosing
 * activity with a matching error boundary event catches it — a specific code before a catch-all —
 * and everything inside that activity is cancelled. False when nothing catches it.
 */
export async function throwError(
  ctx: CommandContext,
  model: ProcessModel,
  exec: EngineExecution,
  errorCode: string,
  errorMessage: string | null,
  atActivity?: FlowNode,
): Promise<boolean> {
  // Candidates from the inside out: the activity itself (bpmnError), then each enclosing subprocess.
  let current: EngineExecution = exec;
  let activity: FlowNode | undefined = atActivity;
  for (;;) {
    if (activity) {
      const host = await boundaryHost(
        ctx,
        (await activityScopeParent(ctx, current, activity)) ?? current,
        activity,
      );
      const boundaries = (model.boundaryEvents.get(activity.id) ?? []).map((id) => nodeOf(model, id));
      const handler =
        boundaries.find((b) => b.errorBoundary?.errorCode === errorCode) ??
        boundaries.find((b) => b.kind === 'errorBoundaryEvent' && b.errorBoundary?.errorCode === null);
      if (handler) {
        await cancelActivity(ctx, host, 'deleted');
        const errorVars = new Map<string, StoredValue>();
        if (handler.errorBoundary?.errorCodeVariable)
          errorVars.set(handler.errorBoundary.errorCodeVariable, { type: 'String', text: errorCode });
        if (handler.errorBoundary?.errorMessageVariable)
          errorVars.set(
            handler.errorBoundary.errorMessageVariable,
            errorMessage === null ? { type: 'Null', text: null } : { type: 'String', text: errorMessage },
          );
        await ctx.setVariables(host, errorVars, { activityInstanceId: null });
        await enter(ctx, model, host, handler);
        return true;
      }
      current = host;
    }
    const scope = await scopeOf(ctx, current);
    // An error event subprocess of this scope catches it before anything further out.
    const starts = (await eventSubStartsOf(ctx, model, scope)).map((id) => nodeOf(model, id));
    const errorStarts = starts.filter((st) => st.activityType === 'errorStartEvent');
    const start =
      errorStarts.find((st) => st.errorBoundary?.errorCode === errorCode) ??
      errorStarts.find((st) => st.errorBoundary?.errorCode === null);
    if (start) {
      const errorVars = new Map<string, StoredValue>();
      if (start.errorBoundary?.errorCodeVariable)
        errorVars.set(start.errorBoundary.errorCodeVariable, { type: 'String', text: errorCode });
      if (start.errorBoundary?.errorMessageVariable)
        errorVars.set(
          start.errorBoundary.errorMessageVariable,
          errorMessage === null ? { type: 'Null', text: null } : { type: 'String', text: errorMessage },
        );
      await triggerEventSubProcess(ctx, model, scope, start, errorVars);
      return true;
    }
    if (scope.isProcessInstance && scope.superProcessInstanceId) {
      // Uncaught in a called instance: the error goes on at the calling call activity.
      const link = await ctx.tx.findOne(EngineEventSubscription, {
        eventType: 'call-activity',
        eventName: scope.id,
      });
      const caller = link ? await ctx.execution(link.executionId) : null;
      if (!link || !caller) return false;
      const callerModel = await ctx.models.get(ctx.tx, caller.processDefinitionId);
      return throwError(
        ctx,
        callerModel,
        caller,
        errorCode,
        errorMessage,
        nodeOf(callerModel, link.activityId),
      );
    }
    if (scope.isProcessInstance || !scope.parentId) return false;
    current = await requireExecution(ctx, scope.parentId);
    activity = nodeOf(model, current.activityId!);
  }
}
