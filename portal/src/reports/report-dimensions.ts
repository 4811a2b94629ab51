import type { Catalogue } from '../catalogue/catalogue.js';

/** Decree 42/2022 online level of a procedure; null when the catalogue does not know it. */
export type OnlineLevel = 'toan-trinh' | 'mot-phan' | null;

/** What a report groups a procedure's dossiers by: the procedure itself, its unit, its field. */
export interface ProcedureDimension {
  key: string;
  /** National code (mã TTHC). */
  code: string;
  nameVi: string;
  /** The competent unit's code (the unit part of the dossier code, `CatalogueEntry.unitCode`). */
  unitCode: string;
  unitVi: string;
  fieldVi: string;
  onlineLevel: OnlineLevel;
}

export interface ReportDimensions {
  procedures: ProcedureDimension[];
  byKey: Map<string, ProcedureDimension>;
  /** unit code → its name(s) (several agencies share a placeholder code in the catalogue). */
  units: Map<string, string>;
  fields: string[];
}

/** The report dimensions of the procedures this portal serves. */
export function reportDimensions(catalogue: Catalogue): ReportDimensions {
  const procedures = catalogue.entries.map((e): ProcedureDimension => ({
    key: e.key,
    code: e.code,
    nameVi: e.nameVi,
    unitCode: e.unitCode,
    unitVi: e.agencyVi,
    fieldVi: e.metadata.field.vi,
    onlineLevel: e.metadata.onlineLevel.kind,
  }));
  const unitNames = new Map<string, Set<string>>();
  for (const p of procedures)
    unitNames.set(p.unitCode, (unitNames.get(p.unitCode) ?? new Set()).add(p.unitVi));
  const units = new Map(
    [...unitNames].map(([code, names]) => [
      code,
      names.size === 1 ? [...names][0]! : `${code} (${names.size} cơ quan dùng chung mã đơn vị)`,
    ]),
  );
  return {
    procedures,
    byKey: new Map(procedures.map((p) => [p.key, p])),
    units,
    fields: [...new Set(procedures.map((p) => p.fieldVi))].sort((a, b) => a.localeCompare(b, 'vi')),
  };
}

/** The dimensions with the unit table's names where a procedure's unit code is a unit there. */
export function withUnitNames(
  dims: ReportDimensions,
  units: readonly { code: string; nameVi: string }[],
): ReportDimensions {
  const names = new Map(units.map((u) => [u.code, u.nameVi]));
  return { ...dims, units: new Map([...dims.units].map(([code, name]) => [code, names.get(code) ?? name])) };
}

/** Channel labels (KenhThucHien). */
export const CHANNEL_LABELS_VI: Record<number, string> = {
  1: 'Trực tiếp',
  2: 'Trực tuyến',
  3: 'Bưu chính công ích',
};
