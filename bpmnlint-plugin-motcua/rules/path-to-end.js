'use strict';
const { is } = require('bpmnlint-utils');
const { OWN } = require('../messages-vi');

/**
 * Every path reaches an end: from each flow node of a process or sub-process, some way along
 * sequence flows (an activity's boundary events and link events count as ways on) leads to an end
 * event of the same scope. Catches dead ends and loops with no exit. A scope without any end
 * event is left to bpmnlint's `end-event-required`; compensation handlers and event
 * sub-processes (which are not on a path) are not checked as nodes of their parent.
 */
module.exports = function () {
  const isEventSubProcess = (n) => is(n, 'bpmn:SubProcess') && n.triggeredByEvent;
  const definitionsOf = (n) => n.eventDefinitions || [];
  const linkName = (n) => {
    const d = definitionsOf(n).find((x) => is(x, 'bpmn:LinkEventDefinition'));
    return d ? d.name : null;
  };
  const isCompensation = (n) =>
    n.isForCompensation || definitionsOf(n).some((d) => is(d, 'bpmn:CompensateEventDefinition'));

  function check(scope, reporter) {
    if (!(is(scope, 'bpmn:Process') || is(scope, 'bpmn:SubProcess')) || is(scope, 'bpmn:AdHocSubProcess'))
      return;
    const nodes = (scope.flowElements || []).filter((e) => is(e, 'bpmn:FlowNode') && !isEventSubProcess(e));
    const ends = nodes.filter((n) => is(n, 'bpmn:EndEvent'));
    if (ends.length === 0) return;
    // Predecessors of each node: sequence-flow sources, the boundary events' hosts, link throws.
    const before = new Map(nodes.map((n) => [n.id, []]));
    const add = (to, from) => before.get(to.id) && before.get(to.id).push(from);
    for (const n of nodes) {
      for (const f of n.outgoing || []) if (f.targetRef) add(f.targetRef, n);
      if (is(n, 'bpmn:BoundaryEvent') && n.attachedToRef) add(n, n.attachedToRef);
    }
    for (const thrower of nodes.filter((n) => is(n, 'bpmn:IntermediateThrowEvent') && linkName(n)))
      for (const catcher of nodes.filter(
        (n) => is(n, 'bpmn:IntermediateCatchEvent') && linkName(n) === linkName(thrower),
      ))
        add(catcher, thrower);
    const reaches = new Set();
    const queue = [...ends];
    while (queue.length) {
      const n = queue.shift();
      if (reaches.has(n.id)) continue;
      reaches.add(n.id);
      queue.push(...(before.get(n.id) || []));
    }
    for (const n of nodes)
      if (!reaches.has(n.id) && !isCompensation(n)) reporter.report(n.id, OWN.noPathToEnd);
  }
  return { check };
};
