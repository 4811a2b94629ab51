import type { FlowNode } from '../../bpmn/model.js';
import type { BehaviourTable, ElementBehaviour } from './element-behaviour.js';
import { boundaryEventBehaviour, compensationBoundaryEventBehaviour } from './boundary-events.js';
import { businessRuleTaskBehaviour } from './business-rule-task.js';
import { callActivityBehaviour } from './call-activity.js';
import {
  conditionalCatchEventBehaviour,
  messageCatchEventBehaviour,
  signalCatchEventBehaviour,
  timerCatchEventBehaviour,
} from './catch-events.js';
import { compensationThrowEventBehaviour } from './compensation.js';
import {
  endEventBehaviour,
  errorEndEventBehaviour,
  escalationEndEventBehaviour,
  signalEndEventBehaviour,
  terminateEndEventBehaviour,
} from './end-events.js';
import { externalTaskBehaviour } from './external-task.js';
import {
  eventBasedGatewayBehaviour,
  exclusiveGatewayBehaviour,
  inclusiveGatewayBehaviour,
  parallelGatewayBehaviour,
} from './gateways.js';
import { passesThrough } from './pass-through.js';
import { eventSubStartEventBehaviour, subProcessBehaviour } from './subprocesses.js';
import {
  escalationThrowEventBehaviour,
  linkThrowEventBehaviour,
  signalThrowEventBehaviour,
} from './throw-events.js';
import { userTaskBehaviour } from './user-task.js';

/**
 * Every element kind and its behaviour: adding a kind means adding its module and a line here.
 * Built on first use, so the behaviour modules (which call back into the token runtime) have all
 * been loaded by then.
 */
function buildTable(): BehaviourTable {
  return {
    // Events that only pass the token on once they are reached (or, boundary events, once fired).
    startEvent: passesThrough,
    timerStartEvent: passesThrough,
    messageStartEvent: passesThrough,
    signalStartEvent: passesThrough,
    noneThrowEvent: passesThrough,
    linkCatchEvent: passesThrough,
    passThrough: passesThrough,
    errorBoundaryEvent: passesThrough,
    escalationBoundaryEvent: passesThrough,
    timerBoundaryEvent: boundaryEventBehaviour,
    messageBoundaryEvent: boundaryEventBehaviour,
    signalBoundaryEvent: boundaryEventBehaviour,
    conditionalBoundaryEvent: boundaryEventBehaviour,
    compensationBoundaryEvent: compensationBoundaryEventBehaviour,
    // Tasks.
    userTask: userTaskBehaviour,
    externalTask: externalTaskBehaviour,
    businessRuleTask: businessRuleTaskBehaviour,
    receiveTask: messageCatchEventBehaviour,
    // Gateways.
    exclusiveGateway: exclusiveGatewayBehaviour,
    parallelGateway: parallelGatewayBehaviour,
    inclusiveGateway: inclusiveGatewayBehaviour,
    eventBasedGateway: eventBasedGatewayBehaviour,
    // Intermediate catch and throw events.
    messageCatchEvent: messageCatchEventBehaviour,
    timerCatchEvent: timerCatchEventBehaviour,
    signalCatchEvent: signalCatchEventBehaviour,
    conditionalCatchEvent: conditionalCatchEventBehaviour,
    signalThrowEvent: signalThrowEventBehaviour,
    escalationThrowEvent: escalationThrowEventBehaviour,
    linkThrowEvent: linkThrowEventBehaviour,
    compensationThrowEvent: compensationThrowEventBehaviour,
    // End events.
    endEvent: endEventBehaviour,
    errorEndEvent: errorEndEventBehaviour,
    terminateEndEvent: terminateEndEventBehaviour,
    signalEndEvent: signalEndEventBehaviour,
    escalationEndEvent: escalationEndEventBehaviour,
    compensationEndEvent: compensationThrowEventBehaviour,
    // Subprocesses and call activities.
    subProcess: subProcessBehaviour,
    eventSubProcess: subProcessBehaviour,
    eventSubStartEvent: eventSubStartEventBehaviour,
    callActivity: callActivityBehaviour,
  };
}

let table: BehaviourTable | null = null;

/** The behaviour of `node`'s kind (its entry sees `node` as its own variant, which it is). */
export function behaviourOf(node: FlowNode): ElementBehaviour {
  table ??= buildTable();
  return table[node.kind] as ElementBehaviour;
}
