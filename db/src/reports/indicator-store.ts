import type { DataSource } from 'typeorm';
import { computeIndicatorCells, type IndicatorCell, type IndicatorQuery } from './indicator-cells.js';
import {
  listIndicatorDossiers,
  type IndicatorDossier,
  type IndicatorDossierQuery,
} from './indicator-dossiers.js';

/** The reports' reads: indicator cells and the dossiers behind a figure (SQL aggregation only). */
export class IndicatorStore {
  constructor(private readonly ds: DataSource) {}

  cells(q: IndicatorQuery): Promise<IndicatorCell[]> {
    return computeIndicatorCells(this.ds, q);
  }

  dossiers(q: IndicatorDossierQuery): Promise<{ total: number; dossiers: IndicatorDossier[] }> {
    return listIndicatorDossiers(this.ds, q);
  }
}
