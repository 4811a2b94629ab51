import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { compileExpression, ExpressionError, isExpression } from '../expressions/index.js';
import type {
  CallMapping,
  MultiInstanceDefinition,
  ErrorBoundaryDefinition,
  FlowNode,
  IoMapping,
  IoParameter,
  IoValue,
  NodeKind,
  ProcessModel,
  SequenceFlow,
  TimerDefinition,
} from './model.js';
import { checkTimerText } from '../jobs/timer-schedule.js';

/*
 * BPMN XML → executable models, with bpmn-moddle + camunda-bpmn-moddle.
 * XML safety: bpmn-moddle parses with saxen, which does not resolve DTDs or external entities,
 * so a deployment cannot make the engine read files or URLs.
 * Everything outside the supported subset is refused with a message naming the element, instead of
 * being silently ignored: a procedure that half-runs is worse than one that does not deploy.
 */

const require = createRequire(import.meta.url);
const camundaSchema = require('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;
const moddle = BpmnModdle({ camunda: camundaSchema });

export interface BpmnProblem {
  message: string;
  line: number | null;
  column: number | null;
  mainElementId: string | null;
  elementIds: string[];
}

/** Camunda's ENGINE-09005 parse failure, with one problem per refused element. */
export class BpmnParseError extends Error {
  constructor(
    readonly resourceName: string,
    readonly problems: BpmnProblem[],
  ) {
    super(
      `ENGINE-09005 Could not parse BPMN process. Errors: ${problems.map((p) => `\n* ${p.message}`).join('')}`,
    );
    this.name = 'BpmnParseError';
  }
}

export interface ParsedProcess {
  model: ProcessModel;
}

// The moddle object graph is untyped; these helpers read it defensively.
type El = Record<string, unknown> & { $type: string; id?: string; $attrs?: Record<string, string> };
const list = (v: unknown): El[] => (Array.isArray(v) ? (v as El[]) : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
/** A camunda: attribute, whether moddle bound it to a property or left it in $attrs. */
const cam = (el: El, name: string): string | null => {
  const v = el[name] ?? el.$attrs?.[`camunda:${name}`];
  if (v === undefined || v === null) return null;
  return String(v);
};

const IGNORED_FLOW_ELEMENTS = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);
const EXTERNAL_CAPABLE = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);
/** Elements that wait and may carry timer/message boundary events. */
const BOUNDARY_HOSTS = new Set<NodeKind>([
  'userTask',
  'externalTask',
  'receiveTask',
  'messageCatchEvent',
  'timerCatchEvent',
  'subProcess',
  'callActivity',
]);

/**
 * Operaton (the Camunda 7 fork) writes the same extensions under its own namespace and reads
 * both, as we do: declarations of the Operaton namespace are read as the Camunda one, so
 * `operaton:assignee` means `camunda:assignee`. The stored resource keeps its original text.
 */
