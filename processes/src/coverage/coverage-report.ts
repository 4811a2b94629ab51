import { loadProcedureDescriptions, type ProcedureDescriptionEntry } from '../catalogue/load-descriptions.js';
import { loadPublishedCatalogue } from '../catalogue/published-catalogue.js';
import { cleanFact } from '../catalogue/placeholder-filter.js';
import { PROCEDURE_FACTS, type ProcedureFact } from '../catalogue/procedure-description.js';
import { generateCatalogue } from '../generator/generate-catalogue.js';

/**
 * How far the catalogue is from "every procedure published": per field and per agency, how many
 * procedures are catalogued, generated and published, and for each one not published, the facts
 * still unknown and the reasons it cannot be published — what a ministry officer fills in next.
 */

export type VersionStatus = 'current' | 'superseded' | 'to-verify';

export interface ProcedureCoverage {
  id: string;
  code: string | null;
  nameVi: string;
  fieldVi: string;
  agencyVi: string;
  status: VersionStatus;
  generated: boolean;
  published: boolean;
  /** Facts listed as unknown, with the catalogue's note. */
  missing: Array<{ fact: ProcedureFact; noteVi: string }>;
  /** Why it is not published (empty when it is). */
  blockers: string[];
}

export interface CoverageCounts {
  catalogued: number;
  /** Current versions (neither superseded nor to verify). */
  current: number;
  superseded: number;
  toVerify: number;
  generated: number;
  published: number;
  /** Current versions not published, per unknown fact. */
  missingByFact: Partial<Record<ProcedureFact, number>>;
}

export interface CoverageGroup extends CoverageCounts {
  nameVi: string;
}

export interface CoverageReport {
  totals: CoverageCounts;
  byField: CoverageGroup[];
  byAgency: CoverageGroup[];
  procedures: ProcedureCoverage[];
}

/** What blocks publishing, in Vietnamese, from the generator's flags and the version status. */
function blockers(e: ProcedureDescriptionEntry, generated: boolean, published: boolean): string[] {
  if (published) return [];
  const d = e.description;
  const out: string[] = [];
  const status = d.status?.kind ?? 'current';
  if (status === 'superseded') out.push('Phiên bản cũ, giữ để tra cứu lịch sử.');
  if (status === 'to-verify') out.push(`Cần xác minh còn hiệu lực: ${d.status?.noteVi ?? ''}`.trim());
  if (d.unit.nameVi === null) out.push('Chưa rõ cơ quan thực hiện.');
  if (!e.generation.legalClock)
    out.push(
      d.processingTime
        ? `Thời hạn "${d.processingTime.asStated}" chưa tính được hạn xử lý (ngày làm việc hay ngày lịch chưa rõ, hoặc không có phần giải quyết).`
        : 'Chưa rõ thời hạn giải quyết.',
    );
  if (!generated && status !== 'superseded') out.push('Chưa sinh được quy trình.');
  return out;
}

/** "Sở Khoa học và Công nghệ (Yên Bái/Lào Cai; …)" → "Sở Khoa học và Công nghệ"; unknown → "Chưa rõ cơ quan". */
export function agencyGroupVi(unitNameVi: string | null): string {
  const name = cleanFact(unitNameVi?.replace(/\([^()]*\)/g, '') ?? null);
  if (!name) return 'Chưa rõ cơ quan';
  if (/^Sở Khoa học và Công nghệ/u.test(name)) return 'Sở Khoa học và Công nghệ (cấp tỉnh)';
  return name;
}

export function fieldGroupVi(fieldVi: string): string {
  return cleanFact(fieldVi.replace(/\([^()]*\)/g, '')) ?? fieldVi;
}

function count(items: ProcedureCoverage[]): CoverageCounts {
  const missingByFact: Partial<Record<ProcedureFact, number>> = {};
  for (const p of items)
    if (p.status === 'current' && !p.published)
      for (const m of p.missing) missingByFact[m.fact] = (missingByFact[m.fact] ?? 0) + 1;
  return {
    catalogued: items.length,
    current: items.filter((p) => p.status === 'current').length,
    superseded: items.filter((p) => p.status === 'superseded').length,
    toVerify: items.filter((p) => p.status === 'to-verify').length,
    generated: items.filter((p) => p.generated).length,
    published: items.filter((p) => p.published).length,
    missingByFact: Object.fromEntries(
      PROCEDURE_FACTS.filter((f) => missingByFact[f]).map((f) => [f, missingByFact[f]]),
    ),
  };
}

function groups(items: ProcedureCoverage[], by: (p: ProcedureCoverage) => string): CoverageGroup[] {
  const map = new Map<string, ProcedureCoverage[]>();
  for (const p of items) map.set(by(p), [...(map.get(by(p)) ?? []), p]);
  return [...map]
    .map(([nameVi, list]) => ({ nameVi, ...count(list) }))
    .sort((a, b) => b.catalogued - a.catalogued || a.nameVi.localeCompare(b.nameVi, 'vi'));
}

/**
 * The report from the catalogue's descriptions, the ids the generator generates and the ids the
 * platform publishes (pure: the caller loads them, see `buildCoverageReport`).
 */
export function coverageReport(
  entries: ProcedureDescriptionEntry[],
  generatedIds: ReadonlySet<string>,
  publishedIds: ReadonlySet<string>,
): CoverageReport {
  const procedures = entries.map((e): ProcedureCoverage => {
    const d = e.description;
    const generated = generatedIds.has(d.id);
    const published = publishedIds.has(d.id);
    return {
      id: d.id,
      code: d.code,
      nameVi: d.name.vi,
      fieldVi: fieldGroupVi(d.field.vi),
      agencyVi: agencyGroupVi(d.unit.nameVi),
      status: d.status?.kind ?? 'current',
      generated,
      published,
      missing: d.unknown.map((u) => ({ fact: u.fact, noteVi: u.note })),
      blockers: blockers(e, generated, published),
    };
  });
  return {
    totals: count(procedures),
    byField: groups(procedures, (p) => p.fieldVi),
    byAgency: groups(procedures, (p) => p.agencyVi),
    procedures,
  };
}

/** The report of the checked-in catalogue: descriptions, generator, and what `npm start` publishes. */
export function buildCoverageReport(options: { catalogueDir?: string } = {}): CoverageReport {
  const entries = loadProcedureDescriptions(options.catalogueDir);
  const generated = new Set(generateCatalogue(options.catalogueDir).generated.map((g) => g.descriptionId));
  const published = new Set(
    loadPublishedCatalogue(options.catalogueDir ? { catalogueDir: options.catalogueDir } : {}).map(
      (e) => e.metadata.id,
    ),
  );
  return coverageReport(entries, generated, published);
}

/** Vietnamese names of the facts, for the report and the administrators' page. */
export const FACT_VI: Record<ProcedureFact, string> = {
  code: 'Mã TTHC',
  localCodes: 'Mã địa phương',
  name: 'Tên thủ tục',
  field: 'Lĩnh vực',
  unit: 'Cơ quan thực hiện',
  channels: 'Cách thức thực hiện',
  onlineLevel: 'Mức độ DVC trực tuyến',
  processingTime: 'Thời hạn giải quyết',
  fees: 'Phí, lệ phí',
  requiredDocuments: 'Thành phần hồ sơ',
  applicationForm: 'Tờ khai điện tử',
  steps: 'Trình tự thực hiện',
  result: 'Kết quả thực hiện',
  legalBasis: 'Căn cứ pháp lý',
};
