import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { createPortalStores, type PortalStores } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import type { IndicatorId, IndicatorValue } from '../../src/reports/indicator-definitions.js';
import {
  IndicatorReportService,
  type ReportAccess,
  type ReportFilter,
} from '../../src/reports/indicator-report.service.js';
import { monthPeriod, rangePeriod } from '../../src/reports/report-period.js';
import { buildKnownHistory, TEST_DIMENSIONS, TEST_NOW } from './known-history.js';

const dialects = await testDatabases();
const ALL: ReportAccess = { kind: 'all' };

const november = (over: Partial<ReportFilter> = {}): ReportFilter => ({
  period: monthPeriod('2026-11'),
  periodLabelVi: 'Tháng 11/2026',
  trendEnd: '2026-11',
  groupBy: 'unit',
  ...over,
});

const byId = (values: IndicatorValue[]) =>
  Object.fromEntries(values.map((v) => [v.id, v])) as Record<IndicatorId, IndicatorValue>;
const valuesOf = (values: IndicatorValue[]) => Object.fromEntries(values.map((v) => [v.id, v.value]));

describe.each(dialects)('Decision 766 indicators over a known history on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;
  let ids: Map<string, string>;
  let service: IndicatorReportService;

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
    ids = await buildKnownHistory(ds, stores);
    service = new IndicatorReportService({
      indicators: stores.indicators,
      dimensions: TEST_DIMENSIONS,
      clock: () => TEST_NOW,
    });
  }, 120_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('computes every indicator of November 2026 as worked out by hand', async () => {
    const r = await service.report(november(), ALL);
    // Received in Nov: D1 D2 D3 D4 D5 D8 D9 (D6 not accepted, D7 received in October).
    // Completed in Nov: D1 (3 working days, on time), D2 (8, apology → late), D3 (12, after its
    // due date → late, refused), D7 (3, on time). Open at the end: D4 (overdue: due 27/11), D5, D9.
    expect(valuesOf(r.indicators)).toEqual({
      received: 7,
      completed: 4,
      onTime: 2,
      late: 2,
      inProgress: 3,
      overdue: 1,
      notAccepted: 1,
      onTimeRate: 2 / 4,
      avgProcessingDays: (3 + 8 + 12 + 3) / 4,
      onlineSubmissionRate: 4 / 7, // D1 D3 D4 D9
      toanTrinhOnlineRate: 2 / 3, // proc-a received D1 (online) D2 (in person) D9 (online)
      motPhanOnlineRate: 2 / 2, // proc-b received D3 D4, both online
      onlineOnTimeRate: 2 / 3, // online completed D1 D3 D7; on time D1 D7
      withFee: 2, // D1 (paid at the desk), D9 (paid online)
      paidOnlineRate: 1 / 2, // D9
      digitisedRate: 2 / 7, // D1 D9 uploaded documents
      satisfactionRate: 1 / 2, // D1 rated 5, D2 rated 2
      supplementRate: 1 / 7, // D3
      refusalRate: 1 / 4, // D3
    });
    expect(byId(r.indicators).onTimeRate).toMatchObject({ numerator: 2, denominator: 4 });
    expect(byId(r.indicators).paidOnlineRate).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('judges December as of today: D4 completed late, nothing overdue yet', async () => {
    const r = await service.report(november({ period: monthPeriod('2026-12'), trendEnd: '2026-12' }), ALL);
    expect(byId(r.indicators).completed.value).toBe(1);
    expect(byId(r.indicators).late.value).toBe(1);
    expect(byId(r.indicators).inProgress.value).toBe(2); // D5 D9
    expect(byId(r.indicators).overdue.value).toBe(0); // D9 due 10/12, today 07/12
    expect(byId(r.indicators).received.value).toBe(0);
  });

  it('groups by unit, field, procedure, channel and month from the same cells', async () => {
    const units = await service.report(november({ groupBy: 'unit' }), ALL);
    expect(
      units.groups.map((g) => [g.key, byId(g.indicators).received.value, byId(g.indicators).completed.value]),
    ).toEqual([
      ['U2', 2, 0], // Cục Hai, sorted by name
      ['U1', 5, 4], // Cục Một
    ]);
    const fields = await service.report(november({ groupBy: 'field' }), ALL);
    expect(fields.groups.map((g) => [g.labelVi, byId(g.indicators).received.value])).toEqual([
      ['Lĩnh vực F1', 5], // proc-a D1 D2 D9 + proc-c D5 D8
      ['Lĩnh vực F2', 2],
    ]);
    const channels = await service.report(november({ groupBy: 'channel' }), ALL);
    expect(channels.groups.map((g) => [g.labelVi, byId(g.indicators).received.value])).toEqual([
      ['Bưu chính công ích', 1],
      ['Trực tiếp', 2],
      ['Trực tuyến', 4],
    ]);
    const months = await service.report(november({ groupBy: 'month' }), ALL);
    expect(months.groups).toHaveLength(12);
    const october = months.groups.find((g) => g.key === '2026-10')!;
    expect(byId(october.indicators).received.value).toBe(1); // D7
    expect(byId(october.indicators).inProgress.value).toBe(1);
    expect(months.trend.at(-1)!.month).toBe('2026-11');
    expect(byId(months.trend.at(-1)!.indicators).received.value).toBe(7);
  });

  it('filters by procedure, field and channel, and by a date range', async () => {
    const a = await service.report(november({ procedure: 'proc-a' }), ALL);
    expect(byId(a.indicators).received.value).toBe(3);
    const online = await service.report(november({ channel: 2 }), ALL);
    expect(byId(online.indicators).received.value).toBe(4);
    const f2 = await service.report(november({ field: 'Lĩnh vực F2' }), ALL);
    expect(byId(f2.indicators).received.value).toBe(2);
    const firstWeek = await service.report(
      november({ period: rangePeriod('2026-11-01', '2026-11-05'), periodLabelVi: '01/11/2026 – 05/11/2026' }),
      ALL,
    );
    // Received 02–05/11: D1 D2 D3 D8; completed: D7 (02/11) D1 (05/11).
    expect(byId(firstWeek.indicators).received.value).toBe(4);
    expect(byId(firstWeek.indicators).completed.value).toBe(2);
  });

  it('shows a unit leader only their unit', async () => {
    const r = await service.report(november(), { kind: 'units', unitCodes: ['U2'] });
    expect(byId(r.indicators).received.value).toBe(2); // D5 D8
    expect(byId(r.indicators).inProgress.value).toBe(1); // D5 (D8 withdrawn)
    // Asking for the other unit's procedure gives nothing, not its figures.
    const other = await service.report(november({ procedure: 'proc-a' }), {
      kind: 'units',
      unitCodes: ['U2'],
    });
    expect(byId(other.indicators).received.value).toBe(0);
    const list = await service.dossiers(
      november({ unit: 'U1' }),
      { kind: 'units', unitCodes: ['U2'] },
      'received',
      {
        offset: 0,
        limit: 50,
      },
    );
    expect(list!.total).toBe(0);
  });

  it('drills down to the dossiers behind a figure, paged', async () => {
    const late = await service.dossiers(november(), ALL, 'late', { offset: 0, limit: 50 });
    expect(late!.total).toBe(2);
    expect(late!.dossiers.map((d) => d.dossierId).sort()).toEqual([ids.get('D2'), ids.get('D3')].sort());
    expect(late!.dossiers.every((d) => d.late)).toBe(true);
    const d3 = late!.dossiers.find((d) => d.dossierId === ids.get('D3'))!;
    expect(d3.processingDays).toBe(12);
    expect(d3.dueDate).toBe('2026-11-19');
    expect(d3.completedAt?.toISOString()).toBe('2026-11-20T03:00:00.000Z');

    const page1 = await service.dossiers(november(), ALL, 'received', { offset: 0, limit: 3 });
    const page3 = await service.dossiers(november(), ALL, 'received', { offset: 6, limit: 3 });
    expect(page1!.total).toBe(7);
    expect(page1!.dossiers).toHaveLength(3);
    expect(page3!.dossiers).toHaveLength(1);
    // Newest submission first: D4 (25/11) … D2, D1 (02/11 09:00) … D3 (02/11 14:00) is newer than D1.
    expect(page1!.dossiers[0]!.dossierId).toBe(ids.get('D5'));
    expect(page3!.dossiers[0]!.dossierId).toBe(ids.get('D1'));

    const toanTrinhOnline = await service.dossiers(november(), ALL, 'toanTrinhOnlineRate', {
      offset: 0,
      limit: 50,
    });
    expect(toanTrinhOnline!.dossiers.map((d) => d.dossierId).sort()).toEqual(
      [ids.get('D1'), ids.get('D9')].sort(),
    );
    const paidOnline = await service.dossiers(november(), ALL, 'paidOnlineRate', { offset: 0, limit: 50 });
    expect(paidOnline!.dossiers.map((d) => d.dossierId)).toEqual([ids.get('D9')]);
  });

  it('gives the same figures for the same history twice (reproducible)', async () => {
    const a = await service.report(november(), ALL);
    const b = await service.report(november(), ALL);
    expect(b).toEqual(a);
  });
});
