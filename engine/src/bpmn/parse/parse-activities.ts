import type { ElementParse } from './element-parse.js';
import { type El, list, str, cam, messageNameOf } from './moddle-elements.js';

/** Parsers of the activities: tasks, subprocesses, call activities. */

/** Tasks that may be external tasks (`camunda:type="external"`). */
const EXTERNAL_CAPABLE = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);

export function parseUserTask(p: ElementParse): void {
  const { el, add, checkExpression } = p;
  const userTask = {
    assignee: cam(el, 'assignee'),
    candidateGroups: cam(el, 'candidateGroups'),
    candidateUsers: cam(el, 'candidateUsers'),
    formKey: cam(el, 'formKey'),
    formRef: cam(el, 'formRef'),
    formRefBinding: cam(el, 'formRefBinding'),
    formRefVersion: cam(el, 'formRefVersion'),
    dueDate: cam(el, 'dueDate'),
    followUpDate: cam(el, 'followUpDate'),
    priority: cam(el, 'priority'),
    documentation: str(list(el.documentation)[0]?.text),
  };
  for (const [k, v] of Object.entries(userTask))
    if (k !== 'documentation') checkExpression(v, el, `camunda:${k}`);
  add('userTask', 'userTask', { userTask });
}

export function parseManualTask(p: ElementParse): void {
  const { add } = p;
  add('passThrough', 'manualTask');
}

export function parseTask(p: ElementParse): void {
  const { add } = p;
  add('passThrough', 'task');
}

/** Refused: scripts are not run by this engine. */
export function parseScriptTask(p: ElementParse): void {
  const { el, id, problem } = p;
  problem(
    `Element '${id}' is a script task: scripts are not run by this engine; model the step as an external task (camunda:type="external") handled by a worker`,
    el,
  );
}

/** Embedded and event subprocesses (their start event is linked once the whole process is read). */
export function parseSubProcess(p: ElementParse): void {
  const { el, add } = p;
  if (el.triggeredByEvent === true) {
    // History calls it a `subProcess`, as Operaton does.
    add('eventSubProcess', 'subProcess', { subProcess: { initialId: '' } });
    return;
  }
  // initialId is filled in once the subprocess's start event has been read.
  add('subProcess', 'subProcess', { subProcess: { initialId: '' } });
}

export function parseCallActivity(p: ElementParse): void {
  const { el, id, add, problem, checkExpression, callIns, callOuts } = p;
  const calledElement = str(el.calledElement);
  if (!calledElement) {
    problem(`Call activity '${id}' has no calledElement`, el);
    return;
  }
  const binding = cam(el, 'calledElementBinding') ?? 'latest';
  if (!['latest', 'deployment', 'version', 'versionTag'].includes(binding))
    problem(`Call activity '${id}': calledElementBinding '${binding}' is not supported`, el);
  checkExpression(calledElement, el, 'calledElement');
  add('callActivity', 'callActivity', {
    callActivity: {
      calledElement,
      binding,
      version: cam(el, 'calledElementVersion'),
      versionTag: cam(el, 'calledElementVersionTag'),
      ins: callIns,
      outs: callOuts,
    },
  });
}

export function parseReceiveTask(p: ElementParse): void {
  const { el, add, problem } = p;
  // Without a message it waits for POST /execution/{id}/signal (Camunda's trigger).
  if (!el.messageRef) {
    add('receiveTask', 'receiveTask');
    return;
  }
  const messageName = messageNameOf(el.messageRef as El | undefined, el, problem);
  if (messageName) add('receiveTask', 'receiveTask', { messageName });
}

/** Service, send and business-rule tasks: a decision, an external task, or refused with the reason. */
export function parseOtherActivity(p: ElementParse): void {
  const { el, id, add, problem, checkExpression, properties } = p;
  if (el.$type === 'bpmn:BusinessRuleTask' && cam(el, 'decisionRef')) {
    const decision = {
      ref: cam(el, 'decisionRef')!,
      binding: cam(el, 'decisionRefBinding') ?? 'latest',
      version: cam(el, 'decisionRefVersion'),
      versionTag: cam(el, 'decisionRefVersionTag'),
      resultVariable: cam(el, 'resultVariable'),
      mapDecisionResult: cam(el, 'mapDecisionResult'),
    };
    if (!['latest', 'deployment', 'version', 'versionTag'].includes(decision.binding))
      problem(`Business rule task '${id}': decisionRefBinding '${decision.binding}' is not supported`, el);
    if (
      decision.mapDecisionResult &&
      !['singleEntry', 'singleResult', 'collectEntries', 'resultList'].includes(decision.mapDecisionResult)
    )
      problem(`Business rule task '${id}': mapDecisionResult '${decision.mapDecisionResult}' is unknown`, el);
    checkExpression(decision.ref, el, 'camunda:decisionRef');
    add('businessRuleTask', 'businessRuleTask', { decision });
    return;
  }
  if (EXTERNAL_CAPABLE.has(el.$type) && cam(el, 'type') === 'external') {
    const topic = cam(el, 'topic');
    if (!topic) problem(`External task '${id}' has no camunda:topic`, el);
    const priority = cam(el, 'taskPriority');
    checkExpression(priority, el, 'camunda:taskPriority');
    add(
      'externalTask',
      el.$type === 'bpmn:ServiceTask'
        ? 'serviceTask'
        : el.$type === 'bpmn:SendTask'
          ? 'sendTask'
          : 'businessRuleTask',
      {
        externalTask: { topic: topic ?? '', priority, extensionProperties: properties },
      },
    );
  } else if (EXTERNAL_CAPABLE.has(el.$type)) {
    const hook = cam(el, 'class')
      ? 'camunda:class (a Java class)'
      : cam(el, 'delegateExpression')
        ? 'camunda:delegateExpression (a Java bean)'
        : cam(el, 'expression')
          ? 'camunda:expression'
          : null;
    problem(
      hook
        ? `Element '${id}' (${el.$type}) uses ${hook}, which this engine does not run; use an external task (camunda:type="external") and a worker`
        : `Element '${id}' (${el.$type}): only external tasks (camunda:type="external") are supported`,
      el,
    );
  } else {
    problem(`Element '${id}' of type ${el.$type} is not supported`, el);
  }
}
