'use strict';
const { is } = require('bpmnlint-utils');

/** A `camunda:` attribute, whether the model was parsed with the camunda descriptor or not. */
function camunda(node, name) {
  const value = node.get ? node.get(`camunda:${name}`) : undefined;
  if (value !== undefined && value !== null) return value;
  return node.$attrs ? node.$attrs[`camunda:${name}`] : undefined;
}

/** The flow elements of a process or sub-process, nested sub-processes included. */
function allFlowElements(container) {
  const out = [];
  for (const e of container.flowElements || []) {
    out.push(e);
    if (is(e, 'bpmn:SubProcess')) out.push(...allFlowElements(e));
  }
  return out;
}

/** The element's `camunda:executionListener`s (from its extension elements). */
function executionListeners(node) {
  const values = (node.extensionElements && node.extensionElements.values) || [];
  return values.filter((v) => v.$type === 'camunda:ExecutionListener');
}

module.exports = { camunda, allFlowElements, executionListeners };