const OPERATON_NS = /(xmlns:[A-Za-z_][\w.-]*\s*=\s*["'])http:\/\/operaton\.org\/schema\/1\.0\/bpmn(["'])/g;
const CAMUNDA_NS = 'http://camunda.org/schema/1.0/bpmn';

export async function parseBpmn(resourceName: string, original: string): Promise<ProcessModel[]> {
  const xml = original
    .replace(OPERATON_NS, `$1${CAMUNDA_NS}$2`)
    // References written as QNames (`messageRef="tns:newInvoice"`) name an element by its id, as
    // Camunda reads them; moddle resolves plain ids only.
    .replace(/\b(messageRef|signalRef|errorRef|escalationRef)="[A-Za-z_][\w.-]*:([^"]+)"/g, '$1="$2"')
    // XML allows blanks around an attribute's `=` (`source ="x"`, in Camunda's own tests); saxen does not.
    .replace(/<[A-Za-z][^<>]*>/g, (tag) => tag.replace(/(\s[A-Za-z_][\w:.-]*)\s*=\s*(["'])/g, '$1=$2'));
  const problems: BpmnProblem[] = [];
  const problem = (message: string, el?: El) =>
    problems.push({
      message,
      line: null,
      column: null,
      mainElementId: el?.id ?? null,
      elementIds: el?.id ? [el.id] : [],
    });

  let root: El;
  try {
    const result = await moddle.fromXML(xml);
    root = result.rootElement as El;
    for (const w of result.warnings) {
      // Unknown elements/attributes in foreign namespaces are harmless; broken XML is not.
      if (/unparsable content|unclosed|non-whitespace|missing namespace|unexpected end/i.test(w.message))
        problem(w.message);
    }
  } catch (err) {
    throw new BpmnParseError(resourceName, [
      { message: (err as Error).message, line: null, column: null, mainElementId: null, elementIds: [] },
    ]);
  }
  if (!root || root.$type !== 'bpmn:Definitions') {
    throw new BpmnParseError(resourceName, [
      {
        message: `The root element is ${root?.$type ?? 'missing'}, not bpmn:definitions`,
        line: null,
        column: null,
        mainElementId: null,
        elementIds: [],
      },
    ]);
  }

  const models: ProcessModel[] = [];
  for (const proc of list(root.rootElements).filter((e) => e.$type === 'bpmn:Process')) {
    // Camunda deploys processes without isExecutable (with a warning) and skips isExecutable="false".
    if (proc.isExecutable === false) continue;
    const model = buildProcess(proc, problem);
    if (model) models.push(model);
  }
  if (problems.length) throw new BpmnParseError(resourceName, problems);
  return models;
}

/** The literal name of a referenced bpmn:Message; correlation needs one. */
function messageNameOf(
  message: El | undefined,
  el: El,
  problem: (m: string, el?: El) => void,
): string | null {
  const name = str(message?.name);
  if (!name) {
    problem(`Element '${el.id}' waits for a message but references no bpmn:message with a name`, el);
    return null;
  }
  if (/[$#]\{/.test(name)) {
    problem(`Element '${el.id}': message names with expressions are not supported ('${name}')`, el);
    return null;
  }
  return name;
}

/**
 * Execution listeners of a process or sequence flow (whose other extensions we do not read): only
 * `expression` listeners on the given events; anything else is refused, naming the element.
 */
function expressionListeners(
  el: El,
  events: string[],
  problem: (m: string, el?: El) => void,
): { event: string; expression: string }[] {
  const out: { event: string; expression: string }[] = [];
  for (const ext of list((el.extensionElements as El | undefined)?.values)) {
    if (ext.$type !== 'camunda:ExecutionListener') continue;
    const expression = str(ext.expression);
    const event = str(ext.event) ?? '';
    if (!expression) problem(`Element '${el.id}': only expression listeners are run by this engine`, el);
    else if (!events.includes(event))
      problem(
        `Element '${el.id}': execution listener event '${event}' is not supported here (${events.join(', ')})`,
        el,
      );
    else {
      try {
        compileExpression(expression);
        out.push({ event, expression });
      } catch (err) {
        if (err instanceof ExpressionError) problem(`Invalid listener on '${el.id}': ${err.message}`, el);
        else throw err;
      }
    }
  }
  return out;
}

/** A bpmn:conditionalEventDefinition: its `${…}` condition and camunda:variableName/variableEvents. */
function conditionalOf(def: El, el: El, problem: (m: string, el?: El) => void) {
  const condition = str((def.condition as El | undefined)?.body)?.trim() ?? null;
  if (!condition) {
    problem(`Conditional event '${el.id}' has no condition`, el);
    return null;
  }
  try {
    compileExpression(condition);
  } catch (err) {
    if (err instanceof ExpressionError) problem(`Invalid condition on '${el.id}': ${err.message}`, el);
    else throw err;
  }
  const events = cam(def, 'variableEvents');
  return {
    condition,
    variableName: cam(def, 'variableName'),
    variableEvents: events
      ? events
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean)
      : [],
  };
}

/** The literal name of a referenced bpmn:Signal. */
function signalNameOf(signal: El | undefined, el: El, problem: (m: string, el?: El) => void): string | null {
  const name = str(signal?.name);
  if (!name) {
    problem(`Element '${el.id}' references no bpmn:signal with a name`, el);
    return null;
  }
  if (/[$#]\{/.test(name)) {
    problem(`Element '${el.id}': signal names with expressions are not supported ('${name}')`, el);
    return null;
  }
  return name;
}

/** A bpmn:timerEventDefinition → its one time (date, duration or cycle), checked when literal. */
function timerOf(def: El, el: El, problem: (m: string, el?: El) => void): TimerDefinition | null {
  const found = (['timeDate', 'timeDuration', 'timeCycle'] as const).filter((k) => def[k] !== undefined);
  if (found.length !== 1) {
    problem(`Timer event '${el.id}' needs exactly one of timeDate, timeDuration or timeCycle`, el);
    return null;
  }
  const kind = found[0]!;
  const expression = str((def[kind] as El | undefined)?.body)?.trim() ?? null;
  if (!expression) {
    problem(`Timer event '${el.id}': ${kind} is empty`, el);
    return null;
  }
  const error = checkTimerText(kind, expression);
  if (error) problem(`Timer event '${el.id}': ${error}`, el);
  return { kind, expression };
}

/** `camunda:inputOutput` → input and output parameters; scripts are refused. */
function ioMappingOf(ext: El, el: El, problem: (m: string, el?: El) => void): IoMapping {
  const valueOf = (p: El): IoValue => {
    const def = p.definition as El | undefined;
    if (def) return definitionOf(def);
    const text = typeof p.value === 'string' ? p.value : null;
    return text === null ? { kind: 'null' } : { kind: 'text', text: text.trim() };
  };
  const definitionOf = (def: El): IoValue => {
    switch (def.$type) {
      case 'camunda:List':
        return {
          kind: 'list',
          items: list(def.items).map((i) => (i.$type === 'camunda:Value' ? valueOf(i) : definitionOf(i))),
        };
      case 'camunda:Map':
        return {
          kind: 'map',
          entries: list(def.entries).map((e) => ({ key: String(e.key ?? ''), value: valueOf(e) })),
        };
      case 'camunda:Value':
        return valueOf(def);
      default:
        problem(
          `Element '${el.id}': ${def.$type} in camunda:inputOutput is not supported (scripts are not run)`,
          el,
        );
        return { kind: 'null' };
    }
  };
  const params = (ps: unknown): IoParameter[] =>
    list(ps).map((p) => ({ name: String(p.name ?? ''), value: valueOf(p) }));
  const io = { inputs: params(ext.inputParameters), outputs: params(ext.outputParameters) };
  const check = (v: IoValue) => {
    if (v.kind === 'text' && isExpression(v.text)) {
      try {
        compileExpression(v.text);
      } catch (err) {
        if (err instanceof ExpressionError)
          problem(`Invalid camunda:inputOutput expression on '${el.id}': ${err.message}`, el);
        else throw err;
      }
    } else if (v.kind === 'list') v.items.forEach(check);
    else if (v.kind === 'map') v.entries.forEach((e) => check(e.value));
  };
  for (const p of [...io.inputs, ...io.outputs]) {
    if (!p.name) problem(`Element '${el.id}': an input/output parameter has no name`, el);
    check(p.value);
  }
  return io;
}

function buildProcess(proc: El, problem: (m: string, el?: El) => void): ProcessModel | null {
  const key = str(proc.id);
  if (!key) {
    problem('A process has no id');
    return null;
  }
  const nodes = new Map<string, FlowNode>();
  const flows = new Map<string, SequenceFlow>();
  const boundaryEvents = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  const starts: string[] = [];
  const timerStarts: string[] = [];
  const messageStarts: string[] = [];
  /** Conditional start events of the process (`POST /condition`). */
  const conditionalStarts: string[] = [];
  let startForm: ProcessModel['startForm'] = null;

  const checkExpression = (text: string | null, el: El, what: string) => {
    if (!text) return;
    try {
      compileExpression(text);
    } catch (err) {
      if (err instanceof ExpressionError) problem(`Invalid ${what} on '${el.id}': ${err.message}`, el);
      else throw err;
    }
  };

  // Every element with the embedded subprocess it sits in (ids are unique across the process).
  const scopeOf = new Map<El, string | null>();
  const eventSubIds = new Set<string>();
  // Event subprocess start ids per enclosing scope ('' = the process).
  const eventSubStarts = new Map<string, string[]>();
  const collect = (container: El, scopeId: string | null): El[] =>
    list(container.flowElements).flatMap((el) => {
      scopeOf.set(el, scopeId);
      if (el.$type === 'bpmn:SubProcess' && el.triggeredByEvent === true) eventSubIds.add(el.id!);
      return el.$type === 'bpmn:SubProcess' ? [el, ...collect(el, el.id!)] : [el];
    });
  const elements = collect(proc, null);
  // Associations (compensation boundary event → handler), in the process and its subprocesses.
  const associations = new Map<string, string>();
  for (const container of [proc, ...elements.filter((e) => e.$type === 'bpmn:SubProcess')])
    for (const a of list(container.artifacts).filter((x) => x.$type === 'bpmn:Association')) {
      const from = (a.sourceRef as El | undefined)?.id;
      const to = (a.targetRef as El | undefined)?.id;
      if (from && to) associations.set(from, to);
    }
  const subprocessStarts = new Map<string, string[]>();
  let anonymous = 0;
  for (const el of elements) {
    if (el.$type === 'bpmn:SequenceFlow') {
      // Camunda accepts sequence flows without an id (its own tests have them): name them.
      if (!el.id) el.id = `_flow_${++anonymous}`;
      const cond = el.conditionExpression as El | undefined;
      let condition: string | null = null;
      if (cond) {
        const language = str(cond.language);
        if (language && !/^(juel|uel|\$\{\})$/i.test(language)) {
          problem(
            `Sequence flow '${el.id}': condition language '${language}' is not supported (only JUEL \${…} expressions)`,
            el,
          );
        }
        condition = str(cond.body)?.trim() ?? null;
        checkExpression(condition, el, 'condition');
      }
      const source = (el.sourceRef as El | undefined)?.id;
      const target = (el.targetRef as El | undefined)?.id;
      if (!source || !target) {
        problem(`Sequence flow '${el.id}' has no source or target`, el);
        continue;
      }
      const takeListeners = expressionListeners(el, ['take'], problem).map((l) => l.expression);
      flows.set(el.id!, {
        id: el.id!,
        source,
        target,
        condition,
        ...(takeListeners.length ? { takeListeners } : {}),
      });
      (outgoing.get(source) ?? outgoing.set(source, []).get(source)!).push(el.id!);
      (incoming.get(target) ?? incoming.set(target, []).get(target)!).push(el.id!);
    }
  }

  for (const el of elements) {
    if (el.$type === 'bpmn:SequenceFlow' || IGNORED_FLOW_ELEMENTS.has(el.$type)) continue;
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
        for (const p of list(ext.values))
          if (str(p.name)) properties[p.name as string] = String(p.value ?? '');
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
          const hook = ext.class
            ? 'camunda:class'
            : ext.delegateExpression
              ? 'delegateExpression'
              : 'a script';
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
    const scopeId = scopeOf.get(el) ?? null;
    const base = {
      id,
      scopeId,
      io,
      name: str(el.name),
      incoming: incoming.get(id) ?? [],
      outgoing: outgoing.get(id) ?? [],
      defaultFlow: (el.default as El | undefined)?.id ?? null,
      // camunda:async is the older spelling of asyncBefore.
      asyncBefore: cam(el, 'asyncBefore') === 'true' || cam(el, 'async') === 'true',
      asyncAfter: cam(el, 'asyncAfter') === 'true',
      failedJobRetryTimeCycle,
      ...(el.isForCompensation === true ? { isForCompensation: true } : {}),
      ...(listeners.length ? { listeners } : {}),
      ...(errorEventDefinitions.length ? { errorEventDefinitions } : {}),
    };
    const eventDefinitions = list(el.eventDefinitions);
    const loop = el.loopCharacteristics as El | undefined;
    let multiInstance: MultiInstanceDefinition | undefined;
    if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
      multiInstance = {
        sequential: loop.isSequential === true,
        cardinality: str((loop.loopCardinality as El | undefined)?.body)?.trim() ?? null,
        collection: cam(loop, 'collection'),
        elementVariable: cam(loop, 'elementVariable'),
        completionCondition: str((loop.completionCondition as El | undefined)?.body)?.trim() ?? null,
      };
      if (!multiInstance.cardinality && !multiInstance.collection)
        problem(`Multi-instance activity '${id}' needs a loopCardinality or a camunda:collection`, el);
      checkExpression(multiInstance.cardinality, el, 'loopCardinality');
      checkExpression(multiInstance.completionCondition, el, 'completionCondition');
      if (multiInstance.collection && isExpression(multiInstance.collection))
        checkExpression(multiInstance.collection, el, 'camunda:collection');
    } else if (loop) problem(`Element '${id}': ${loop.$type} (standard loops) is not supported`, el);
    // The fields of each kind are given with it below; a model with problems is never executed,
    // so a field left out with a reported problem (a timer that did not parse) is never read.
    const add = (kind: NodeKind, activityType: string, extra: Partial<FlowNode> = {}) =>
      nodes.set(id, {
        ...base,
        kind,
        activityType,
        ...(multiInstance ? { multiInstance } : {}),
        ...extra,
      } as FlowNode);
    /** A message throw or end event with camunda:type="external": an external task of its topic. */
    const messageAsExternalTask = (def: El | undefined, activityType: string): boolean => {
      if (
        eventDefinitions.length !== 1 ||
        def?.$type !== 'bpmn:MessageEventDefinition' ||
        cam(def, 'type') !== 'external'
      )
        return false;
      const topic = cam(def, 'topic');
      if (!topic) problem(`Element '${id}': an external message event needs a camunda:topic`, el);
      add('externalTask', activityType, {
        externalTask: {
          topic: topic ?? '',
          priority: cam(def, 'taskPriority'),
          extensionProperties: properties,
        },
      });
      return true;
    };

    switch (el.$type) {
      case 'bpmn:StartEvent':
        if (scopeId !== null && eventSubIds.has(scopeId)) {
          // The start event of an event subprocess: what triggers it, and whether it interrupts.
          const def = eventDefinitions[0];
          const trigger = { interrupting: el.isInterrupting !== false };
          (subprocessStarts.get(scopeId) ?? subprocessStarts.set(scopeId, []).get(scopeId)!).push(id);
          const sub = elements.find((e) => e.id === scopeId)!;
          const outer = scopeOf.get(sub) ?? '';
          (eventSubStarts.get(outer) ?? eventSubStarts.set(outer, []).get(outer)!).push(id);
          if (eventDefinitions.length !== 1) {
            problem(`Event subprocess '${scopeId}' needs a start event with one event definition`, el);
          } else if (def!.$type === 'bpmn:MessageEventDefinition') {
            const messageName = messageNameOf(def!.messageRef as El | undefined, el, problem);
            add('eventSubStartEvent', 'messageStartEvent', { ...trigger, messageName: messageName ?? '' });
          } else if (def!.$type === 'bpmn:SignalEventDefinition') {
            const signalName = signalNameOf(def!.signalRef as El | undefined, el, problem);
            add('eventSubStartEvent', 'signalStartEvent', { ...trigger, signalName: signalName ?? '' });
          } else if (def!.$type === 'bpmn:TimerEventDefinition') {
            const timer = timerOf(def!, el, problem);
            add('eventSubStartEvent', 'startTimerEvent', { ...trigger, ...(timer ? { timer } : {}) });
          } else if (def!.$type === 'bpmn:ErrorEventDefinition') {
            if (!trigger.interrupting) problem(`Error start event '${id}' must interrupt`, el);
            const error = def!.errorRef as El | undefined;
            add('eventSubStartEvent', 'errorStartEvent', {
              ...trigger,
              errorBoundary: {
                attachedTo: scopeId,
                errorCode: str(error?.errorCode),
                errorCodeVariable: cam(def!, 'errorCodeVariable'),
                errorMessageVariable: cam(def!, 'errorMessageVariable'),
              },
            });
          } else if (def!.$type === 'bpmn:ConditionalEventDefinition') {
            const conditional = conditionalOf(def!, el, problem);
            add('eventSubStartEvent', 'conditionalStartEvent', {
              ...trigger,
              ...(conditional ? { conditional } : {}),
            });
          } else if (def!.$type === 'bpmn:EscalationEventDefinition') {
            const escalation = def!.escalationRef as El | undefined;
            add('eventSubStartEvent', 'escalationStartEvent', {
              ...trigger,
              escalationCode: str(escalation?.escalationCode),
              escalationCodeVariable: cam(def!, 'escalationCodeVariable'),
            });
          } else problem(`Event subprocess start '${id}': ${def!.$type} is not supported`, el);
          break;
        }
        if (eventDefinitions.length === 1 && eventDefinitions[0]!.$type === 'bpmn:TimerEventDefinition') {
          if (scopeId !== null)
            problem(`Start event '${id}': a subprocess starts with a none start event`, el);
          // timeDate, timeCycle, or timeDuration (from the deployment: fires once, as on Operaton).
          const timer = timerOf(eventDefinitions[0]!, el, problem);
          timerStarts.push(id);
          add('timerStartEvent', 'startTimerEvent', timer ? { timer } : {});
          break;
        }
        if (
          eventDefinitions.length === 1 &&
          eventDefinitions[0]!.$type === 'bpmn:SignalEventDefinition' &&
          scopeId === null
        ) {
          const signalName = signalNameOf(eventDefinitions[0]!.signalRef as El | undefined, el, problem);
          messageStarts.push(id);
          add('signalStartEvent', 'signalStartEvent', { signalName: signalName ?? '' });
          break;
        }
        if (
          eventDefinitions.length === 1 &&
          eventDefinitions[0]!.$type === 'bpmn:MessageEventDefinition' &&
          scopeId === null
        ) {
          const messageName = messageNameOf(eventDefinitions[0]!.messageRef as El | undefined, el, problem);
          messageStarts.push(id);
          add('messageStartEvent', 'messageStartEvent', { messageName: messageName ?? '' });
          break;
        }
        if (
          eventDefinitions.length === 1 &&
          eventDefinitions[0]!.$type === 'bpmn:ConditionalEventDefinition' &&
          scopeId === null
        ) {
          // Started by `POST /condition` when its condition holds for the given variables.
          const conditional = conditionalOf(eventDefinitions[0]!, el, problem);
          conditionalStarts.push(id);
          add('startEvent', 'conditionalStartEvent', conditional ? { conditional } : {});
          break;
        }
        if (eventDefinitions.length) {
          problem(
            `Start event '${id}': ${eventDefinitions[0]!.$type} start events are not supported (only none, timer, message, signal and conditional start events)`,
            el,
          );
        }
        if (scopeId !== null) {
          (subprocessStarts.get(scopeId) ?? subprocessStarts.set(scopeId, []).get(scopeId)!).push(id);
          add('startEvent', 'startEvent');
          break;
        }
        starts.push(id);
        if (cam(el, 'formKey') !== null || cam(el, 'formRef') !== null) {
          startForm = {
            formKey: cam(el, 'formKey'),
            formRef: cam(el, 'formRef'),
            formRefBinding: cam(el, 'formRefBinding'),
            formRefVersion: cam(el, 'formRefVersion'),
          };
        }
        add('startEvent', 'startEvent');
        break;
      case 'bpmn:EndEvent': {
        if (
          eventDefinitions.length === 1 &&
          eventDefinitions[0]!.$type === 'bpmn:CompensateEventDefinition'
        ) {
          add('compensationEndEvent', 'compensationEndEvent', {
            compensation: { activityRef: (eventDefinitions[0]!.activityRef as El | undefined)?.id ?? null },
          });
          break;
        }
        if (eventDefinitions.length === 0) add('endEvent', 'noneEndEvent');
        else if (
          eventDefinitions.length === 1 &&
          eventDefinitions[0]!.$type === 'bpmn:ErrorEventDefinition'
        ) {
          const error = eventDefinitions[0]!.errorRef as El | undefined;
          add('errorEndEvent', 'errorEndEvent', { errorCode: str(error?.errorCode) });
        } else if (
          eventDefinitions.length === 1 &&
          eventDefinitions[0]!.$type === 'bpmn:TerminateEventDefinition'
        ) {
          add('terminateEndEvent', 'terminateEndEvent');
        } else if (messageAsExternalTask(eventDefinitions[0], 'messageEndEvent')) {
          // the token ends once the worker completes it
        } else if (
          eventDefinitions.length === 1 &&
          eventDefinitions[0]!.$type === 'bpmn:SignalEventDefinition'
        ) {
          const signalName = signalNameOf(eventDefinitions[0]!.signalRef as El | undefined, el, problem);
          add('signalEndEvent', 'signalEndEvent', { signalName: signalName ?? '' });
        } else if (
          eventDefinitions.length === 1 &&
          eventDefinitions[0]!.$type === 'bpmn:EscalationEventDefinition'
        ) {
          const escalation = eventDefinitions[0]!.escalationRef as El | undefined;
          add('escalationEndEvent', 'escalationEndEvent', {
            escalationCode: str(escalation?.escalationCode),
          });
        } else problem(`End event '${id}': ${eventDefinitions[0]!.$type} end events are not supported`, el);
        break;
      }
      case 'bpmn:ExclusiveGateway':
        if (base.defaultFlow && !base.outgoing.includes(base.defaultFlow)) {
          problem(
            `Exclusive gateway '${id}': default flow '${base.defaultFlow}' is not one of its outgoing flows`,
            el,
          );
        }
        // Camunda's (and Operaton's) parser refuses this, in these words.
        if (base.outgoing.length === 1 && flows.get(base.outgoing[0]!)?.condition)
          problem(
            `Exclusive Gateway '${id}' has only one outgoing sequence flow ('${base.outgoing[0]}'). This is not allowed to have a condition.`,
            el,
          );
        add('exclusiveGateway', 'exclusiveGateway');
        break;
      case 'bpmn:InclusiveGateway':
        if (base.defaultFlow && !base.outgoing.includes(base.defaultFlow))
          problem(
            `Inclusive gateway '${id}': default flow '${base.defaultFlow}' is not one of its outgoing flows`,
            el,
          );
        add('inclusiveGateway', 'inclusiveGateway');
        break;
      case 'bpmn:ParallelGateway':
        add('parallelGateway', 'parallelGateway');
        break;
      case 'bpmn:UserTask': {
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
        break;
      }
      case 'bpmn:BoundaryEvent': {
        const attachedTo = (el.attachedToRef as El | undefined)?.id;
        const def = eventDefinitions[0];
        if (!attachedTo) {
          problem(`Boundary event '${id}' is not attached to an activity`, el);
          break;
        }
        const boundary = { attachedTo, cancelActivity: el.cancelActivity !== false };
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:TimerEventDefinition') {
          const timer = timerOf(def!, el, problem);
          (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
          add('timerBoundaryEvent', 'boundaryTimer', { boundary, ...(timer ? { timer } : {}) });
          break;
        }
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:MessageEventDefinition') {
          const messageName = messageNameOf(def!.messageRef as El | undefined, el, problem);
          (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
          add('messageBoundaryEvent', 'boundaryMessage', { boundary, messageName: messageName ?? '' });
          break;
        }
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:SignalEventDefinition') {
          const signalName = signalNameOf(def!.signalRef as El | undefined, el, problem);
          (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
          add('signalBoundaryEvent', 'boundarySignal', { boundary, signalName: signalName ?? '' });
          break;
        }
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:CompensateEventDefinition') {
          const handler = associations.get(id);
          if (!handler) problem(`Compensation boundary event '${id}' is associated with no handler`, el);
          (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
          add('compensationBoundaryEvent', 'compensationBoundaryCatch', {
            boundary,
            compensation: { handler },
          });
          break;
        }
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:ConditionalEventDefinition') {
          const conditional = conditionalOf(def!, el, problem);
          (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
          add('conditionalBoundaryEvent', 'boundaryConditional', {
            boundary,
            ...(conditional ? { conditional } : {}),
          });
          break;
        }
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:EscalationEventDefinition') {
          const escalation = def!.escalationRef as El | undefined;
          (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
          add('escalationBoundaryEvent', 'boundaryEscalation', {
            boundary,
            escalationCode: str(escalation?.escalationCode),
            escalationCodeVariable: cam(def!, 'escalationCodeVariable'),
          });
          break;
        }
        if (eventDefinitions.length !== 1 || def!.$type !== 'bpmn:ErrorEventDefinition') {
          problem(
            `Boundary event '${id}': ${def?.$type ?? 'a boundary event without definition'} is not supported (only error, timer and message boundary events)`,
            el,
          );
          break;
        }
        const errorBoundary: ErrorBoundaryDefinition = {
          attachedTo,
          errorCode: str((def!.errorRef as El | undefined)?.errorCode),
          errorCodeVariable: cam(def!, 'errorCodeVariable'),
          errorMessageVariable: cam(def!, 'errorMessageVariable'),
        };
        (boundaryEvents.get(attachedTo) ?? boundaryEvents.set(attachedTo, []).get(attachedTo)!).push(id);
        add('errorBoundaryEvent', 'boundaryError', { errorBoundary });
        break;
      }
      case 'bpmn:IntermediateCatchEvent': {
        const def = eventDefinitions[0];
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:TimerEventDefinition') {
          const timer = timerOf(def!, el, problem);
          if (timer) add('timerCatchEvent', 'intermediateTimer', { timer });
          break;
        }
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:SignalEventDefinition') {
          const signalName = signalNameOf(def!.signalRef as El | undefined, el, problem);
          if (signalName) add('signalCatchEvent', 'intermediateSignalCatch', { signalName });
          break;
        }
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:LinkEventDefinition') {
          add('linkCatchEvent', 'intermediateLinkCatch', { linkName: str(def!.name) ?? '' });
          break;
        }
        if (eventDefinitions.length === 1 && def!.$type === 'bpmn:ConditionalEventDefinition') {
          const conditional = conditionalOf(def!, el, problem);
          if (conditional) add('conditionalCatchEvent', 'intermediateConditional', { conditional });
          break;
        }
        if (eventDefinitions.length !== 1 || def!.$type !== 'bpmn:MessageEventDefinition') {
          problem(
            `Element '${id}' of type bpmn:IntermediateCatchEvent with ${def?.$type ?? 'no event definition'} is not supported (only message, timer and signal catch events)`,
            el,
          );
          break;
        }
        const messageName = messageNameOf(def!.messageRef as El | undefined, el, problem);
        if (messageName) add('messageCatchEvent', 'intermediateMessageCatch', { messageName });
        break;
      }
      case 'bpmn:IntermediateThrowEvent': {
        const def = eventDefinitions[0];
        if (eventDefinitions.length === 0) add('noneThrowEvent', 'intermediateNoneThrowEvent');
        else if (eventDefinitions.length === 1 && def!.$type === 'bpmn:SignalEventDefinition') {
          const signalName = signalNameOf(def!.signalRef as El | undefined, el, problem);
          add('signalThrowEvent', 'intermediateSignalThrow', { signalName: signalName ?? '' });
        } else if (eventDefinitions.length === 1 && def!.$type === 'bpmn:EscalationEventDefinition') {
          const escalation = def!.escalationRef as El | undefined;
          add('escalationThrowEvent', 'intermediateEscalationThrowEvent', {
            escalationCode: str(escalation?.escalationCode),
          });
        } else if (eventDefinitions.length === 1 && def!.$type === 'bpmn:CompensateEventDefinition') {
          add('compensationThrowEvent', 'intermediateCompensationThrowEvent', {
            compensation: { activityRef: (def!.activityRef as El | undefined)?.id ?? null },
          });
        } else if (eventDefinitions.length === 1 && def!.$type === 'bpmn:LinkEventDefinition') {
          add('linkThrowEvent', 'intermediateLinkThrow', { linkName: str(def!.name) ?? '' });
        } else if (messageAsExternalTask(def, 'intermediateMessageThrowEvent')) {
          // a message throw event sent by a worker
        } else
          problem(
            `Element '${id}' of type bpmn:IntermediateThrowEvent with ${def!.$type} is not supported (only none, signal, escalation, link and external message throw events)`,
            el,
          );
        break;
      }
      case 'bpmn:EventBasedGateway':
        add('eventBasedGateway', 'eventBasedGateway');
        break;
      case 'bpmn:ManualTask':
        add('passThrough', 'manualTask');
        break;
      case 'bpmn:Task':
        add('passThrough', 'task');
        break;
      case 'bpmn:ScriptTask':
        problem(
          `Element '${id}' is a script task: scripts are not run by this engine; model the step as an external task (camunda:type="external") handled by a worker`,
          el,
        );
        break;
      case 'bpmn:SubProcess': {
        if (el.triggeredByEvent === true) {
          // History calls it a `subProcess`, as Operaton does.
          add('eventSubProcess', 'subProcess', { subProcess: { initialId: '' } });
          break;
        }
        // initialId is filled in once the subprocess's start event has been read.
        add('subProcess', 'subProcess', { subProcess: { initialId: '' } });
        break;
      }
      case 'bpmn:CallActivity': {
        const calledElement = str(el.calledElement);
        if (!calledElement) {
          problem(`Call activity '${id}' has no calledElement`, el);
          break;
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
        break;
      }
      case 'bpmn:ReceiveTask': {
        // Without a message it waits for POST /execution/{id}/signal (Camunda's trigger).
        if (!el.messageRef) {
          add('receiveTask', 'receiveTask');
          break;
        }
        const messageName = messageNameOf(el.messageRef as El | undefined, el, problem);
        if (messageName) add('receiveTask', 'receiveTask', { messageName });
        break;
      }
      default: {
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
            problem(
              `Business rule task '${id}': decisionRefBinding '${decision.binding}' is not supported`,
              el,
            );
          if (
            decision.mapDecisionResult &&
            !['singleEntry', 'singleResult', 'collectEntries', 'resultList'].includes(
              decision.mapDecisionResult,
            )
          )
            problem(
              `Business rule task '${id}': mapDecisionResult '${decision.mapDecisionResult}' is unknown`,
              el,
            );
          checkExpression(decision.ref, el, 'camunda:decisionRef');
          add('businessRuleTask', 'businessRuleTask', { decision });
          break;
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
    }
  }

  // Boundary events must sit on activities we can interrupt: error ones on external tasks and
  // user tasks (`POST /task/{id}/bpmnError`), timer and message ones on wait states.
  for (const [attachedTo, ids] of boundaryEvents) {
    const host = nodes.get(attachedTo);
    for (const id of ids) {
      const b = nodes.get(id);
      if (!host || !b) continue;
      if (
        b.kind === 'errorBoundaryEvent' &&
        !['externalTask', 'userTask', 'subProcess', 'callActivity'].includes(host.kind)
      )
        problem(
          `Boundary event '${id}': error boundary events are supported on external tasks, user tasks, subprocesses and call activities only, not on '${attachedTo}'`,
        );
      // On a user task: `POST /task/{id}/bpmnEscalation`.
      if (
        b.kind === 'escalationBoundaryEvent' &&
        !['userTask', 'subProcess', 'callActivity'].includes(host.kind)
      )
        problem(
          `Boundary event '${id}': escalation boundary events are supported on user tasks, subprocesses and call activities only`,
        );
      if (
        b.kind !== 'errorBoundaryEvent' &&
        b.kind !== 'escalationBoundaryEvent' &&
        b.kind !== 'compensationBoundaryEvent' &&
        !BOUNDARY_HOSTS.has(host.kind)
      )
        problem(
          `Boundary event '${id}': timer and message boundary events are supported on user, external and receive tasks, catch events and subprocesses, not on '${attachedTo}'`,
        );
    }
  }
  for (const node of nodes.values()) {
    if (node.kind === 'subProcess' || node.kind === 'eventSubProcess') {
      const inner = subprocessStarts.get(node.id) ?? [];
      if (inner.length !== 1)
        problem(`Subprocess '${node.id}' needs exactly one start event (it has ${inner.length})`);
      else (node.subProcess as { initialId: string }).initialId = inner[0]!;
    }
    for (const flowId of node.outgoing) {
      const target = nodes.get(flows.get(flowId)!.target);
      if (target && target.scopeId !== node.scopeId)
        problem(`Sequence flow '${flowId}' crosses the border of a subprocess`);
    }
    if (node.asyncBefore && node.kind === 'timerStartEvent')
      problem(`Element '${node.id}': asyncBefore on a timer start event is not supported`);
    const entry =
      node.kind === 'startEvent' ||
      node.kind === 'timerStartEvent' ||
      node.kind === 'messageStartEvent' ||
      node.kind === 'signalStartEvent' ||
      node.kind === 'linkCatchEvent' ||
      node.kind === 'eventSubProcess' ||
      node.kind === 'eventSubStartEvent' ||
      node.kind === 'signalBoundaryEvent' ||
      node.kind === 'conditionalBoundaryEvent' ||
      node.kind === 'compensationBoundaryEvent' ||
      node.isForCompensation === true ||
      node.kind === 'escalationBoundaryEvent' ||
      node.kind === 'errorBoundaryEvent' ||
      node.kind === 'timerBoundaryEvent' ||
      node.kind === 'messageBoundaryEvent';
    if (!entry && node.incoming.length === 0) {
      problem(`Element '${node.id}' has no incoming sequence flow`);
    }
  }
  for (const node of nodes.values()) {
    if (node.kind !== 'linkThrowEvent') continue;
    const targets = [...nodes.values()].filter(
      (n) => n.kind === 'linkCatchEvent' && n.linkName === node.linkName && n.scopeId === node.scopeId,
    );
    if (targets.length !== 1)
      problem(
        `Link throw event '${node.id}': ${targets.length} link catch events named '${node.linkName}' in its scope (needs one)`,
      );
  }
  for (const node of nodes.values()) {
    if (node.kind !== 'eventBasedGateway') continue;
    for (const flowId of node.outgoing) {
      const target = nodes.get(flows.get(flowId)!.target);
      // Camunda's (and Operaton's) parser refuses anything but intermediate catch events here,
      // receive tasks too, in these words; of those, we run message, timer and signal events.
      if (target?.kind === 'receiveTask')
        problem(
          `Event based gateway can only be connected to elements of type intermediateCatchEvent ('${node.id}' → '${target.id}')`,
        );
      else if (target && !['messageCatchEvent', 'timerCatchEvent', 'signalCatchEvent'].includes(target.kind))
        problem(
          `Event-based gateway '${node.id}': '${target.id}' is not a message, timer or signal catch event`,
        );
    }
  }
  if (
    starts.length > 1 ||
    starts.length + timerStarts.length + messageStarts.length + conditionalStarts.length === 0
  ) {
    problem(
      starts.length === 0
        ? `Process '${key}' has no none start event`
        : `Process '${key}' has ${starts.length} none start events; at most one is supported`,
    );
    return null;
  }
  const processListeners = expressionListeners(proc, ['start', 'end'], problem);
  const httl = cam(proc, 'historyTimeToLive');
  const startable = cam(proc, 'isStartableInTasklist');
  return {
    key,
    name: str(proc.name),
    versionTag: cam(proc, 'versionTag'),
    historyTimeToLive: httl !== null && /^\d+$/.test(httl) ? Number(httl) : null,
    startableInTasklist: startable === null ? true : startable === 'true',
    // Camunda starts a process whose only start event is a message (or conditional) start event
    // there too.
    initialId:
      starts[0] ??
      (messageStarts.length + conditionalStarts.length === 1 && timerStarts.length === 0
        ? (messageStarts[0] ?? conditionalStarts[0])!
        : null),
    timerStartIds: timerStarts,
    messageStartIds: messageStarts,
    ...(conditionalStarts.length ? { conditionalStartIds: conditionalStarts } : {}),
    ...(processListeners.length ? { processListeners } : {}),
    eventSubStarts,
    startForm,
    nodes,
    flows,
    boundaryEvents,
  };
}
