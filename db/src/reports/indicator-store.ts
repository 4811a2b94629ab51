import type { DataSource } from 'typeorm';
import { ensureStoredMonths, latestStorableMonths } from './month-summary.js';
import { ensureWorkingDayIndex } from './working-day-index.js';
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

  /**
   * Sums and stores the `count` latest closed months that are not stored (month-summary.ts), so
   * the first report after a change does not wait for them. Returns the months it covered.
   */
  async storeRecentMonths(count: number, now: Date = new Date()): Promise<string[]> {
    await ensureWorkingDayIndex(this.ds, now);
    const months = latestStorableMonths(count, now);
    await ensureStoredMonths(this.ds, months, now);
    return months;
  }
}
