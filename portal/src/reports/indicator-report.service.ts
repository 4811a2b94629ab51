import type {
  IndicatorCell,
  IndicatorDossier,
  IndicatorStore,
  ReportPeriod,
  ReportScope,
} from '@motcua/db/portal';
import {
  computeIndicators,
  INDICATOR_BY_ID,
  type IndicatorId,
  type IndicatorValue,
} from './indicator-definitions.js';
import { CHANNEL_LABELS_VI, type ReportDimensions } from './report-dimensions.js';
import { monthLabelVi, monthPeriod, monthsEndingWith, vietnamMonth } from './report-period.js';

export const GROUP_BYS = ['unit', 'field', 'procedure', 'channel', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** A validated report request (report-filter.ts parses it from the query string). */
export interface ReportFilter {
  period: ReportPeriod;
  /** `Tháng 11/2026` or `01/11/2026 – 15/11/2026`. */
  periodLabelVi: string;
  /** The month the trend ends with. */
  trendEnd: string;
  unit?: string;
  field?: string;
  procedure?: string;
  channel?: number;
  groupBy: GroupBy;
}

/** Whose figures a user may see: every unit (admin) or only theirs (a unit leader). */
export type ReportAccess = { kind: 'all' } | { kind: 'units'; unitCodes: string[] };

export interface ReportGroup {
  key: string;
  labelVi: string;
  indicators: IndicatorValue[];
}

export interface IndicatorReport {
  filter: ReportFilter;
  indicators: IndicatorValue[];
  groups: ReportGroup[];
  trend: { month: string; labelVi: string; indicators: IndicatorValue[] }[];
}

export const TREND_MONTHS = 12;

/**
 * The indicator reports: one SQL aggregation (db IndicatorStore) for the period and the trend
 * months, then sums and ratios per group here. Access narrows the procedures before the query.
 */
export class IndicatorReportService {
  constructor(
    private readonly deps: { indicators: IndicatorStore; dimensions: ReportDimensions; clock?: () => Date },
  ) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** The procedures in scope; undefined = every dossier (an admin without filters). */
  scope(
    filter: Pick<ReportFilter, 'unit' | 'field' | 'procedure' | 'channel'>,
    access: ReportAccess,
  ): ReportScope {
    const dims = this.deps.dimensions;
    const narrowed = access.kind === 'units' || filter.unit || filter.field || filter.procedure;
    const keys = narrowed
      ? dims.procedures
          .filter((p) => access.kind === 'all' || access.unitCodes.includes(p.unitCode))
          .filter((p) => !filter.unit || p.unitCode === filter.unit)
          .filter((p) => !filter.field || p.fieldVi === filter.field)
          .filter((p) => !filter.procedure || p.key === filter.procedure)
          .map((p) => p.key)
      : undefined;
    return {
      ...(keys ? { procedureKeys: keys } : {}),
      ...(filter.channel ? { channels: [filter.channel] } : {}),
    };
  }

  async report(filter: ReportFilter, access: ReportAccess): Promise<IndicatorReport> {
    const months = monthsEndingWith(filter.trendEnd, TREND_MONTHS);
    const periods = [filter.period, ...months.map(monthPeriod).filter((p) => p.key !== filter.period.key)];
    const cells = await this.deps.indicators.cells({
      periods,
      scope: this.scope(filter, access),
      now: this.now(),
    });
    const of = (key: string) => cells.filter((c) => c.period === key);
    const main = of(filter.period.key);
    const dims = this.deps.dimensions;
    return {
      filter,
      indicators: computeIndicators(main, dims),
      groups:
        filter.groupBy === 'month'
          ? months.map((m) => ({
              key: m,
              labelVi: `Tháng ${monthLabelVi(m)}`,
              indicators: computeIndicators(of(m), dims),
            }))
          : this.groups(main, filter.groupBy),
      trend: months.map((m) => ({
        month: m,
        labelVi: monthLabelVi(m),
        indicators: computeIndicators(of(m), dims),
      })),
    };
  }

  private groups(cells: IndicatorCell[], by: Exclude<GroupBy, 'month'>): ReportGroup[] {
    const dims = this.deps.dimensions;
    const keyOf = (c: IndicatorCell): [string, string] => {
      const p = dims.byKey.get(c.procedureKey);
      switch (by) {
        case 'channel':
          return [String(c.channel), CHANNEL_LABELS_VI[c.channel] ?? `Kênh ${c.channel}`];
        case 'procedure':
          return [c.procedureKey, p ? `${p.code} — ${p.nameVi}` : c.procedureKey];
        case 'unit':
          return p
            ? [p.unitCode, dims.units.get(p.unitCode) ?? p.unitVi]
            : ['?', 'Thủ tục không còn trong danh mục'];
        case 'field':
          return p ? [p.fieldVi, p.fieldVi] : ['?', 'Thủ tục không còn trong danh mục'];
      }
    };
    const grouped = new Map<string, { labelVi: string; cells: IndicatorCell[] }>();
    for (const c of cells) {
      const [key, labelVi] = keyOf(c);
      const g = grouped.get(key) ?? { labelVi, cells: [] };
      g.cells.push(c);
      grouped.set(key, g);
    }
    return [...grouped]
      .map(([key, g]) => ({ key, labelVi: g.labelVi, indicators: computeIndicators(g.cells, dims) }))
      .sort((a, b) => a.labelVi.localeCompare(b.labelVi, 'vi'));
  }

  /** The dossiers behind one figure, a page at a time; null when the figure has no drill-down. */
  async dossiers(
    filter: ReportFilter,
    access: ReportAccess,
    indicator: IndicatorId,
    page: { offset: number; limit: number; purpose?: 'page' | 'export' },
  ): Promise<{ total: number; dossiers: IndicatorDossier[] } | null> {
    const drill = INDICATOR_BY_ID.get(indicator)?.drill;
    if (!drill) return null;
    const base = this.scope(filter, access);
    const levelKeys = drill.level
      ? this.deps.dimensions.procedures.filter((p) => p.onlineLevel === drill.level).map((p) => p.key)
      : undefined;
    const procedureKeys =
      base.procedureKeys && levelKeys
        ? base.procedureKeys.filter((k) => levelKeys.includes(k))
        : (base.procedureKeys ?? levelKeys);
    const channels =
      drill.channel !== undefined
        ? base.channels && !base.channels.includes(drill.channel)
          ? []
          : [drill.channel]
        : base.channels;
    return this.deps.indicators.dossiers({
      period: filter.period,
      measure: drill.measure,
      scope: { ...(procedureKeys ? { procedureKeys } : {}), ...(channels ? { channels } : {}) },
      now: this.now(),
      ...page,
    });
  }

  /** The running month in Vietnam (the default report). */
  currentMonth(): string {
    return vietnamMonth(this.now());
  }
}
