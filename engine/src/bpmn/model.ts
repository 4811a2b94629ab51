/**
 * The executable model of one process definition: immutable once built, cached per definition id.
 * Only the elements the engine executes exist here; the parser refuses anything else.
 */
/** A `camunda:in` / `camunda:out` of a call activity. */
export interface CallMapping {
  /** `variables="all"`: every variable. */
  all: boolean;
  source: string | null;
  sourceExpression: string | null;
  target: string | null;
  /** `camunda:in businessKey="${…}"`: the called instance's business key. */
  businessKey: string | null;
}

export interface MultiInstanceDefinition {
  sequential: boolean;
  /** `loopCardinality`: a number or `${…}`. */
  cardinality: string | null;
  /** `camunda:collection`: a variable name or `${…}` giving a list. */
  collection: string | null;
  elementVariable: string | null;
  completionCondition: string | null;
}

export interface CallActivityDefinition {
  /** The called process key, maybe `${…}`. */
  calledElement: string;
  /** `latest` (default), `deployment`, `version`, `versionTag`. */
  binding: string;
  version: string | null;
  versionTag: string | null;
  ins: CallMapping[];
  outs: CallMapping[];
}

/** A `camunda:inputOutput` value: text (maybe `${…}`), a list or a map of values, or null. */
export type IoValue =
  | { kind: 'text'; text: string }
  | { kind: 'null' }
  | { kind: 'list'; items: IoValue[] }
  | { kind: 'map'; entries: { key: string; value: IoValue }[] };

export interface IoParameter {
  name: string;
  value: IoValue;
}

/** Input parameters become local variables of the activity's scope; outputs go to the parent scope. */
export interface IoMapping {
  inputs: IoParameter[];
  outputs: IoParameter[];
}

/** A timer event's definition, evaluated when the timer is created (`${…}` allowed). */
export interface TimerDefinition {
  kind: 'timeDate' | 'timeDuration' | 'timeCycle';
  expression: string;
}

/** A boundary event's host and whether it interrupts it (`cancelActivity`, default true). */
export interface BoundaryDefinition {
  attachedTo: string;
  cancelActivity: boolean;
}

export interface UserTaskDefinition {
  assignee: string | null;
  /** Comma-separated, may contain `${…}`. */
  candidateGroups: string | null;
  candidateUsers: string | null;
  formKey: string | null;
  formRef: string | null;
  formRefBinding: string | null;
  formRefVersion: string | null;
  dueDate: string | null;
  followUpDate: string | null;
  priority: string | null;
  documentation: string | null;
}

/** A start event's or user task's form: a form key, or a Camunda Forms reference by form id. */
export interface FormReference {
  formKey: string | null;
  formRef: string | null;
  formRefBinding: string | null;
  formRefVersion: string | null;
}

export interface ExternalTaskDefinition {
  topic: string;
  /** A number or an expression; Camunda's default is 0. */
  priority: string | null;
  extensionProperties: Record<string, string>;
}

export interface ErrorBoundaryDefinition {
  attachedTo: string;
  /** null catches every BPMN error (no errorRef, or an error without a code). */
  errorCode: string | null;
  errorCodeVariable: string | null;
  errorMessageVariable: string | null;
}

/** A conditional event's condition and the variable changes that re-evaluate it. */
export interface ConditionalDefinition {
  condition: string;
  variableName: string | null;
  variableEvents: string[];
}

/** A business rule task's `camunda:decisionRef` and how its result is mapped. */
export interface DecisionReference {
  ref: string;
  binding: string;
  version: string | null;
  versionTag: string | null;
  resultVariable: string | null;
  mapDecisionResult: string | null;
}

