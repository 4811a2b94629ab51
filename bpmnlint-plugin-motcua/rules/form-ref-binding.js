'use strict';
const { isAny } = require('bpmnlint-utils');
const { OWN } = require('../messages-vi');
const { camunda } = require('./helper');

/**
 * A form reference is bound `deployment`: a process version then uses the forms deployed with it
 * (a missing binding means `latest`, which would show version 2's form to a version-1 task).
 */
module.exports = function () {
  function check(node, reporter) {
    if (!isAny(node, ['bpmn:UserTask', 'bpmn:StartEvent'])) return;
    if (!camunda(node, 'formRef')) return;
    if (camunda(node, 'formRefBinding') !== 'deployment')
      reporter.report(node.id, OWN.formBindingNotDeployment);
  }
  return { check };
};
