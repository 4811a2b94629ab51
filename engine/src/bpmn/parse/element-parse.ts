import type { CallMapping, FlowNode, FormReference, IoMapping, NodeKind, SequenceFlow } from '../model.js';
import type { El } from './moddle-elements.js';

/**
 * What the parser of one element family gets: the element, what every element has (its flows,
 * extensions, multi-instance), `add` to put its node into the model, and the process being read
 * (where start events, boundary events and event subprocess starts are also listed).
 */
export interface ElementParse {
  readonly el: El;
  readonly id: string;
  /** The embedded subprocess the element sits in; null at process level. */
  readonly scopeId: string | null;
  readonly eventDefinitions: El[];
  /** The fields every node has (flows, async, listeners, input/output). */
  readonly base: {
    readonly outgoing: readonly string[];
    readonly defaultFlow: string | null;
    readonly io: IoMapping | null;
  };
  /** `camunda:properties` (external tasks' extension properties). */
  readonly properties: Record<string, string>;
  /** A call activity's `camunda:in` / `camunda:out`. */
  readonly callIns: CallMapping[];
  readonly callOuts: CallMapping[];
  /** Adds the element's node with its kind, history activity type and its kind's fields. */
  add(kind: NodeKind, activityType: string, extra?: Partial<FlowNode>): void;
  /** A message throw or end event with `camunda:type="external"` becomes an external task: true if it did. */
  messageAsExternalTask(def: El | undefined, activityType: string): boolean;
  /** Refuses the element (the deployment fails with every problem found). */
  problem(message: string, el?: El): void;
  /** Refuses an expression that does not compile. */
  checkExpression(text: string | null, el: El, what: string): void;
  readonly process: ProcessParseState;
}

/** What the parse of one process collects besides its nodes. */
export interface ProcessParseState {
  readonly flows: ReadonlyMap<string, SequenceFlow>;
  /** Boundary event ids per activity they are attached to. */
  readonly boundaryEvents: Map<string, string[]>;
  /** None start events of the process. */
  readonly starts: string[];
  readonly timerStarts: string[];
  /** Message and signal start events. */
  readonly messageStarts: string[];
  readonly conditionalStarts: string[];
  /** The process's start form. */
  startForm: FormReference | null;
  /** Event subprocess start ids per enclosing scope ('' = the process). */
  readonly eventSubStarts: Map<string, string[]>;
  /** Start events per subprocess. */
  readonly subprocessStarts: Map<string, string[]>;
  readonly eventSubIds: ReadonlySet<string>;
  readonly elements: readonly El[];
  /** Each element's enclosing subprocess. */
  readonly scopeOf: ReadonlyMap<El, string | null>;
  /** Compensation boundary event → handler. */
  readonly associations: ReadonlyMap<string, string>;
}
