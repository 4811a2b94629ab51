'use strict';
const { is } = require('bpmnlint-utils');
const { OWN } = require('../messages-vi');
const { camunda } = require('./helper');

/** Every user task links a form (`camunda:formRef`): the portal renders and validates it. */
module.exports = function () {
  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    if (!String(camunda(node, 'formRef') || '').trim()) reporter.report(node.id, OWN.formMissing);
  }
  return { check };
};
