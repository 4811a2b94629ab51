import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { diff as bpmnDiff } from 'bpmn-js-differ';
import { guardXml, MAX_BPMN_BYTES, StudioInputError } from './file-limits.js';

/**
 * The difference between two versions of a process (bpmn-js-differ on two bpmn-moddle trees read
 * with the Camunda descriptor, so `camunda:` attributes count). Two known faults of the differ are
 * corrected here: it reports changed values with old and new swapped, so both values are read
 * from the two models themselves; and it misses a timer's changed date/duration/cycle, which is
 * compared separately.
 */
export interface ChangedElement {
  id: string;
  type: string;
  name: string | null;
  changes: Array<{ property: string; oldValue: string; newValue: string }>;
}

export interface VersionDiff {
  added: Array<{ id: string; type: string; name: string | null }>;
  removed: Array<{ id: string; type: string; name: string | null }>;
  changed: ChangedElement[];
  layoutChanged: string[];
}

interface Node {
  $type: string;
  id?: string;
  name?: string;
  get(name: string): unknown;
}

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;
interface Differences {
  _added: Record<string, Node>;
  _removed: Record<string, Node>;
  _changed: Record<string, { model: Node; attrs: Record<string, unknown> }>;
  _layoutChanged: Record<string, Node>;
}
const diff = bpmnDiff as unknown as (a: Node, b: Node) => Differences;

async function read(xml: string): Promise<Node> {
  guardXml(xml, 'BPMN', MAX_BPMN_BYTES);
  try {
    return (await new BpmnModdle({ camunda }).fromXML(xml)).rootElement as Node;
  } catch (err) {
    throw new StudioInputError(`Tệp BPMN không đọc được: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Every element with an id, by id (flow elements, sub-process contents, event definitions…). */
function index(root: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  const seen = new Set<unknown>();
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) return value.forEach(walk);
    const node = value as Node & Record<string, unknown>;
    if (typeof node.$type !== 'string') return;
    if (node.id && !node.$type.startsWith('bpmndi:') && !node.$type.startsWith('dc:')) out.set(node.id, node);
    for (const [k, v] of Object.entries(node)) if (!k.startsWith('$') && k !== 'di') walk(v);
  };
  walk(root);
  return out;
}

const text = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') {
    const body = (v as { body?: unknown }).body;
    if (body !== undefined) return String(body);
    const id = (v as { id?: unknown }).id;
    if (id !== undefined) return String(id);
    return '…';
  }
  return String(v);
};

const TIMER_PARTS = ['timeDate', 'timeDuration', 'timeCycle'] as const;

export async function diffVersions(oldXml: string, newXml: string): Promise<VersionDiff> {
  const [oldRoot, newRoot] = await Promise.all([read(oldXml), read(newXml)]);
  const result = diff(oldRoot, newRoot);
  const before = index(oldRoot);
  const after = index(newRoot);
  const summary = (n: Node) => ({ id: n.id!, type: n.$type, name: n.name ?? null });
  const changed = new Map<string, ChangedElement>();
  const change = (id: string, property: string, oldValue: string, newValue: string) => {
    if (oldValue === newValue) return;
    const node = after.get(id) ?? before.get(id)!;
    const entry = changed.get(id) ?? { ...summary(node), changes: [] };
    if (!entry.changes.some((c) => c.property === property))
      entry.changes.push({ property, oldValue, newValue });
    changed.set(id, entry);
  };
  for (const [id, c] of Object.entries(result._changed)) {
    const o = before.get(id);
    const n = after.get(id);
    const props = Object.keys(c.attrs);
    if (!props.length && o && n) change(id, '(thuộc tính lồng, ví dụ đầu vào/đầu ra)', '…', '…');
    for (const p of props) change(id, p, text(o?.get(p)), text(n?.get(p)));
  }
  // Timers: bpmn-js-differ misses a changed date, duration or cycle (bpmn-js-differ#15).
  for (const [id, n] of after) {
    const o = before.get(id);
    if (!o || n.$type !== 'bpmn:TimerEventDefinition') continue;
    const owner = [...after.values()].find((e) =>
      ((e.get('eventDefinitions') as Node[] | undefined) ?? []).some((d) => d === n),
    );
    for (const part of TIMER_PARTS) change(owner?.id ?? id, part, text(o.get(part)), text(n.get(part)));
  }
  return {
    added: Object.values(result._added)
      .filter((n) => n.id)
      .map(summary),
    removed: Object.values(result._removed)
      .filter((n) => n.id)
      .map(summary),
    changed: [...changed.values()],
    layoutChanged: Object.keys(result._layoutChanged).filter((id) => !changed.has(id)),
  };
}
