'use strict';
const { is } = require('bpmnlint-utils');
const { OWN } = require('../messages-vi');
const TOPICS = require('../generated/topics.js');
const { allFlowElements, camunda, executionListeners } = require('./helper');

/**
 * A procedure with a legal clock (the law sets its processing time) keeps it: every user task has a
 * due date (`camunda:dueDate`), a timer leads to the reminder (`notify.escalate`) and a timer to
 * the apology letter (`dossier.apology`), as the generator's dossier-life blocks build them.
 * Whether there is a legal clock: the rule config `{ legalClock: boolean }` when the caller knows
 * (the catalogue), else the model says so itself — the generator sets the `legalClock` variable in
 * an execution listener at the receipt step.
 */
module.exports = function (config) {
  const stated = config && typeof config.legalClock === 'boolean' ? config.legalClock : null;

  function setsLegalClock(elements) {
    return elements.some((e) =>
      executionListeners(e).some((l) =>
        /setVariable\(\s*["']legalClock["']/.test(String(l.expression || '')),
      ),
    );
  }

  /** Whether an external task with `topic` is reachable from a timer event along sequence flows. */
  function timerLeadsTo(elements, topic) {
    const timers = elements.filter(
      (e) =>
        (is(e, 'bpmn:BoundaryEvent') || is(e, 'bpmn:IntermediateCatchEvent')) &&
        (e.eventDefinitions || []).some((d) => is(d, 'bpmn:TimerEventDefinition')),
    );
    const seen = new Set();
    const queue = [...timers];
    while (queue.length) {
      const n = queue.shift();
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      if (camunda(n, 'type') === 'external' && camunda(n, 'topic') === topic) return true;
      for (const f of n.outgoing || []) if (f.targetRef) queue.push(f.targetRef);
    }
    return false;
  }

  function check(node, reporter) {
    if (!is(node, 'bpmn:Process')) return;
    const elements = allFlowElements(node);
    if (!(stated ?? (setsLegalClock(elements) || setsLegalClock([node])))) return;
    for (const e of elements)
      if (is(e, 'bpmn:UserTask') && !String(camunda(e, 'dueDate') || '').trim())
        reporter.report(e.id, OWN.dueDateMissing);
    if (!timerLeadsTo(elements, TOPICS.escalate)) reporter.report(node.id, OWN.reminderMissing);
    if (!timerLeadsTo(elements, TOPICS.apology)) reporter.report(node.id, OWN.apologyMissing);
  }
  return { check };
};
