import type { ElementParse } from './element-parse.js';
import {
  type El,
  str,
  cam,
  messageNameOf,
  conditionalOf,
  signalNameOf,
  timerDefinitionOf,
} from './moddle-elements.js';
import type { ErrorBoundaryDefinition } from '../model.js';

/** Parsers of the event elements: start, end, boundary, intermediate catch and throw events. */

/** Start events: none, timer, message, signal and conditional; in an event subprocess, its trigger. */
export function parseStartEvent(p: ElementParse): void {
  const { el, id, scopeId, eventDefinitions, add, problem } = p;
  const {
    subprocessStarts,
    eventSubStarts,
    eventSubIds,
    elements,
    scopeOf,
    starts,
    timerStarts,
    messageStarts,
    conditionalStarts,
  } = p.process;
  if (scopeId !== null && eventSubIds.has(scopeId)) {
    // The start event of an event subprocess: what triggers it, and whether it interrupts.
    const def = eventDefinitions[0];
    const trigger = { interrupting: el.isInterrupting !== false };
    (subprocessStarts.get(scopeId) ?? subprocessStarts.set(scopeId, []).get(scopeId)!).push(id);
    const sub = elements.find((e) => e.id === scopeId)!;
    const outer = scopeOf.get(sub) ?? '';
    (eventSubStarts.get(outer) ?? eventSubStarts.set(outer, []).get(outer)!).push(id);
    if (eventDefinitions.length !== 1) {
      problem(`Event subprocess '${scopeId}' needs a start event with one event definition`, el);
    } else if (def!.$type === 'bpmn:MessageEventDefinition') {
      const messageName = messageNameOf(def!.messageRef as El | undefined, el, problem);
      add('eventSubStartEvent', 'messageStartEvent', { ...trigger, messageName: messageName ?? '' });
    } else if (def!.$type === 'bpmn:SignalEventDefinition') {
      const signalName = signalNameOf(def!.signalRef as El | undefined, el, problem);
      add('eventSubStartEvent', 'signalStartEvent', { ...trigger, signalName: signalName ?? '' });
    } else if (def!.$type === 'bpmn:TimerEventDefinition') {
      const timer = timerDefinitionOf(def!, el, problem);
      add('eventSubStartEvent', 'startTimerEvent', { ...trigger, ...(timer ? { timer } : {}) });
    } else if (def!.$type === 'bpmn:ErrorEventDefinition') {
      if (!trigger.interrupting) problem(`Error start event '${id}' must interrupt`, el);
      const error = def!.errorRef as El | undefined;
      add('eventSubStartEvent', 'errorStartEvent', {
        ...trigger,
        errorBoundary: {
          attachedTo: scopeId,
          errorCode: str(error?.errorCode),
          errorCodeVariable: cam(def!, 'errorCodeVariable'),
          errorMessageVariable: cam(def!, 'errorMessageVariable'),
        },
      });
    } else if (def!.$type === 'bpmn:ConditionalEventDefinition') {
      const conditional = conditionalOf(def!, el, problem);
      add('eventSubStartEvent', 'conditionalStartEvent', {
        ...trigger,
        ...(conditional ? { conditional } : {}),
      });
    } else if (def!.$type === 'bpmn:EscalationEventDefinition') {
      const escalation = def!.escalationRef as El | undefined;
      add('eventSubStartEvent', 'escalationStartEvent', {
        ...trigger,
        escalationCode: str(escalation?.escalationCode),
        escalationCodeVariable: cam(def!, 'escalationCodeVariable'),
      });
    } else problem(`Event subprocess start '${id}': ${def!.$type} is not supported`, el);
    return;
  }
  if (eventDefinitions.length === 1 && eventDefinitions[0]!.$type === 'bpmn:TimerEventDefinition') {
    if (scopeId !== null) problem(`Start event '${id}': a subprocess starts with a none start event`, el);
    // timeDate, timeCycle, or timeDuration (from the deployment: fires once, as on Operaton).
    const timer = timerDefinitionOf(eventDefinitions[0]!, el, problem);
    timerStarts.push(id);
    add('timerStartEvent', 'startTimerEvent', timer ? { timer } : {});
    return;
  }
  if (
    eventDefinitions.length === 1 &&
    eventDefinitions[0]!.$type === 'bpmn:SignalEventDefinition' &&
    scopeId === null
  ) {
    const signalName = signalNameOf(eventDefinitions[0]!.signalRef as El | undefined, el, problem);
    messageStarts.push(id);
    add('signalStartEvent', 'signalStartEvent', { signalName: signalName ?? '' });
    return;
  }
  if (
    eventDefinitions.length === 1 &&
    eventDefinitions[0]!.$type === 'bpmn:MessageEventDefinition' &&
    scopeId === null
  ) {
    const messageName = messageNameOf(eventDefinitions[0]!.messageRef as El | undefined, el, problem);
    messageStarts.push(id);
    add('messageStartEvent', 'messageStartEvent', { messageName: messageName ?? '' });
    return;
  }
  if (
    eventDefinitions.length === 1 &&
    eventDefinitions[0]!.$type === 'bpmn:ConditionalEventDefinition' &&
    scopeId === null
  ) {
    // Started by `POST /condition` when its condition holds for the given variables.
    const conditional = conditionalOf(eventDefinitions[0]!, el, problem);
    conditionalStarts.push(id);
    add('startEvent', 'conditionalStartEvent', conditional ? { conditional } : {});
    return;
  }
  if (eventDefinitions.length) {
    problem(
      `Start event '${id}': ${eventDefinitions[0]!.$type} start events are not supported (only none, timer, message, signal and conditional start events)`,
      el,
    );
  }
  if (scopeId !== null) {
    (subprocessStarts.get(scopeId) ?? subprocessStarts.set(scopeId, []).get(scopeId)!).push(id);
    add('startEvent', 'startEvent');
    return;
  }
  starts.push(id);
  if (cam(el, 'formKey') !== null || cam(el, 'formRef') !== null) {
    p.process.startForm = {
      formKey: cam(el, 'formKey'),
      formRef: cam(el, 'formRef'),
      formRefBinding: cam(el, 'formRefBinding'),
      formRefVersion: cam(el, 'formRefVersion'),
    };
  }
  add('startEvent', 'startEvent');
}

