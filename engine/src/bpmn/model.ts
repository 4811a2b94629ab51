/**
 * The executable model of one process definition: immutable once built, cached per definition id.
 * Only the elements the engine executes exist here; the parser refuses anything else.
 */
export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'errorEndEvent'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'userTask'
  | 'externalTask'
  | 'errorBoundaryEvent'
  | 'messageCatchEvent'
  | 'receiveTask'
  | 'timerStartEvent'
  | 'timerCatchEvent'
  | 'timerBoundaryEvent'
  | 'messageBoundaryEvent'
  | 'subProcess'
  | 'terminateEndEvent'
  | 'messageStartEvent'
  | 'signalCatchEvent'
  | 'signalBoundaryEvent'
  | 'signalThrowEvent'
  | 'signalEndEvent'
  | 'noneThrowEvent'
  | 'escalationThrowEvent'
  | 'escalationEndEvent'
  | 'escalationBoundaryEvent'
  | 'eventBasedGateway'
  | 'passThrough'
  | 'inclusiveGateway'
  | 'eventSubProcess'
  | 'eventSubStartEvent'
  | 'callActivity'
  | 'businessRuleTask'
  | 'linkThrowEvent'
  | 'linkCatchEvent'
  | 'signalStartEvent'
  | 'conditionalCatchEvent'
  | 'conditionalBoundaryEvent'
  | 'compensationBoundaryEvent'
  | 'compensationThrowEvent'
  | 'compensationEndEvent';

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

export interface FlowNode {
  readonly id: string;
  /** The embedded subprocess containing this element; null at process level. */
  readonly scopeId: string | null;
  readonly name: string | null;
  readonly kind: NodeKind;
  /** Camunda's activityType in history (`startEvent`, `noneEndEvent`, `serviceTask`, …). */
  readonly activityType: string;
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  readonly defaultFlow: string | null;
  readonly userTask?: UserTaskDefinition;
  readonly externalTask?: ExternalTaskDefinition;
  readonly errorBoundary?: ErrorBoundaryDefinition;
  /** Receive task / message catch, boundary and start events: the message it waits for. */
  readonly messageName?: string;
  /** Signal catch, boundary and throw events: the signal's name. */
  readonly signalName?: string;
  /** Compensation boundary event: its handler (by association); throw events: the activity to compensate (null = all). */
  readonly compensation?: { handler?: string; activityRef?: string | null };
  /** `isForCompensation`: a compensation handler, run only by a compensation throw. */
  readonly isForCompensation?: boolean;
  /** Conditional catch, boundary and event-subprocess start events. */
  readonly conditional?: { condition: string; variableName: string | null; variableEvents: string[] };
  /** Link throw and catch events: the link's name. */
  readonly linkName?: string;
  /** Escalation throw events: the code; boundary events: the code caught (null = any). */
  readonly escalationCode?: string | null;
  /** Escalation boundary and event subprocess start events: `camunda:escalationCodeVariable`. */
  readonly escalationCodeVariable?: string | null;
  /** Error end event: the code it throws (null = none). */
  readonly errorCode?: string | null;
  /** Timer start, catch and boundary events. */
  readonly timer?: TimerDefinition;
  /** Timer and message boundary events. */
  readonly boundary?: BoundaryDefinition;
  /** `camunda:asyncBefore` (or the older `camunda:async`): a job runs the activity. */
  readonly asyncBefore?: boolean;
  /** `camunda:asyncAfter`: a job takes the outgoing flows. */
  readonly asyncAfter?: boolean;
  /** `camunda:failedJobRetryTimeCycle` (`R3/PT5M`) for this element's jobs. */
  readonly failedJobRetryTimeCycle?: string | null;
  /** `camunda:inputOutput`: the activity runs in its own variable scope. */
  readonly io?: IoMapping | null;
  readonly callActivity?: CallActivityDefinition;
  /** Business rule task with `camunda:decisionRef`. */
  readonly decision?: {
    ref: string;
    binding: string;
    version: string | null;
    versionTag: string | null;
    resultVariable: string | null;
    mapDecisionResult: string | null;
  };
  /** `camunda:executionListener` (start, end) and `camunda:taskListener` (create, complete) with `expression`. */
  readonly listeners?: readonly { event: string; expression: string; task: boolean }[];
  /** External tasks: `camunda:errorEventDefinition` — on complete, a true expression throws the error. */
  readonly errorEventDefinitions?: readonly { errorCode: string; expression: string }[];
  /** Multi-instance loop characteristics: the activity runs once per element or count. */
  readonly multiInstance?: MultiInstanceDefinition;
  /** Event subprocess start events: whether triggering it cancels the rest of its scope. */
  readonly interrupting?: boolean;
  /** Embedded subprocess: its none start event; event subprocess: its start event. */
  readonly subProcess?: { readonly initialId: string };
}

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

export function nodeOf(model: ProcessModel, id: string): FlowNode {
  const node = model.nodes.get(id);
  if (!node) throw new Error(`Process '${model.key}' has no activity '${id}'`);
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
