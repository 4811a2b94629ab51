/**
 * The background round that keeps the closed report months summed (src/reports/report-month-warmer.ts)
 * on SQLite and MariaDB: after a change dropped the stored months it sums them again without a
 * report being asked for, with the figures a recomputation gives; a failing round is logged and
 * does not throw.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import {
  createPortalStores,
  diffStoredMonths,
  invalidateReportMonths,
  latestStorableMonths,
  type PortalStores,
} from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { silentLogger, type Logger } from '@motcua/domain';
import { ReportMonthWarmer } from '../src/reports/report-month-warmer.js';

const dialects = await testDatabases();

describe.each(dialects)('report month warmer on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;
  const stored = async () =>
    ((await ds.query('SELECT month FROM report_month_state ORDER BY month')) as { month: string }[]).map(
      (r) => r.month,
    );

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
    // One dossier received and completed two months ago, one received then and still open.
    const [older, last] = latestStorableMonths(2, new Date());
    for (const [id, done] of [
      ['warm-1', true],
      ['warm-2', false],
    ] as const) {
      await stores.dossiers.insertStarting({
        id,
        procedureKey: 'proc-a',
        procedureCode: '1.x',
        applicantId: 'applicant',
        channel: 2,
        submittedAt: new Date(`${older}-10T02:00:00Z`),
        submittedData: {},
      });
      await stores.life.appendHistory({
        eventKey: `accepted:${id}`,
        dossierId: id,
        statusCode: 2,
        kind: 'accepted',
        textVi: 'Tiếp nhận',
        actor: 'system',
        at: new Date(`${older}-10T03:00:00Z`),
      });
      if (done)
        await stores.life.appendHistory({
          eventKey: `returned:${id}`,
          dossierId: id,
          statusCode: 10,
          kind: 'result-returned',
          textVi: 'Trả kết quả',
          actor: 'system',
          at: new Date(`${last}-05T03:00:00Z`),
        });
    }
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('sums the latest closed months in one round, with the figures a recomputation gives', async () => {
    expect(await stored()).toEqual([]);
    const warmer = new ReportMonthWarmer({ indicators: stores.indicators, logger: silentLogger, months: 3 });
    const months = await warmer.round();
    expect(months).toEqual(latestStorableMonths(3, new Date()));
    expect(await stored()).toEqual(months);
    const cells = (await ds.query(
      'SELECT SUM(m_received) AS r, SUM(m_completed) AS c FROM report_month_cell',
    )) as {
      r: unknown;
      c: unknown;
    }[];
    expect([Number(cells[0]!.r), Number(cells[0]!.c)]).toEqual([2, 1]);
    expect(await diffStoredMonths(ds)).toEqual([]);
  });

  it('sums the dropped months again on its own timer', async () => {
    await invalidateReportMonths(ds, null);
    expect(await stored()).toEqual([]);
    const warmer = new ReportMonthWarmer({
      indicators: stores.indicators,
      logger: silentLogger,
      months: 2,
      intervalMs: 20,
    });
    warmer.start();
    try {
      for (let i = 0; i < 250 && (await stored()).length < 2; i++)
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      await warmer.stop();
    }
    expect(await stored()).toEqual(latestStorableMonths(2, new Date()));
  });

  it('logs a failed round and goes on', async () => {
    const warnings: unknown[] = [];
    const logger: Logger = { ...silentLogger, warn: (meta) => void warnings.push(meta) };
    const warmer = new ReportMonthWarmer({
      indicators: {
        storeRecentMonths: () => Promise.reject(new Error('database gone')),
      },
      logger,
    });
    await expect(warmer.round()).resolves.toEqual([]);
    expect(warnings).toHaveLength(1);
  });
});
