import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { compileExpression, ExpressionError, isExpression } from '../expressions/index.js';
import type { MultiInstanceDefinition, FlowNode, NodeKind, ProcessModel, SequenceFlow } from './model.js';
import { type El, list, str, cam, expressionListeners } from './parse/moddle-elements.js';
import type { ProcessParseState } from './parse/element-parse.js';
import { parseElement } from './parse/element-parsers.js';
import { checkProcessGraph } from './parse/process-checks.js';
import { readExtensions } from './parse/element-extensions.js';

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

const IGNORED_FLOW_ELEMENTS = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
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

  const state: ProcessParseState = {
    flows,
    boundaryEvents,
    starts,
    timerStarts,
    messageStarts,
    conditionalStarts,
    startForm: null,
    eventSubStarts,
    subprocessStarts,
    eventSubIds,
    elements,
    scopeOf,
    associations,
  };
  for (const el of elements) {
    if (el.$type === 'bpmn:SequenceFlow' || IGNORED_FLOW_ELEMENTS.has(el.$type)) continue;
    const id = el.id!;
    const { properties, failedJobRetryTimeCycle, io, listeners, errorEventDefinitions, callIns, callOuts } =
      readExtensions(el, problem, checkExpression);
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

    parseElement({
      el,
      id,
      scopeId,
      eventDefinitions,
      base,
      properties,
      callIns,
      callOuts,
      add,
      messageAsExternalTask,
      problem,
      checkExpression,
      process: state,
    });
  }

  checkProcessGraph(nodes, flows, boundaryEvents, subprocessStarts, problem);

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
    startForm: state.startForm,
    nodes,
    flows,
    boundaryEvents,
  };
}
