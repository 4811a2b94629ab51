import type { CallMapping, IoMapping } from '../model.js';
import { cam, ioMappingOf, list, str, type El } from './moddle-elements.js';

/** An element's extension elements (`camunda:*`), read once; anything unsupported is refused. */
export interface ElementExtensions {
  properties: Record<string, string>;
  failedJobRetryTimeCycle: string | null;
  io: IoMapping | null;
  listeners: { event: string; expression: string; task: boolean }[];
  errorEventDefinitions: { errorCode: string; expression: string }[];
  callIns: CallMapping[];
  callOuts: CallMapping[];
}

export function readExtensions(
  el: El,
  problem: (message: string, el?: El) => void,
  checkExpression: (text: string | null, el: El, what: string) => void,
): ElementExtensions {
  const id = el.id!;
  const extensions = list((el.extensionElements as El | undefined)?.values);
  const properties: Record<string, string> = {};
  let failedJobRetryTimeCycle: string | null = null;
  let io: IoMapping | null = null;
  const listeners: { event: string; expression: string; task: boolean }[] = [];
  const errorEventDefinitions: { errorCode: string; expression: string }[] = [];
  const callIns: CallMapping[] = [];
  const callOuts: CallMapping[] = [];
  for (const ext of extensions) {
    if (ext.$type === 'camunda:Properties') {
      for (const p of list(ext.values)) if (str(p.name)) properties[p.name as string] = String(p.value ?? '');
    } else if (
      (ext.$type === 'camunda:In' || ext.$type === 'camunda:Out') &&
      el.$type === 'bpmn:CallActivity'
    ) {
      const a = (k: string) => cam(ext, k);
      const mapping: CallMapping = {
        all: a('variables') === 'all',
        source: a('source'),
        sourceExpression: a('sourceExpression'),
        target: a('target'),
        businessKey: ext.$type === 'camunda:In' ? a('businessKey') : null,
      };
      checkExpression(mapping.sourceExpression, el, 'camunda:sourceExpression');
      checkExpression(mapping.businessKey, el, 'camunda:in businessKey');
      (ext.$type === 'camunda:In' ? callIns : callOuts).push(mapping);
    } else if (ext.$type === 'camunda:ExecutionListener' || ext.$type === 'camunda:TaskListener') {
      const task = ext.$type === 'camunda:TaskListener';
      const event = str(ext.event) ?? '';
      const expression = str(ext.expression);
      const kind = task ? 'task listener' : 'execution listener';
      if (!expression) {
        const hook = ext.class ? 'camunda:class' : ext.delegateExpression ? 'delegateExpression' : 'a script';
        problem(
          `Element '${id}': ${task ? 'a' : 'an'} ${kind} with ${hook} is not run by this engine; only expression listeners are`,
          el,
        );
      } else if (task ? !['create', 'complete'].includes(event) : !['start', 'end'].includes(event)) {
        problem(
          `Element '${id}': ${kind} event '${event}' is not supported (${task ? 'create, complete' : 'start, end'})`,
          el,
        );
      } else if (task && el.$type !== 'bpmn:UserTask') {
        problem(`Element '${id}': task listeners belong on user tasks`, el);
      } else {
        checkExpression(expression, el, kind);
        listeners.push({ event, expression, task });
      }
    } else if (ext.$type === 'camunda:ErrorEventDefinition') {
      const code = str((ext.errorRef as El | undefined)?.errorCode);
      const expression = str(ext.expression);
      if (!code || !expression)
        problem(
          `Element '${id}': camunda:errorEventDefinition needs an errorRef with a code and an expression`,
          el,
        );
      else {
        checkExpression(expression, el, 'camunda:errorEventDefinition');
        errorEventDefinitions.push({ errorCode: code, expression });
      }
    } else if (ext.$type === 'camunda:InputOutput') {
      io = ioMappingOf(ext, el, problem);
    } else if (ext.$type === 'camunda:FailedJobRetryTimeCycle') {
      failedJobRetryTimeCycle = str(ext.body)?.trim() ?? null;
      if (
        failedJobRetryTimeCycle &&
        !/^R\d+\/P/.test(failedJobRetryTimeCycle) &&
        !/[$#]\{/.test(failedJobRetryTimeCycle)
      )
        problem(
          `Element '${id}': camunda:failedJobRetryTimeCycle '${failedJobRetryTimeCycle}' is not Rn/<ISO duration>`,
          el,
        );
    } else {
      problem(`Element '${id}': extension element ${ext.$type} is not supported`, el);
    }
  }
  return { properties, failedJobRetryTimeCycle, io, listeners, errorEventDefinitions, callIns, callOuts };
}
