import { slugifyVi } from '../csv/slug.js';
import type { ProcedureDescription } from '../procedure-description.js';
import type { ImportResult } from './import-procedures.js';
import { latestLegalYear } from './read-fact-text.js';
import { mergeDescription, type FactChange } from './merge-description.js';

/**
 * What an import does to the catalogue, worked out before anything is written: new procedures,
 * procedures whose facts a row adds to or corrects (with every change), rows that match nothing.
 * The script writes `files`; tests check the plan.
 */
export interface ImportPlan {
  /** Catalogue files to write (new or merged), by id. */
  files: Map<string, ProcedureDescription>;
  added: string[];
  /** A procedure already imported from the same page (same name and source): left as it is. */
  unchanged: string[];
  /** Per catalogue id, the facts a row added, replaced or recorded as older. */
  changed: Array<{ id: string; row: number; changes: FactChange[] }>;
  /** Rows that name a catalogue procedure that does not exist. */
  unmatched: Array<{ row: number; reason: string }>;
}

export interface PlanOptions {
  /**
   * Officers' corrections: every row corrects the catalogue procedure with its code (or, without
   * one, its exact name) and wins over the catalogue; rows that match none are reported, not added.
   */
  corrections?: boolean;
}

const sameName = (a: string, b: string) =>
  a.normalize('NFC').trim().toLocaleLowerCase('vi') === b.normalize('NFC').trim().toLocaleLowerCase('vi');

/** The incoming version is newer: it says so, or its legal basis names a later year than the catalogue's. */
function incomingIsNewer(existing: ProcedureDescription, incoming: ProcedureDescription, saysNewer: boolean) {
  if (incoming.status?.kind === 'superseded') return false;
  if (saysNewer) return true;
  const mine = latestLegalYear(existing.legalBasis) ?? -Infinity;
  const theirs = latestLegalYear(incoming.legalBasis) ?? -Infinity;
  return theirs > mine;
}

export function planImport(
  result: ImportResult,
  catalogue: ProcedureDescription[],
  options: PlanOptions = {},
): ImportPlan {
  const byId = new Map(catalogue.map((d) => [d.id, d]));
  const plan: ImportPlan = { files: new Map(), added: [], unchanged: [], changed: [], unmatched: [] };
  const current = (id: string) => plan.files.get(id) ?? byId.get(id)!;
  const find = (d: ProcedureDescription, name: string) =>
    [...byId.values()].find((x) => d.code !== null && x.code === d.code) ??
    [...byId.values()].find((x) => sameName(x.name.vi, name));
  const merge = (
    target: ProcedureDescription,
    incoming: ProcedureDescription,
    row: number,
    newer: boolean,
    noteVi: string,
  ) => {
    const merged = mergeDescription(current(target.id), incoming, { incomingIsNewer: newer, noteVi });
    if (JSON.stringify(merged.description) !== JSON.stringify(current(target.id)))
      plan.files.set(target.id, merged.description);
    if (merged.changes.length) plan.changed.push({ id: target.id, row, changes: merged.changes });
  };

  if (options.corrections) {
    result.descriptions.forEach((d, i) => {
      const row = Number(/dòng (\d+)/.exec(d.sources[0]!.what)?.[1] ?? i + 1);
      const target = find(d, d.name.vi);
      if (!target) {
        plan.unmatched.push({
          row,
          reason: `Không có thủ tục mã ${d.code ?? '(không mã)'} hay tên "${d.name.vi}" trong danh mục.`,
        });
        return;
      }
      merge(target, d, row, true, `Sửa theo bảng của cán bộ (${d.sources[0]!.what})`);
    });
    return plan;
  }

  for (const d of result.descriptions) {
    let id = d.id;
    const existing = byId.get(id);
    if (existing && sameName(existing.name.vi, d.name.vi) && existing.sources[0]?.url === d.sources[0]?.url) {
      plan.unchanged.push(id);
      continue;
    }
    // Another procedure holds the id (same name at another unit): the unit tells them apart.
    if (existing || plan.files.has(id)) id = `${id}-${slugifyVi(d.unit.nameVi ?? 'chua-ro-co-quan', 40)}`;
    const again = byId.get(id);
    if (again && sameName(again.name.vi, d.name.vi)) {
      plan.unchanged.push(id);
      continue;
    }
    plan.files.set(id, { ...d, id });
    plan.added.push(id);
  }
  for (const e of result.enrichments) {
    const target = find({ ...e.description, code: null }, e.targetNameVi);
    if (!target) {
      plan.unmatched.push({ row: e.row, reason: `Không có thủ tục "${e.targetNameVi}" trong danh mục.` });
      continue;
    }
    const newer = incomingIsNewer(current(target.id), e.description, e.saysNewer);
    merge(
      target,
      e.description,
      e.row,
      newer,
      `Thay bằng phiên bản có căn cứ mới hơn (${e.description.sources[0]!.what})`,
    );
  }
  return plan;
}
