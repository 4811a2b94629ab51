import { eventSubProcessFlowId, type NodeKind, type ProcessGraph } from './process-graph.js';

/**
 * A left-to-right layered layout of our own (bpmn-auto-layout is not a dependency): columns by the
 * longest path from the start ignoring loop-back flows, rows by first come in each column, boundary
 * events on the bottom edge of their host with their path one row below. Integers only, so the
 * diagram is byte-for-byte reproducible.
 */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}
export interface Layout {
  shapes: Map<string, Bounds>;
  edges: Map<string, Point[]>;
}

const COLUMN_WIDTH = 160;
const ROW_HEIGHT = 140;
const ORIGIN = { x: 160, y: 120 };

function sizeOf(kind: NodeKind): { width: number; height: number } {
  if (kind.endsWith('Event')) return { width: 36, height: 36 };
  if (kind === 'exclusiveGateway') return { width: 50, height: 50 };
  return { width: 100, height: 80 };
}

export function layoutGraph(graph: ProcessGraph): Layout {
  const boundaryHost = new Map(graph.nodes.filter((n) => n.attachedTo).map((n) => [n.id, n.attachedTo!]));
  // A boundary event's flows leave from its host for layering.
  const from = (id: string) => boundaryHost.get(id) ?? id;
  const placed = graph.nodes.filter((n) => !n.attachedTo);

  // Loop-back flows: a DFS from the start marks flows into a node still on the stack.
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const outOf = (id: string) => graph.flows.filter((f) => from(f.source) === id);
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const f of outOf(id)) {
      const s = state.get(f.target);
      if (s === 'open') back.add(f.id);
      else if (!s) visit(f.target);
    }
    state.set(id, 'done');
  };
  for (const n of placed) if (!state.has(n.id)) visit(n.id);

  // Columns: longest path over forward flows (Bellman-style relaxation; the graph is a DAG now).
  const column = new Map(placed.map((n) => [n.id, 0]));
  for (let pass = 0; pass < placed.length; pass++) {
    let changed = false;
    for (const f of graph.flows) {
      if (back.has(f.id)) continue;
      const c = column.get(from(f.source))! + 1;
      if (c > column.get(f.target)!) {
        column.set(f.target, c);
        changed = true;
      }
    }
    if (!changed) break;
  }

  // Rows: the main line first, then side branches (in document order each), as close to the
  // predecessor's row (plus the node's branch offset) as the column allows; the path of a
  // boundary event starts one row below its host.
  const row = new Map<string, number>();
  const taken = new Set<string>();
  const ordered = [
    ...placed.filter((n) => n.branch === undefined),
    ...placed.filter((n) => n.branch !== undefined),
  ];
  for (const n of ordered) {
    const incoming = graph.flows.filter((f) => f.target === n.id && !back.has(f.id));
    let wanted = 0;
    if (incoming.length === 1) {
      const f = incoming[0]!;
      const host = boundaryHost.get(f.source);
      wanted = host !== undefined ? (row.get(host) ?? 0) + 1 : (row.get(f.source) ?? 0);
    }
    wanted += n.branch ?? 0;
    const step = n.branch !== undefined && n.branch < 0 ? -1 : 1;
    let r = wanted;
    while (taken.has(`${column.get(n.id)}:${r}`)) r += step;
    taken.add(`${column.get(n.id)}:${r}`);
    row.set(n.id, r);
  }
  const minRow = Math.min(0, ...row.values());

  const shapes = new Map<string, Bounds>();
  for (const n of placed) {
    const { width, height } = sizeOf(n.kind);
    const cx = ORIGIN.x + column.get(n.id)! * COLUMN_WIDTH + 50;
    const cy = ORIGIN.y + (row.get(n.id)! - minRow) * ROW_HEIGHT + 40;
    shapes.set(n.id, { x: cx - width / 2, y: cy - height / 2, width, height });
  }
  const boundaryCount = new Map<string, number>();
  for (const n of graph.nodes.filter((x) => x.attachedTo)) {
    const host = shapes.get(n.attachedTo!)!;
    const i = boundaryCount.get(n.attachedTo!) ?? 0;
    boundaryCount.set(n.attachedTo!, i + 1);
    shapes.set(n.id, { x: host.x + 14 + i * 40, y: host.y + host.height - 18, width: 36, height: 36 });
  }

  // Event subprocesses: side by side under everything else.
  const bottom = Math.max(...[...shapes.values()].map((b) => b.y + b.height)) + 60;
  const edges = new Map<string, Point[]>();
  graph.eventSubProcesses.forEach((sp, i) => {
    const box = { x: ORIGIN.x + i * 360, y: bottom, width: 320, height: 140 };
    shapes.set(sp.id, box);
    shapes.set(sp.start.id, { x: box.x + 50, y: box.y + 52, width: 36, height: 36 });
    shapes.set(sp.end.id, { x: box.x + 234, y: box.y + 52, width: 36, height: 36 });
    edges.set(eventSubProcessFlowId(sp), [
      { x: box.x + 86, y: box.y + 70 },
      { x: box.x + 234, y: box.y + 70 },
    ]);
  });

  for (const f of graph.flows) {
    const s = shapes.get(f.source)!;
    const t = shapes.get(f.target)!;
    const sMid = { x: s.x + s.width / 2, y: s.y + s.height / 2 };
    const tMid = { x: t.x + t.width / 2, y: t.y + t.height / 2 };
    let points: Point[];
    if (boundaryHost.has(f.source)) {
      points = [
        { x: sMid.x, y: s.y + s.height },
        { x: sMid.x, y: tMid.y },
        { x: t.x, y: tMid.y },
      ];
    } else if (back.has(f.id)) {
      // Loop back: leave upwards, run above both, come down into the target.
      const above = Math.min(s.y, t.y) - 30;
      points = [
        { x: sMid.x, y: s.y },
        { x: sMid.x, y: above },
        { x: tMid.x, y: above },
        { x: tMid.x, y: t.y },
      ];
    } else if (sMid.y === tMid.y) {
      points = [
        { x: s.x + s.width, y: sMid.y },
        { x: t.x, y: tMid.y },
      ];
    } else {
      points = [
        { x: sMid.x, y: tMid.y > sMid.y ? s.y + s.height : s.y },
        { x: sMid.x, y: tMid.y },
        { x: t.x, y: tMid.y },
      ];
    }
    edges.set(
      f.id,
      points.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })),
    );
  }
  return { shapes, edges };
}
