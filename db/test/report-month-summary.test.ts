/**
 * The closed months' stored indicator cells (`report_month_cell`, month-summary.ts) on SQLite and
 * MariaDB: a report fills them the first time it covers a closed month, reads them back with the
 * same figures as the facts and the history give, and every write through the stores that changes
 * a closed month (a backdated event, a fee paid online or a refusal recorded after receipt, a due
 * date, an upload bound later, a backdated rating, the holiday table) drops that month and the
 * later ones, so the next report matches a recomputation again. A dossier returned late (its
 * completion dated today) changes no closed month and drops nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import {
  computeIndicatorCells,
  createPortalStores,
  diffStoredMonths,
  invalidateReportMonths,
  latestStorableMonths,
  vietnamMonthPeriod,
  type DossierHistoryRecord,
  type IndicatorCell,
  type Measure,
  type PortalStores,
} from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const dialects = await testDatabases();

const H = 3600_000;
const D = 24 * H;
/** The report's "now": the reports run over months that closed long before the clock. */
const NOW = new Date(Date.now() - 2 * D);
const at = (iso: string) => new Date(iso);
const MONTHS = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10'].map(vietnamMonthPeriod);
const PROCEDURES = ['proc-a', 'proc-b'];

/** A measure summed over a period's cells. */
const total = (cells: IndicatorCell[], period: string, measure: Measure) =>
  cells.filter((c) => c.period === period).reduce((s, c) => s + c.counts[measure], 0);

