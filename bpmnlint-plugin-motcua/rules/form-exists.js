'use strict';
const { isAny } = require('bpmnlint-utils');
const { OWN } = require('../messages-vi');
const { camunda } = require('./helper');

/**
 * Every `camunda:formRef` names a form of the deployment. Needs the rule's config
 * `{ formIds: string[] }` (the server passes the ids of the `.form` files it deploys); without it
 * the rule checks nothing (the modeler alone does not know the deployment).
 */
module.exports = function (config) {
  const formIds = config && Array.isArray(config.formIds) ? new Set(config.formIds) : null;
  function check(node, reporter) {
    if (!formIds || !isAny(node, ['bpmn:UserTask', 'bpmn:StartEvent'])) return;
    const ref = camunda(node, 'formRef');
    if (ref && !formIds.has(ref)) reporter.report(node.id, OWN.formNotDeployed(ref));
  }
  return { check };
};