/** What every element has, whatever its kind. */
interface NodeBase {
  readonly id: string;
  /** The embedded subprocess containing this element; null at process level. */
  readonly scopeId: string | null;
  readonly name: string | null;
  /** Camunda's activityType in history (`startEvent`, `noneEndEvent`, `serviceTask`, …). */
  readonly activityType: string;
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  readonly defaultFlow: string | null;
  /** `camunda:asyncBefore` (or the older `camunda:async`): a job runs the activity. */
  readonly asyncBefore?: boolean;
  /** `camunda:asyncAfter`: a job takes the outgoing flows. */
  readonly asyncAfter?: boolean;
  /** `camunda:failedJobRetryTimeCycle` (`R3/PT5M`) for this element's jobs. */
  readonly failedJobRetryTimeCycle?: string | null;
  /** `camunda:inputOutput`: the activity runs in its own variable scope. */
  readonly io?: IoMapping | null;
  /** `camunda:executionListener` (start, end) and `camunda:taskListener` (create, complete) with `expression`. */
  readonly listeners?: readonly { event: string; expression: string; task: boolean }[];
  /** Multi-instance loop characteristics: the activity runs once per element or count. */
  readonly multiInstance?: MultiInstanceDefinition;
  /** `isForCompensation`: a compensation handler, run only by a compensation throw. */
  readonly isForCompensation?: boolean;
}

/** Elements whose kind says all there is: gateways, none and terminate end events, tasks without work. */
export interface PlainNode extends NodeBase {
  readonly kind:
    | 'exclusiveGateway'
    | 'parallelGateway'
    | 'inclusiveGateway'
    | 'eventBasedGateway'
    | 'endEvent'
    | 'terminateEndEvent'
    | 'noneThrowEvent'
    | 'passThrough';
}

/** The none start event; a conditional start event has its condition. */
export interface NoneStartEventNode extends NodeBase {
  readonly kind: 'startEvent';
  readonly conditional?: ConditionalDefinition;
}

export interface TimerStartEventNode extends NodeBase {
  readonly kind: 'timerStartEvent';
  readonly timer: TimerDefinition;
}

export interface MessageStartEventNode extends NodeBase {
  readonly kind: 'messageStartEvent';
  readonly messageName: string;
}

export interface SignalStartEventNode extends NodeBase {
  readonly kind: 'signalStartEvent';
  readonly signalName: string;
}

/** An event subprocess's start event: one of these triggers, and whether it interrupts its scope. */
export interface EventSubStartEventNode extends NodeBase {
  readonly kind: 'eventSubStartEvent';
  readonly interrupting: boolean;
  readonly messageName?: string;
  readonly signalName?: string;
  readonly timer?: TimerDefinition;
  readonly conditional?: ConditionalDefinition;
  /** Error start: the code caught (null = any) and its variables. */
  readonly errorBoundary?: ErrorBoundaryDefinition;
  /** Escalation start: the code caught (null = any). */
  readonly escalationCode?: string | null;
  readonly escalationCodeVariable?: string | null;
}

export interface ErrorEndEventNode extends NodeBase {
  readonly kind: 'errorEndEvent';
  /** The code it throws (null = none). */
  readonly errorCode: string | null;
}

/** Signal throw and end events. */
export interface SignalThrowNode extends NodeBase {
  readonly kind: 'signalThrowEvent' | 'signalEndEvent';
  readonly signalName: string;
}

/** Escalation throw and end events. */
export interface EscalationThrowNode extends NodeBase {
  readonly kind: 'escalationThrowEvent' | 'escalationEndEvent';
  readonly escalationCode: string | null;
}

/** Compensation throw and end events: the activity to compensate (null = every one of the scope). */
export interface CompensationThrowNode extends NodeBase {
  readonly kind: 'compensationThrowEvent' | 'compensationEndEvent';
  readonly compensation: { readonly activityRef: string | null };
}

/** Link throw and catch events: the link's name. */
export interface LinkEventNode extends NodeBase {
  readonly kind: 'linkThrowEvent' | 'linkCatchEvent';
  readonly linkName: string;
}