describe.each(dialects)('stored report months on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;
  let n = 0;

  const stored = async () =>
    ((await ds.query('SELECT month FROM report_month_state ORDER BY month')) as { month: string }[]).map(
      (r) => r.month,
    );
  const event = (dossierId: string, when: Date, statusCode: number | null, kind: string, key = kind) =>
    stores.life.appendHistory({
      eventKey: `${key}:${dossierId}:${++n}`,
      dossierId,
      statusCode,
      kind,
      textVi: kind,
      actor: 'system',
      at: when,
    } satisfies DossierHistoryRecord);
  async function dossier(id: string, o: { received: Date; done?: Date; due?: string; channel?: number }) {
    await stores.dossiers.insertStarting({
      id,
      procedureKey: PROCEDURES[id.length % 2]!,
      procedureCode: '1.x',
      applicantId: 'applicant',
      channel: o.channel ?? 2,
      submittedAt: new Date(o.received.getTime() - H),
      submittedData: {},
    });
    await stores.dossiers.markStarted(id, `pi-${id}`, 1);
    await stores.dossiers.recordProgress(id, {
      dossierCode: `HS-${id}`,
      statusCode: 2,
      dueDate: o.due ?? null,
    });
    await event(id, new Date(o.received.getTime() - H), 1, 'completeness-check');
    await event(id, o.received, 2, 'accepted');
    if (o.done) await event(id, o.done, 10, 'result-returned');
  }

  /** Every report path gives the same cells: the stored months, the facts, the history. */
  async function expectSameFigures() {
    const q = { periods: MONTHS, now: NOW };
    const summarised = await computeIndicatorCells(ds, q);
    expect(summarised).toEqual(await computeIndicatorCells(ds, q, { source: 'facts' }));
    expect(summarised).toEqual(await computeIndicatorCells(ds, q, { source: 'history' }));
    const scoped = { ...q, scope: { procedureKeys: ['proc-a'], channels: [2] } };
    expect(await computeIndicatorCells(ds, scoped)).toEqual(
      await computeIndicatorCells(ds, scoped, { source: 'facts' }),
    );
    expect(await diffStoredMonths(ds, NOW)).toEqual([]);
    return summarised;
  }

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
    await dossier('d-jun-on-time', {
      received: at('2026-06-10T03:00:00Z'),
      done: at('2026-06-20T03:00:00Z'),
      due: '2026-06-25',
    });
    await dossier('d-jun-late', {
      received: at('2026-06-12T03:00:00Z'),
      done: at('2026-07-20T03:00:00Z'),
      due: '2026-06-30',
    });
    await dossier('d-jul-open', { received: at('2026-07-15T03:00:00Z'), due: '2026-08-01', channel: 1 });
    await dossier('d-aug', {
      received: at('2026-08-03T03:00:00Z'),
      done: at('2026-08-14T03:00:00Z'),
      due: '2026-08-20',
    });
    await dossier('d-sep-open', { received: at('2026-09-08T03:00:00Z'), due: '2026-10-30' });
    await dossier('d-oct', {
      received: at('2026-10-01T03:00:00Z'),
      done: at('2026-10-09T03:00:00Z'),
      due: '2026-10-20',
    });
  }, 120_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('stores each closed month once, with the figures the facts and the history give', async () => {
    expect(await stored()).toEqual([]);
    const cells = await expectSameFigures();
    expect(await stored()).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(total(cells, '2026-07', 'late')).toBeGreaterThan(0);
    // Read back, not recomputed: a stored cell edited by hand shows in the report (and in the check).
    await ds.query(
      "UPDATE report_month_cell SET m_received = m_received + 5 WHERE month = '2026-08' AND m_received = 1",
    );
    const edited = await computeIndicatorCells(ds, { periods: [vietnamMonthPeriod('2026-08')], now: NOW });
    expect(edited.reduce((s, c) => s + c.counts.received, 0)).toBe(6);
    expect(await diffStoredMonths(ds, NOW)).toEqual(['2026-08']);
    await invalidateReportMonths(ds, at('2026-08-01T00:00:00Z'));
    expect(await stored()).toEqual(['2026-06', '2026-07']);
    await expectSameFigures();
  });

  it('keeps the closed months when a dossier received in one is returned late today', async () => {
    await expectSameFigures();
    await event('d-jul-open', new Date(), 10, 'result-returned');
    expect(await stored()).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    await expectSameFigures();
  });

  it('drops the month of a backdated event and the later ones, and matches again after', async () => {
    const before = await computeIndicatorCells(ds, { periods: MONTHS, now: NOW });
    // The September dossier's completion, recorded now but dated in October (a late sync).
    await event('d-sep-open', at('2026-10-02T03:00:00Z'), 9, 'processed');
    expect(await stored()).toEqual(['2026-06', '2026-07', '2026-08', '2026-09']);
    const after = await expectSameFigures();
    const completed = (cells: typeof before) =>
      cells.filter((c) => c.period === '2026-10').reduce((s, c) => s + c.counts.completed, 0);
    expect(completed(after)).toBe(completed(before) + 1);
  });

  it('drops the receipt month when a fee is paid online or a refusal is recorded after it', async () => {
    await expectSameFigures();
    await event('d-aug', new Date(), 6, 'payment-requested');
    await event('d-aug', new Date(), null, 'paid', 'paid-online');
    expect(await stored()).toEqual(['2026-06', '2026-07']);
    const cells = await expectSameFigures();
    expect(total(cells, '2026-08', 'paidOnline')).toBe(1);
    await event('d-jun-on-time', new Date(), null, 'refused');
    expect(await stored()).toEqual([]);
    await expectSameFigures();
  });

  it('drops the months a dossier counts in when its due date changes or an upload is bound', async () => {
    await expectSameFigures();
    await stores.dossiers.recordProgress('d-aug', {
      dossierCode: 'HS-d-aug',
      statusCode: 10,
      dueDate: '2026-08-10',
    });
    expect(await stored()).toEqual(['2026-06', '2026-07']);
    const late = await expectSameFigures();
    expect(total(late, '2026-08', 'late')).toBe(1);

    const staged = await stores.attachments.stage({
      ownerId: 'applicant',
      scope: 'supplement',
      slot: 0,
      documentName: 'Đơn',
      source: 'supplement',
      content: new TextEncoder().encode('%PDF-1.4 test'),
      mediaType: 'application/pdf',
      originalName: 'don.pdf',
      expiresAt: new Date(Date.now() + D),
    });
    await stores.attachments.bind('d-jul-open', [staged.id], {
      ownerId: 'applicant',
      scope: 'supplement',
      replace: false,
      at: new Date(),
    });
    expect(await stored()).toEqual(['2026-06']);
    const digitised = await expectSameFigures();
    expect(total(digitised, '2026-07', 'digitised')).toBe(1);
  });

  it('drops the month of a backdated rating, and every month when the holiday table changes', async () => {
    await expectSameFigures();
    await stores.ratings.record({
      dossierId: 'd-jun-on-time',
      applicantId: 'applicant',
      procedureCode: '1.x',
      score: 5,
      comment: null,
      ratedAt: at('2026-09-15T03:00:00Z'),
    });
    expect(await stored()).toEqual(['2026-06', '2026-07', '2026-08']);
    const rated = await expectSameFigures();
    expect(total(rated, '2026-09', 'satisfied')).toBe(1);
    // A stale working-day index (another calendar) is rebuilt by the next report: all months go.
    await ds.query("UPDATE report_working_day SET calendar_hash = 'old'");
    await computeIndicatorCells(ds, { periods: [vietnamMonthPeriod('2026-06')], now: NOW });
    expect(await stored()).toEqual(['2026-06']);
    await expectSameFigures();
  });

  it('names the latest months a report may read stored: an hour after a month ends', () => {
    const far = new Date('2030-01-01T00:00:00Z');
    expect(latestStorableMonths(2, new Date('2026-12-01T00:30:00+07:00'), far)).toEqual([
      '2026-09',
      '2026-10',
    ]);
    expect(latestStorableMonths(2, new Date('2026-12-01T01:00:00+07:00'), far)).toEqual([
      '2026-10',
      '2026-11',
    ]);
    // The clock bounds it too: a report's "now" in the future stores nothing not yet closed.
    expect(latestStorableMonths(1, far, new Date('2026-12-01T00:59:00+07:00'))).toEqual(['2026-10']);
  });

  it('sums the dropped months without a report (IndicatorStore.storeRecentMonths)', async () => {
    await invalidateReportMonths(ds, null);
    const months = await stores.indicators.storeRecentMonths(24, NOW);
    expect(months).toHaveLength(24);
    expect(await stored()).toEqual(months);
    expect(months).toEqual(expect.arrayContaining(MONTHS.map((m) => m.key)));
    await expectSameFigures();
  });

  it('leaves the months to sum to unscoped reports: a leader reads the facts until they are stored', async () => {
    await invalidateReportMonths(ds, null);
    const scoped = { periods: MONTHS, now: NOW, scope: { procedureKeys: ['proc-b'] } };
    const fromFacts = await computeIndicatorCells(ds, scoped, { source: 'facts' });
    expect(fromFacts.length).toBeGreaterThan(0);
    expect(await computeIndicatorCells(ds, scoped)).toEqual(fromFacts);
    expect(await stored()).toEqual([]);
    await computeIndicatorCells(ds, { periods: MONTHS, now: NOW });
    expect(await stored()).toEqual(MONTHS.map((m) => m.key));
    expect(await computeIndicatorCells(ds, scoped)).toEqual(fromFacts);
  });

  it('computes the running month and ranges from the facts, next to stored months', async () => {
    const running = vietnamMonthPeriod(new Date(Date.now() + 7 * H).toISOString().slice(0, 7));
    const range = { key: 'range', from: at('2026-06-15T00:00:00Z'), to: at('2026-08-15T00:00:00Z') };
    const q = { periods: [running, range, ...MONTHS], now: new Date() };
    expect(await computeIndicatorCells(ds, q)).toEqual(
      await computeIndicatorCells(ds, q, { source: 'history' }),
    );
    expect(await stored()).toEqual(expect.arrayContaining(MONTHS.map((m) => m.key)));
  });
});
