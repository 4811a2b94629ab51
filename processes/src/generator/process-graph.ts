/**
 * The generator's intermediate model of one BPMN process: nodes and flows in the order they are
 * added (the order of the XML), so the same description always gives the same bytes.
 */
export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'userTask'
  | 'serviceTask'
  | 'receiveTask'
  | 'businessRuleTask'
  | 'exclusiveGateway'
  | 'intermediateCatchEvent'
  | 'boundaryEvent';

export interface ProcessNode {
  id: string;
  kind: NodeKind;
  name: string;
  /** Attributes of the element (camunda:… and others), written in insertion order. */
  attrs: Record<string, string>;
  /** Inner XML after incoming/outgoing (event definitions). */
  inner?: string;
  /** Extension elements (camunda:executionListener …), written first inside the element. */
  extensions?: string;
  /** For boundary events: the host activity. */
  attachedTo?: string;
  /** For boundary events: false = non-interrupting. */
  cancelActivity?: boolean;
  /**
   * Layout hint for a side branch: rows above (negative) or below (positive) its predecessor.
   * Nodes without it form the main line and are placed first.
   */
  branch?: number;
}

export interface ProcessFlow {
  id: string;
  source: string;
  target: string;
  name?: string;
  /** A `${…}` condition. */
  condition?: string;
}

export interface BpmnMessage {
  id: string;
  name: string;
}

export interface BpmnError {
  id: string;
  name: string;
  errorCode: string;
}

/**
 * An interrupting message event subprocess: start on a message → one end event. Enough for the
 * applicant's withdrawal, which may come at any time and cancels everything else.
 */
export interface MessageEventSubProcess {
  id: string;
  name: string;
  message: BpmnMessage;
  start: { id: string; name: string };
  end: { id: string; name: string };
}

export class ProcessGraph {
  readonly eventSubProcesses: MessageEventSubProcess[] = [];
  readonly nodes: ProcessNode[] = [];
  readonly flows: ProcessFlow[] = [];
  readonly messages: BpmnMessage[] = [];
  readonly errors: BpmnError[] = [];
  /** Default flows of gateways: gateway id → flow id. */
  readonly defaults = new Map<string, string>();

  add(node: ProcessNode): string {
    if (this.nodes.some((n) => n.id === node.id)) throw new Error(`duplicate element id ${node.id}`);
    this.nodes.push(node);
    return node.id;
  }

  /** A sequence flow `Flow_<From>To<To>` unless an id is given. */
  connect(
    source: string,
    target: string,
    opts: { name?: string; condition?: string; id?: string; isDefault?: boolean } = {},
  ): string {
    const id = opts.id ?? `Flow_${shortName(source)}To${shortName(target)}`;
    if (this.flows.some((f) => f.id === id)) throw new Error(`duplicate flow id ${id}`);
    this.flows.push({ id, source, target, name: opts.name, condition: opts.condition });
    if (opts.isDefault) this.defaults.set(source, id);
    return id;
  }

  node(id: string): ProcessNode {
    const n = this.nodes.find((x) => x.id === id);
    if (!n) throw new Error(`no element ${id}`);
    return n;
  }
}

/** `UserTask_CheckCompleteness` → `CheckCompleteness`. */
export function shortName(id: string): string {
  return id.slice(id.indexOf('_') + 1);
}

/** `expert-council` → `ExpertCouncil`. */
export function pascalCase(kebab: string): string {
  return kebab
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** The one sequence flow inside a message event subprocess. */
export function eventSubProcessFlowId(sp: MessageEventSubProcess): string {
  return `Flow_${shortName(sp.start.id)}To${shortName(sp.end.id)}`;
}