/** End events: none, error, terminate, signal, escalation, compensation, external message. */
export function parseEndEvent(p: ElementParse): void {
  const { el, id, eventDefinitions, add, problem, messageAsExternalTask } = p;
  if (eventDefinitions.length === 1 && eventDefinitions[0]!.$type === 'bpmn:CompensateEventDefinition') {
    add('compensationEndEvent', 'compensationEndEvent', {
      compensation: { activityRef: (eventDefinitions[0]!.activityRef as El | undefined)?.id ?? null },
    });
    return;
  }
  if (eventDefinitions.length === 0) add('endEvent', 'noneEndEvent');
  else if (eventDefinitions.length === 1 && eventDefinitions[0]!.$type === 'bpmn:ErrorEventDefinition') {
    const error = eventDefinitions[0]!.errorRef as El | undefined;
    add('errorEndEvent', 'errorEndEvent', { errorCode: str(error?.errorCode) });
  } else if (
    eventDefinitions.length === 1 &&
    eventDefinitions[0]!.$type === 'bpmn:TerminateEventDefinition'
  ) {
    add('terminateEndEvent', 'terminateEndEvent');
  } else if (messageAsExternalTask(eventDefinitions[0], 'messageEndEvent')) {
    // the token ends once the worker completes it
  } else if (eventDefinitions.length === 1 && eventDefinitions[0]!.$type === 'bpmn:SignalEventDefinition') {
    const signalName = signalNameOf(eventDefinitions[0]!.signalRef as El | undefined, el, problem);
    add('signalEndEvent', 'signalEndEvent', { signalName: signalName ?? '' });
  } else if (
    eventDefinitions.length === 1 &&
    eventDefinitions[0]!.$type === 'bpmn:EscalationEventDefinition'
  ) {
    const escalation = eventDefinitions[0]!.escalationRef as El | undefined;
    add('escalationEndEvent', 'escalationEndEvent', {
      escalationCode: str(escalation?.escalationCode),
    });
  } else problem(`End event '${id}': ${eventDefinitions[0]!.$type} end events are not supported`, el);
}