export interface MessageCatchEventNode extends NodeBase {
  readonly kind: 'messageCatchEvent';
  readonly messageName: string;
}

/** A receive task waits for its message, or without one for `POST /execution/{id}/signal`. */
export interface ReceiveTaskNode extends NodeBase {
  readonly kind: 'receiveTask';
  readonly messageName?: string;
}

export interface TimerCatchEventNode extends NodeBase {
  readonly kind: 'timerCatchEvent';
  readonly timer: TimerDefinition;
}

export interface SignalCatchEventNode extends NodeBase {
  readonly kind: 'signalCatchEvent';
  readonly signalName: string;
}

export interface ConditionalCatchEventNode extends NodeBase {
  readonly kind: 'conditionalCatchEvent';
  readonly conditional: ConditionalDefinition;
}

export interface TimerBoundaryEventNode extends NodeBase {
  readonly kind: 'timerBoundaryEvent';
  readonly boundary: BoundaryDefinition;
  readonly timer: TimerDefinition;
}

export interface MessageBoundaryEventNode extends NodeBase {
  readonly kind: 'messageBoundaryEvent';
  readonly boundary: BoundaryDefinition;
  readonly messageName: string;
}

export interface SignalBoundaryEventNode extends NodeBase {
  readonly kind: 'signalBoundaryEvent';
  readonly boundary: BoundaryDefinition;
  readonly signalName: string;
}

export interface ConditionalBoundaryEventNode extends NodeBase {
  readonly kind: 'conditionalBoundaryEvent';
  readonly boundary: BoundaryDefinition;
  readonly conditional: ConditionalDefinition;
}

export interface EscalationBoundaryEventNode extends NodeBase {
  readonly kind: 'escalationBoundaryEvent';
  readonly boundary: BoundaryDefinition;
  /** The code caught (null = any). */
  readonly escalationCode: string | null;
  readonly escalationCodeVariable: string | null;
}

/** A compensation boundary event: its handler (by association). */
export interface CompensationBoundaryEventNode extends NodeBase {
  readonly kind: 'compensationBoundaryEvent';
  readonly boundary: BoundaryDefinition;
  readonly compensation: { readonly handler?: string };
}

/** An error boundary event always interrupts its activity. */
export interface ErrorBoundaryEventNode extends NodeBase {
  readonly kind: 'errorBoundaryEvent';
  readonly errorBoundary: ErrorBoundaryDefinition;
}

export interface UserTaskNode extends NodeBase {
  readonly kind: 'userTask';
  readonly userTask: UserTaskDefinition;
}

export interface ExternalTaskNode extends NodeBase {
  readonly kind: 'externalTask';
  readonly externalTask: ExternalTaskDefinition;
  /** `camunda:errorEventDefinition`: on complete, a true expression throws the error. */
  readonly errorEventDefinitions?: readonly { errorCode: string; expression: string }[];
}

export interface BusinessRuleTaskNode extends NodeBase {
  readonly kind: 'businessRuleTask';
  readonly decision: DecisionReference;
}

/** Embedded subprocess (its none start event) and event subprocess (its start event). */
export interface SubProcessNode extends NodeBase {
  readonly kind: 'subProcess' | 'eventSubProcess';
  readonly subProcess: { readonly initialId: string };
}

export interface CallActivityNode extends NodeBase {
  readonly kind: 'callActivity';
  readonly callActivity: CallActivityDefinition;
}

type FlowNodeVariant =
  | PlainNode
  | NoneStartEventNode
  | TimerStartEventNode
  | MessageStartEventNode
  | SignalStartEventNode
  | EventSubStartEventNode
  | ErrorEndEventNode
  | SignalThrowNode
  | EscalationThrowNode
  | CompensationThrowNode
  | LinkEventNode
  | MessageCatchEventNode
  | ReceiveTaskNode
  | TimerCatchEventNode
  | SignalCatchEventNode
  | ConditionalCatchEventNode
  | TimerBoundaryEventNode
  | MessageBoundaryEventNode
  | SignalBoundaryEventNode
  | ConditionalBoundaryEventNode
  | EscalationBoundaryEventNode
  | CompensationBoundaryEventNode
  | ErrorBoundaryEventNode
  | UserTaskNode
  | ExternalTaskNode
  | BusinessRuleTaskNode
  | SubProcessNode
  | CallActivityNode;

