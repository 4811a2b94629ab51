'use strict';
const { isAny } = require('bpmnlint-utils');
const { OWN } = require('../messages-vi');
const TOPICS = require('../generated/topics.js');
const { camunda } = require('./helper');

/** The topics our workers subscribe to, generated from `TOPICS` of @motcua/processes. */
const HANDLED = new Set(Object.values(TOPICS));

function checkExternal(id, holder, reporter) {
  if (camunda(holder, 'type') !== 'external') return;
  const topic = String(camunda(holder, 'topic') || '').trim();
  if (!topic) reporter.report(id, OWN.topicMissing);
  else if (!HANDLED.has(topic)) reporter.report(id, OWN.topicUnknown(topic));
}

/** Every external task's topic is one a motcua worker handles (else it would wait for ever). */
module.exports = function () {
  function check(node, reporter) {
    if (isAny(node, ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']))
      checkExternal(node.id, node, reporter);
    else if (isAny(node, ['bpmn:IntermediateThrowEvent', 'bpmn:EndEvent']))
      for (const d of node.eventDefinitions || [])
        if (d.$type === 'bpmn:MessageEventDefinition') checkExternal(node.id, d, reporter);
  }
  return { check };
};
