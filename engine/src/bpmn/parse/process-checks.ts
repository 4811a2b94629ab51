import type { FlowNode, NodeKind, SequenceFlow } from '../model.js';

/** Elements that wait and may carry timer/message boundary events. */
const BOUNDARY_HOSTS = new Set<NodeKind>([
  'userTask',
  'externalTask',
  'receiveTask',
  'messageCatchEvent',
  'timerCatchEvent',
  'subProcess',
  'callActivity',
]);

/**
 * Checks that need the whole process read: boundary events on hosts that can carry them, each
 * subprocess with one start event (linked to it here), flows inside their subprocess, an incoming
 * flow wherever a token must arrive, link events paired, event-based gateways before catch events.
 */
export function checkProcessGraph(
  nodes: ReadonlyMap<string, FlowNode>,
  flows: ReadonlyMap<string, SequenceFlow>,
  boundaryEvents: ReadonlyMap<string, readonly string[]>,
  subprocessStarts: ReadonlyMap<string, readonly string[]>,
  problem: (message: string) => void,
): void {
  // Boundary events must sit on activities we can interrupt: error ones on external tasks and
  // user tasks (`POST /task/{id}/bpmnError`), timer and message ones on wait states.
  for (const [attachedTo, ids] of boundaryEvents) {
    const host = nodes.get(attachedTo);
    for (const id of ids) {
      const b = nodes.get(id);
      if (!host || !b) continue;
      if (
        b.kind === 'errorBoundaryEvent' &&
        !['externalTask', 'userTask', 'subProcess', 'callActivity'].includes(host.kind)
      )
        problem(
          `Boundary event '${id}': error boundary events are supported on external tasks, user tasks, subprocesses and call activities only, not on '${attachedTo}'`,
        );
      // On a user task: `POST /task/{id}/bpmnEscalation`.
      if (
        b.kind === 'escalationBoundaryEvent' &&
        !['userTask', 'subProcess', 'callActivity'].includes(host.kind)
      )
        problem(
          `Boundary event '${id}': escalation boundary events are supported on user tasks, subprocesses and call activities only`,
        );
      if (
        b.kind !== 'errorBoundaryEvent' &&
        b.kind !== 'escalationBoundaryEvent' &&
        b.kind !== 'compensationBoundaryEvent' &&
        !BOUNDARY_HOSTS.has(host.kind)
      )
        problem(
          `Boundary event '${id}': timer and message boundary events are supported on user, external and receive tasks, catch events and subprocesses, not on '${attachedTo}'`,
        );
    }
  }
  for (const node of nodes.values()) {
    if (node.kind === 'subProcess' || node.kind === 'eventSubProcess') {
      const inner = subprocessStarts.get(node.id) ?? [];
      if (inner.length !== 1)
        problem(`Subprocess '${node.id}' needs exactly one start event (it has ${inner.length})`);
      else (node.subProcess as { initialId: string }).initialId = inner[0]!;
    }
    for (const flowId of node.outgoing) {
      const target = nodes.get(flows.get(flowId)!.target);
      if (target && target.scopeId !== node.scopeId)
        problem(`Sequence flow '${flowId}' crosses the border of a subprocess`);
    }
    if (node.asyncBefore && node.kind === 'timerStartEvent')
      problem(`Element '${node.id}': asyncBefore on a timer start event is not supported`);
    const entry =
      node.kind === 'startEvent' ||
      node.kind === 'timerStartEvent' ||
      node.kind === 'messageStartEvent' ||
      node.kind === 'signalStartEvent' ||
      node.kind === 'linkCatchEvent' ||
      node.kind === 'eventSubProcess' ||
      node.kind === 'eventSubStartEvent' ||
      node.kind === 'signalBoundaryEvent' ||
      node.kind === 'conditionalBoundaryEvent' ||
      node.kind === 'compensationBoundaryEvent' ||
      node.isForCompensation === true ||
      node.kind === 'escalationBoundaryEvent' ||
      node.kind === 'errorBoundaryEvent' ||
      node.kind === 'timerBoundaryEvent' ||
      node.kind === 'messageBoundaryEvent';
    if (!entry && node.incoming.length === 0) {
      problem(`Element '${node.id}' has no incoming sequence flow`);
    }
  }
  for (const node of nodes.values()) {
    if (node.kind !== 'linkThrowEvent') continue;
    const targets = [...nodes.values()].filter(
      (n) => n.kind === 'linkCatchEvent' && n.linkName === node.linkName && n.scopeId === node.scopeId,
    );
    if (targets.length !== 1)
      problem(
        `Link throw event '${node.id}': ${targets.length} link catch events named '${node.linkName}' in its scope (needs one)`,
      );
  }
  for (const node of nodes.values()) {
    if (node.kind !== 'eventBasedGateway') continue;
    for (const flowId of node.outgoing) {
      const target = nodes.get(flows.get(flowId)!.target);
      // Camunda's (and Operaton's) parser refuses anything but intermediate catch events here,
      // receive tasks too, in these words; of those, we run message, timer and signal events.
      if (target?.kind === 'receiveTask')
        problem(
          `Event based gateway can only be connected to elements of type intermediateCatchEvent ('${node.id}' → '${target.id}')`,
        );
      else if (target && !['messageCatchEvent', 'timerCatchEvent', 'signalCatchEvent'].includes(target.kind))
        problem(
          `Event-based gateway '${node.id}': '${target.id}' is not a message, timer or signal catch event`,
        );
    }
  }
}
