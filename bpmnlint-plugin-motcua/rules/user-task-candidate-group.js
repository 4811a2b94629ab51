'use strict';
const { is } = require('bpmnlint-utils');
const { OWN } = require('../messages-vi');
const { camunda } = require('./helper');

/** Every user task is offered to a candidate group: the inbox lists tasks by group. */
module.exports = function () {
  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    if (!String(camunda(node, 'candidateGroups') || '').trim())
      reporter.report(node.id, OWN.candidateGroupMissing);
  }
  return { check };
};