type KeysOfAny<T> = T extends unknown ? keyof T : never;
/** Each variant reads the other variants' fields as absent, so a generic read (`node.messageName`) needs no narrowing. */
type Exclusive<T, All extends PropertyKey> = T extends unknown
  ? T & { readonly [K in Exclude<All, keyof T>]?: undefined }
  : never;

/**
 * An element of the executable model: a union discriminated by `kind`. Narrow on `kind` (or use
 * `nodeOfKind`) to read a kind's own fields without assertions.
 */
export type FlowNode = Exclusive<FlowNodeVariant, KeysOfAny<FlowNodeVariant>>;

/** The element kinds the engine executes. */
export type NodeKind = FlowNode['kind'];

/** The variant of `FlowNode` for these kinds (a variant shared by several kinds, narrowed to them). */
export type NodeOfKind<K extends NodeKind> = NarrowKind<FlowNode, K>;
type NarrowKind<N, K> = N extends { readonly kind: infer NK }
  ? [Extract<NK, K>] extends [never]
    ? never
    : N & { readonly kind: Extract<NK, K> }
  : never;

/** Whether `node` is of one of `kinds` (narrows it). */
export function isKind<K extends NodeKind>(node: FlowNode, ...kinds: K[]): node is NodeOfKind<K> {
  return (kinds as NodeKind[]).includes(node.kind);
}

/** The timer of a timer start, catch or boundary event or event subprocess start (the parser guarantees one). */
export function timerOf(node: FlowNode): TimerDefinition {
  if (!node.timer) throw new Error(`Element '${node.id}' (${node.kind}) has no timer`);
  return node.timer;
}

/** The condition of a conditional start, catch or boundary event or event subprocess start. */
export function conditionOf(node: FlowNode): ConditionalDefinition {
  if (!node.conditional) throw new Error(`Element '${node.id}' (${node.kind}) has no condition`);
  return node.conditional;
}

/** The loop characteristics of a multi-instance activity. */
export function multiInstanceOf(node: FlowNode): MultiInstanceDefinition {
  if (!node.multiInstance)
    throw new Error(`Element '${node.id}' (${node.kind}) is not a multi-instance activity`);
  return node.multiInstance;
}

/** Boundary events with a `boundary` (host and cancelActivity): every kind but the error boundary. */
export type BoundaryEventNode = NodeOfKind<
  | 'timerBoundaryEvent'
  | 'messageBoundaryEvent'
  | 'signalBoundaryEvent'
  | 'conditionalBoundaryEvent'
  | 'escalationBoundaryEvent'
  | 'compensationBoundaryEvent'
>;

export interface SequenceFlow {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** `${…}` condition, null when unconditional. */
  readonly condition: string | null;
  /** `camunda:executionListener event="take"` expressions. */
  readonly takeListeners?: readonly string[];
}

