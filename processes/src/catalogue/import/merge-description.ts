import { PROCEDURE_FACTS, type ProcedureDescription, type ProcedureFact } from '../procedure-description.js';
import { parseProcedureDescription } from '../load-descriptions.js';

/**
 * Merges what a second source (a row that adds facts to a catalogue procedure, or an officer's
 * correction) says into a catalogue description, fact by fact, and says what changed:
 * - a fact the catalogue does not know is added, with the new source;
 * - a fact both state differently: the newer version wins (`incomingIsNewer`: the newer legal
 *   basis, or an officer's correction) and the other value is recorded in `history` with its
 *   sources, never lost and never shown as current;
 * - the procedure's identity (name, field, unit) is never changed by a merge.
 */

/** The facts a merge may set; name, field and unit identify the procedure and stay. */
const MERGED_FACTS: readonly ProcedureFact[] = PROCEDURE_FACTS.filter(
  (f) => f !== 'name' && f !== 'field' && f !== 'unit',
);

export interface FactChange {
  fact: ProcedureFact;
  /** `added`: was unknown; `replaced`: the newer value wins, the old one is in history; `older-recorded`: the incoming older value is in history. */
  kind: 'added' | 'replaced' | 'older-recorded';
  before: unknown;
  after: unknown;
}

export interface MergeOptions {
  incomingIsNewer: boolean;
  /** Why the losing version was replaced, for `history` (e.g. "Phiên bản theo QĐ 1670/QĐ-UBND thay thế"). */
  noteVi: string;
}

const valueOf = (d: ProcedureDescription, fact: ProcedureFact): unknown =>
  d[fact as keyof ProcedureDescription];
const isKnown = (d: ProcedureDescription, fact: ProcedureFact) =>
  !d.unknown.some((u) => u.fact === fact) && d.sources.some((s) => s.facts.includes(fact));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Two processing times are the same when their parts are (the words around them may differ). */
const essence = (fact: ProcedureFact, v: unknown): unknown =>
  fact === 'processingTime' && v
    ? (v as ProcedureDescription['processingTime'])!.parts.map((p) => [p.step, p.amount, p.unit])
    : v;

export function mergeDescription(
  existing: ProcedureDescription,
  incoming: ProcedureDescription,
  options: MergeOptions,
): { description: ProcedureDescription; changes: FactChange[] } {
  const d = structuredClone(existing);
  const changes: FactChange[] = [];
  const replacedOld: Partial<Record<ProcedureFact, unknown>> = {};
  const replacedSources = new Map<string, string>();
  const olderIncoming: Partial<Record<ProcedureFact, unknown>> = {};
  const taken: ProcedureFact[] = [];

  for (const fact of MERGED_FACTS) {
    if (!isKnown(incoming, fact)) continue;
    const next = valueOf(incoming, fact);
    const before = isKnown(d, fact) ? valueOf(d, fact) : null;
    if (fact === 'localCodes') {
      const union = [...d.localCodes];
      for (const c of incoming.localCodes) if (!union.some((u) => u.code === c.code)) union.push(c);
      if (union.length === d.localCodes.length) continue;
      changes.push({ fact, kind: 'added', before: d.localCodes, after: union });
      d.localCodes = union;
      taken.push(fact);
      continue;
    }
    if (before !== null && same(essence(fact, before), essence(fact, next))) continue;
    // An older version's legal basis is never shown as the current one: history only.
    const olderBasis = fact === 'legalBasis' && incoming.status?.kind === 'superseded';
    if (!olderBasis && (before === null || options.incomingIsNewer)) {
      if (before !== null) {
        replacedOld[fact] = before;
        for (const s of d.sources) if (s.facts.includes(fact)) replacedSources.set(s.url, s.what);
        d.sources = d.sources
          .map((s) => ({ ...s, facts: s.facts.filter((f) => f !== fact) }))
          .filter((s) => s.facts.length > 0);
      }
      (d as Record<string, unknown>)[fact] = structuredClone(next);
      d.unknown = d.unknown.filter((u) => u.fact !== fact);
      changes.push({ fact, kind: before === null ? 'added' : 'replaced', before, after: next });
      taken.push(fact);
    } else {
      olderIncoming[fact] = next;
      changes.push({ fact, kind: 'older-recorded', before, after: before });
    }
  }

  if (taken.length)
    for (const s of incoming.sources) {
      const facts = s.facts.filter((f) => taken.includes(f));
      const mine = d.sources.find((x) => x.url === s.url && x.what === s.what);
      if (mine) mine.facts = [...new Set([...mine.facts, ...facts])];
      else if (facts.length) d.sources.push({ url: s.url, what: s.what, facts });
    }
  const history = [...(d.history ?? [])];
  // The same older values from the same pages are recorded once, however often the file is imported.
  const key = (h: NonNullable<ProcedureDescription['history']>[number]) =>
    JSON.stringify([h.facts, h.sources.map((s) => s.url)]);
  const record = (entry: NonNullable<ProcedureDescription['history']>[number]) => {
    if (!history.some((h) => key(h) === key(entry))) history.push(entry);
  };
  if (Object.keys(replacedOld).length)
    record({
      noteVi: options.noteVi,
      sources: [...replacedSources].map(([url, what]) => ({ url, what })),
      facts: replacedOld,
    });
  if (Object.keys(olderIncoming).length)
    record({
      noteVi: `Phiên bản cũ hơn, không áp dụng: ${incoming.status?.noteVi ?? options.noteVi}`,
      sources: incoming.sources.map((s) => ({ url: s.url, what: s.what })),
      facts: olderIncoming,
    });
  if (history.length) d.history = history;
  for (const flag of incoming.flags)
    if (taken.some((f) => flag.startsWith(`${f}:`)) && !d.flags.includes(flag)) d.flags.push(flag);
  if (taken.length && incoming.status?.kind === 'superseded') {
    const flag = `${taken.join(', ')}: lấy từ một phiên bản cũ hơn (${incoming.status.noteVi ?? 'phiên bản cũ'}) vì danh mục chưa có; cần đối chiếu văn bản hiện hành.`;
    if (!d.flags.includes(flag)) d.flags.push(flag);
  }
  return { description: parseProcedureDescription(d, `${d.id}.json`), changes };
}

/** "2 tháng" / "chưa rõ" / JSON, for the change report. */
export function describeFactValue(value: unknown): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return 'chưa rõ';
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('asStated' in v) return String(v.asStated);
  if (v.kind === 'none') return 'không thu';
  if (v.kind === 'fixed') return `${String(v.amountVnd)} đồng`;
  if (v.kind === 'tiered')
    return (v.tiers as { amountVnd: number }[]).map((t) => `${t.amountVnd}`).join(' | ') + ' đồng';
  if (Array.isArray(value))
    return value
      .map((x: unknown) =>
        typeof x === 'string'
          ? x
          : ((x as { code?: string; nameVi?: string }).code ??
            (x as { nameVi?: string }).nameVi ??
            JSON.stringify(x)),
      )
      .join('; ');
  return JSON.stringify(value);
}
