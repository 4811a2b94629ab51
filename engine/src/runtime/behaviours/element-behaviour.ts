import type {
  EngineEventSubscription,
  EngineExecution,
  EngineHistoricActivityInstance,
  EngineJob,
} from '@motcua/db/engine';
import type { FlowNode, NodeKind, NodeOfKind, ProcessModel } from '../../bpmn/model.js';
import type { StoredValue } from '../../variables/typed-value.js';
import type { CommandContext } from '../command-context.js';

/**
 * The behaviour of one element kind (Camunda's `ActivityBehavior`): what it does when a token
 * enters it and, for elements that wait for an event, what happens when that event comes. Every
 * kind has an entry in `behaviour-table.ts`; the token runtime (`token-flow.ts`) knows no kind.
 * Leaving an element is the same for all (`leave` in `token-flow.ts`: outputs, end listeners,
 * asyncAfter, outgoing flows); a behaviour calls it when it is done. `N` is the element's variant
 * of `FlowNode`, so a behaviour reads its kind's fields without assertions.
 */
export interface ElementBehaviour<N extends FlowNode = FlowNode> {
  /** A token entered the element and its activity instance started: do the work, then wait or leave. */
  execute(activation: Activation<N>): Promise<void>;
  /** The event the element waits for happened (a message, a signal, a condition, a timer). */
  trigger?(event: ElementEvent<N>): Promise<void>;
}

/** One behaviour per element kind, each seeing its own kind's variant. */
export type BehaviourTable = { readonly [K in NodeKind]: ElementBehaviour<NodeOfKind<K>> };

/** An element a token has just entered. */
export interface Activation<N extends FlowNode = FlowNode> {
  readonly ctx: CommandContext;
  readonly model: ProcessModel;
  /** The execution that runs the element (its own scope execution when it has one). */
  readonly exec: EngineExecution;
  readonly node: N;
  /** Its started activity instance (not stored until `record`). */
  readonly actInst: EngineHistoricActivityInstance;
  /** Stores the activity instance: inserted, or updated when the execution above already recorded it. */
  record(): Promise<void>;
  /** Arms the element's boundary events (nothing when the execution above carries them). */
  armBoundaryEvents(): Promise<void>;
}

/** An event the element waits for happened. */
export interface ElementEvent<N extends FlowNode = FlowNode> {
  readonly ctx: CommandContext;
  readonly model: ProcessModel;
  /** The waiting execution (for an event subprocess start: its scope). */
  readonly exec: EngineExecution;
  readonly node: N;
  /** The subscription that matched (a message, signal or condition); kept or removed by the behaviour. */
  readonly subscription?: EngineEventSubscription;
  /** The timer job that fired (already removed; a cycle re-arms from it). */
  readonly job?: EngineJob;
  readonly variables: ReadonlyMap<string, StoredValue>;
}
