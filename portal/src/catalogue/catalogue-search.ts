import type { ProcedureFacts } from './procedure-facts.js';
import { foldVi, matchesFolded } from '@motcua/processes';

/** The public list's search box and filters (query string `q`, `linh-vuc`, `co-quan`). */
export interface CatalogueQuery {
  q: string;
  field: string;
  agency: string;
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function parseCatalogueQuery(query: Record<string, unknown>): CatalogueQuery {
  return { q: text(query.q, 200), field: text(query['linh-vuc'], 300), agency: text(query['co-quan'], 300) };
}

/**
 * The procedures matching every word of `q` (name, national code, field, agency — diacritics and
 * case ignored) and the chosen field and agency (compared folded, so a hand-typed URL works too).
 */
export function searchCatalogue(all: ProcedureFacts[], query: CatalogueQuery): ProcedureFacts[] {
  const field = foldVi(query.field);
  const agency = foldVi(query.agency);
  return all.filter(
    (p) =>
      (!field || foldVi(p.fieldVi ?? '') === field) &&
      (!agency || foldVi(p.agencyVi ?? '') === agency) &&
      matchesFolded([p.nameVi, p.nationalCode ?? '', p.fieldVi ?? '', p.agencyVi ?? ''].join(' '), query.q),
  );
}

/** The filters' choices: the known fields and agencies, sorted the Vietnamese way. */
export function catalogueFilterOptions(all: ProcedureFacts[]): { fields: string[]; agencies: string[] } {
  const sorted = (values: Array<string | null>) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))].sort((a, b) => a.localeCompare(b, 'vi'));
  return { fields: sorted(all.map((p) => p.fieldVi)), agencies: sorted(all.map((p) => p.agencyVi)) };
}