export interface ProcessModel {
  readonly key: string;
  readonly name: string | null;
  readonly versionTag: string | null;
  readonly historyTimeToLive: number | null;
  readonly startableInTasklist: boolean;
  /** The none start event; null when the process starts only by timer. */
  readonly initialId: string | null;
  /** Timer start events: each gets a job when the definition is deployed. */
  readonly timerStartIds: readonly string[];
  /** Message start events: `POST /message` starts an instance of the latest version there. */
  readonly messageStartIds: readonly string[];
  /** Conditional start events (kind `startEvent` with a `conditional`): `POST /condition` starts there. */
  readonly conditionalStartIds?: readonly string[];
  /** Process-level `camunda:executionListener` expressions (start, end). */
  readonly processListeners?: readonly { event: string; expression: string }[];
  /** Start events of event subprocesses per enclosing scope: '' = the process, else a subprocess id. */
  readonly eventSubStarts: ReadonlyMap<string, readonly string[]>;
  /** The start event's form, if it declares one. */
  readonly startForm: FormReference | null;
  readonly nodes: ReadonlyMap<string, FlowNode>;
  readonly flows: ReadonlyMap<string, SequenceFlow>;
  /** Boundary event ids per activity they are attached to. */
  readonly boundaryEvents: ReadonlyMap<string, readonly string[]>;
}

/** A fact about a process, worked out once per parsed model (models are cached and immutable). */
function oncePerModel(compute: (model: ProcessModel) => boolean): (model: ProcessModel) => boolean {
  const known = new WeakMap<ProcessModel, boolean>();
  return (model) => {
    let value = known.get(model);
    if (value === undefined) {
      value = compute(model);
      known.set(model, value);
    }
    return value;
  };
}

/**
 * Whether any element of the process waits on a condition (conditional start, catch or boundary
 * event, event subprocess start): only then can its instances hold conditional subscriptions.
 */
export const hasConditionalEvents = oncePerModel((model) =>
  [...model.nodes.values()].some((n) => 'conditional' in n && n.conditional !== undefined),
);

/**
 * Element kinds that never leave a job or an event subscription on their instance: every job
 * comes from an async continuation, a timer or a multi-instance activity, every subscription from
 * a message, signal, conditional, compensation or event subprocess element, an event-based
 * gateway or a call activity (on the calling instance). Anything not listed here counts as one.
 */
const NEVER_WAITING = new Set<NodeKind>([
  'startEvent',
  'endEvent',
  'terminateEndEvent',
  'noneThrowEvent',
  'passThrough',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'userTask',
  'externalTask',
]);

/**
 * Whether an instance of the process can hold jobs or event subscriptions: false when every
 * element is of a kind listed above, with no async continuation, multi-instance loop, condition
 * or compensation role. An instance migrated here had the jobs and subscriptions no element of
 * this process maps removed by its migration. An instance that cannot hold any has nothing of
 * them to remove when it ends, and no need to read them.
 */
export const mayHoldJobsOrSubscriptions = oncePerModel((model) =>
  [...model.nodes.values()].some(
    (n) =>
      !NEVER_WAITING.has(n.kind) ||
      n.asyncBefore === true ||
      n.asyncAfter === true ||
      n.multiInstance !== undefined ||
      n.isForCompensation === true ||
      ('conditional' in n && n.conditional !== undefined),
  ),
);

export function nodeOf(model: ProcessModel, id: string): FlowNode {
  const node = model.nodes.get(id);
  if (!node) throw new Error(`Process '${model.key}' has no activity '${id}'`);
  return node;
}

/** The element `id`, which the model guarantees to be of one of `kinds` (else a model error). */
export function nodeOfKind<K extends NodeKind>(
  model: ProcessModel,
  id: string,
  ...kinds: K[]
): NodeOfKind<K> {
  const node = nodeOf(model, id);
  if (!isKind(node, ...kinds))
    throw new Error(`Process '${model.key}': '${id}' is a ${node.kind}, not a ${kinds.join(' or ')}`);
  return node;
}

/** Subprocesses and activities with input/output mappings run in a scope execution of their own. */
export const needsScope = (node: FlowNode): boolean =>
  node.kind === 'subProcess' || node.kind === 'eventSubProcess' || !!node.io;

export function flowOf(model: ProcessModel, id: string): SequenceFlow {
  const flow = model.flows.get(id);
  if (!flow) throw new Error(`Process '${model.key}' has no sequence flow '${id}'`);
  return flow;
}