/** Boundary events: timer, message, signal, compensation, conditional, escalation, error. */
export function parseBoundaryEvent(p: ElementParse): void {
  const { el, id, eventDefinitions, add, problem } = p;
  const { boundaryEvents, associations } = p.process;
  const attachedTo = (el.attachedToRef as El | undefined)?.id;
  const def = eventDefinitions[0];
  if (!attachedTo) {
    problem(`Boundary event '${id}' is not attached to an activity`, el);
    return;
  }
  const boundary = { attachedTo, cancelActivity: el.cancelActivity !== false };
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:TimerEventDefinition') {
    const timer = timerDefinitionOf(def!, el, problem);
    (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
    add('timerBoundaryEvent', 'boundaryTimer', { boundary, ...(timer ? { timer } : {}) });
    return;
  }
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:MessageEventDefinition') {
    const messageName = messageNameOf(def!.messageRef as El | undefined, el, problem);
    (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
    add('messageBoundaryEvent', 'boundaryMessage', { boundary, messageName: messageName ?? '' });
    return;
  }
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:SignalEventDefinition') {
    const signalName = signalNameOf(def!.signalRef as El | undefined, el, problem);
    (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
    add('signalBoundaryEvent', 'boundarySignal', { boundary, signalName: signalName ?? '' });
    return;
  }
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:CompensateEventDefinition') {
    const handler = associations.get(id);
    if (!handler) problem(`Compensation boundary event '${id}' is associated with no handler`, el);
    (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
    add('compensationBoundaryEvent', 'compensationBoundaryCatch', {
      boundary,
      compensation: { handler },
    });
    return;
  }
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:ConditionalEventDefinition') {
    const conditional = conditionalOf(def!, el, problem);
    (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
    add('conditionalBoundaryEvent', 'boundaryConditional', {
      boundary,
      ...(conditional ? { conditional } : {}),
    });
    return;
  }
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:EscalationEventDefinition') {
    const escalation = def!.escalationRef as El | undefined;
    (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
    add('escalationBoundaryEvent', 'boundaryEscalation', {
      boundary,
      escalationCode: str(escalation?.escalationCode),
      escalationCodeVariable: cam(def!, 'escalationCodeVariable'),
    });
    return;
  }
  if (eventDefinitions.length !== 1 || def!.$type !== 'bpmn:ErrorEventDefinition') {
    problem(
      `Boundary event '${id}': ${def?.$type ?? 'a boundary event without definition'} is not supported (only error, timer and message boundary events)`,
      el,
    );
    return;
  }
  const errorBoundary: ErrorBoundaryDefinition = {
    attachedTo,
    errorCode: str((def!.errorRef as El | undefined)?.errorCode),
    errorCodeVariable: cam(def!, 'errorCodeVariable'),
    errorMessageVariable: cam(def!, 'errorMessageVariable'),
  };
  (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
  add('errorBoundaryEvent', 'boundaryError', { errorBoundary });
}

/** Intermediate catch events: timer, signal, link, conditional, message. */
export function parseIntermediateCatchEvent(p: ElementParse): void {
  const { el, id, eventDefinitions, add, problem } = p;
  const def = eventDefinitions[0];
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:TimerEventDefinition') {
    const timer = timerDefinitionOf(def!, el, problem);
    if (timer) add('timerCatchEvent', 'intermediateTimer', { timer });
    return;
  }
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:SignalEventDefinition') {
    const signalName = signalNameOf(def!.signalRef as El | undefined, el, problem);
    if (signalName) add('signalCatchEvent', 'intermediateSignalCatch', { signalName });
    return;
  }
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:LinkEventDefinition') {
    add('linkCatchEvent', 'intermediateLinkCatch', { linkName: str(def!.name) ?? '' });
    return;
  }
  if (eventDefinitions.length === 1 && def!.$type === 'bpmn:ConditionalEventDefinition') {
    const conditional = conditionalOf(def!, el, problem);
    if (conditional) add('conditionalCatchEvent', 'intermediateConditional', { conditional });
    return;
  }
  if (eventDefinitions.length !== 1 || def!.$type !== 'bpmn:MessageEventDefinition') {
    problem(
      `Element '${id}' of type bpmn:IntermediateCatchEvent with ${def?.$type ?? 'no event definition'} is not supported (only message, timer and signal catch events)`,
      el,
    );
    return;
  }
  const messageName = messageNameOf(def!.messageRef as El | undefined, el, problem);
  if (messageName) add('messageCatchEvent', 'intermediateMessageCatch', { messageName });
}

/** Intermediate throw events: none, signal, escalation, compensation, link, external message. */
export function parseIntermediateThrowEvent(p: ElementParse): void {
  const { el, id, eventDefinitions, add, problem, messageAsExternalTask } = p;
  const def = eventDefinitions[0];
  if (eventDefinitions.length === 0) add('noneThrowEvent', 'intermediateNoneThrowEvent');
  else if (eventDefinitions.length === 1 && def!.$type === 'bpmn:SignalEventDefinition') {
    const signalName = signalNameOf(def!.signalRef as El | undefined, el, problem);
    add('signalThrowEvent', 'intermediateSignalThrow', { signalName: signalName ?? '' });
  } else if (eventDefinitions.length === 1 && def!.$type === 'bpmn:EscalationEventDefinition') {
    const escalation = def!.escalationRef as El | undefined;
    add('escalationThrowEvent', 'intermediateEscalationThrowEvent', {
      escalationCode: str(escalation?.escalationCode),
    });
  } else if (eventDefinitions.length === 1 && def!.$type === 'bpmn:CompensateEventDefinition') {
    add('compensationThrowEvent', 'intermediateCompensationThrowEvent', {
      compensation: { activityRef: (def!.activityRef as El | undefined)?.id ?? null },
    });
  } else if (eventDefinitions.length === 1 && def!.$type === 'bpmn:LinkEventDefinition') {
    add('linkThrowEvent', 'intermediateLinkThrow', { linkName: str(def!.name) ?? '' });
  } else if (messageAsExternalTask(def, 'intermediateMessageThrowEvent')) {
    // a message throw event sent by a worker
  } else
    problem(
      `Element '${id}' of type bpmn:IntermediateThrowEvent with ${def!.$type} is not supported (only none, signal, escalation, link and external message throw events)`,
      el,
    );
}
