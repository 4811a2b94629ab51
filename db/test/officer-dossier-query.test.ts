import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { createPortalStores, type PortalStores } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { captureSelects, mariadbPlan, sqlitePlan } from '../../engine/test/query-plans/plan-check.js';

const dialects = await testDatabases();

const TODAY = '2026-03-10';
const NEAR_UNTIL = '2026-03-12';

describe.each(dialects)('the officers’ dossier list on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;
  const ids: Record<string, string> = {};

  /** A started dossier with its cached code, status and due date. */
  async function dossier(
    name: string,
    o: { procedure?: string; code: string; status: number; due: string | null; fullName: string; at: string },
  ) {
    const id = randomUUID();
    ids[name] = id;
    await stores.dossiers.insertStarting({
      id,
      procedureKey: o.procedure ?? 'proc-a',
      procedureCode: '1.000001',
      applicantId: randomUUID(),
      channel: 2,
      submittedAt: new Date(o.at),
      submittedData: { fullName: o.fullName },
    });
    await stores.dossiers.markStarted(id, `pi-${id}`, 1);
    await stores.dossiers.recordProgress(id, { dossierCode: o.code, statusCode: o.status, dueDate: o.due });
  }

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
    await dossier('overdue', {
      code: 'G13-260301-00001',
      status: 4,
      due: '2026-03-09',
      fullName: 'Nguyễn Văn An',
      at: '2026-03-01T02:00:00Z',
    });
    await dossier('dueToday', {
      code: 'G13-260302-00002',
      status: 4,
      due: '2026-03-10',
      fullName: 'Trần Thị Bình',
      at: '2026-03-02T02:00:00Z',
    });
    await dossier('nearEnd', {
      code: 'G13-260303-00003',
      status: 5,
      due: '2026-03-12',
      fullName: 'Lê Văn Cường',
      at: '2026-03-03T02:00:00Z',
    });
    await dossier('later', {
      code: 'G13-260304-00004',
      status: 4,
      due: '2026-03-13',
      fullName: 'Phạm Thị Dung',
      at: '2026-03-04T02:00:00Z',
    });
    // Ended dossiers are never near due nor overdue, whatever their date.
    await dossier('returnedLate', {
      code: 'G13-260305-00005',
      status: 10,
      due: '2026-03-01',
      fullName: 'Hoàng Văn Em',
      at: '2026-03-05T02:00:00Z',
    });
    await dossier('noClock', {
      code: 'G13-260306-00006',
      status: 1,
      due: null,
      fullName: 'Vũ Thị Giang 100%_x',
      at: '2026-03-06T02:00:00Z',
    });
    // Another unit's procedure: never listed for this officer.
    await dossier('otherUnit', {
      procedure: 'proc-b',
      code: 'G13-260307-00007',
      status: 4,
      due: '2026-03-01',
      fullName: 'Nguyễn Văn An',
      at: '2026-03-07T02:00:00Z',
    });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const list = (f: Partial<Parameters<PortalStores['officerDossiers']['list']>[0]> = {}) =>
    stores.officerDossiers.list({
      procedureKeys: ['proc-a'],
      today: TODAY,
      nearUntil: NEAR_UNTIL,
      page: 1,
      pageSize: 20,
      ...f,
    });
  const named = (rows: Array<{ id: string }>) =>
    rows.map((r) => Object.entries(ids).find(([, id]) => id === r.id)?.[0]);

  it('lists only the officer’s procedures, newest first, with the total', async () => {
    const page = await list();
    expect(page.total).toBe(6);
    expect(named(page.rows)).toEqual(['noClock', 'returnedLate', 'later', 'nearEnd', 'dueToday', 'overdue']);
    expect(await list({ procedureKeys: [] })).toEqual({ rows: [], total: 0 });
  });

  it('filters overdue and near-due dossiers that still run, soonest due first', async () => {
    expect(named((await list({ due: 'overdue' })).rows)).toEqual(['overdue']);
    const near = await list({ due: 'near' });
    expect(named(near.rows)).toEqual(['dueToday', 'nearEnd']);
    expect(near.total).toBe(2);
  });

  it('searches the code in any letter case, the applicant’s name and the status', async () => {
    expect(named((await list({ code: 'g13-260303' })).rows)).toEqual(['nearEnd']);
    expect(named((await list({ applicant: 'nguyễn văn' })).rows)).toEqual(['overdue']);
    // LIKE wildcards typed by the officer match literally.
    expect(named((await list({ applicant: '100%_' })).rows)).toEqual(['noClock']);
    expect(named((await list({ applicant: '%' })).rows)).toEqual(['noClock']);
    expect(named((await list({ statusCode: 5 })).rows)).toEqual(['nearEnd']);
    expect((await list({ statusCode: 5, due: 'overdue' })).total).toBe(0);
  });

  it('pages with a stable order', async () => {
    const first = await list({ pageSize: 4 });
    const second = await list({ pageSize: 4, page: 2 });
    expect(first.total).toBe(6);
    expect(named(first.rows)).toEqual(['noClock', 'returnedLate', 'later', 'nearEnd']);
    expect(named(second.rows)).toEqual(['dueToday', 'overdue']);
  });

  it('walks the running dossiers by id for the background refresh (ended ones left out)', async () => {
    const running = ['overdue', 'dueToday', 'nearEnd', 'later', 'noClock', 'otherUnit']
      .map((n) => ids[n]!)
      .sort();
    const first = await stores.dossiers.listRunning(null, 4);
    expect(first.map((d) => d.id)).toEqual(running.slice(0, 4));
    const rest = await stores.dossiers.listRunning(first[3]!.id, 4);
    expect(rest.map((d) => d.id)).toEqual(running.slice(4));
    expect(running).not.toContain(ids.returnedLate);
  });

  it('has an index for each filter of the list (query plan)', async () => {
    const q = (where: string) => `SELECT id FROM dossier WHERE procedure_key IN ('proc-a') AND ${where}`;
    if (factory.dialect === 'sqlite') {
      const plan = async (sql: string) =>
        ((await ds.query(`EXPLAIN QUERY PLAN ${sql}`)) as Array<{ detail: string }>)
          .map((r) => r.detail)
          .join(' | ');
      expect(await plan(q("due_date < '2026-03-10'"))).toMatch(/USING INDEX idx_dossier_procedure_due/);
      expect(await plan(q('status_code = 4'))).toMatch(/USING INDEX idx_dossier_procedure_status/);
      expect(await plan(`${q('1 = 1')} ORDER BY submitted_at DESC`)).toMatch(
        /USING INDEX idx_dossier_procedure_submitted/,
      );
    } else {
      const keys = async (sql: string) =>
        ((await ds.query(`EXPLAIN ${sql}`)) as Array<{ possible_keys: string | null }>)
          .map((r) => r.possible_keys ?? '')
          .join(',');
      expect(await keys(q("due_date < '2026-03-10'"))).toContain('idx_dossier_procedure_due');
      expect(await keys(q('status_code = 4'))).toContain('idx_dossier_procedure_status');
    }
  });
});

// The statements the list really runs, judged by the query-plan check of issue 17
// (engine/test/query-plans/plan-check.ts): on 2 000 dossiers of 40 procedures, with statistics,
// no full table scan on either database.
describe.each(dialects)('the officers’ list’s query plans on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;
  const capture = captureSelects();

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
    const columns =
      'id, procedure_key, procedure_code, applicant_id, process_instance_id, dossier_code, status_code, engine_state, submitted_at, channel, submitted_data, rev, due_date, outcome, applicant_name';
    for (let batch = 0; batch < 10; batch++) {
      const rows: unknown[] = [];
      for (let i = batch * 200; i < (batch + 1) * 200; i++)
        rows.push(
          randomUUID(),
          `proc-${i % 40}`,
          '1.000001',
          randomUUID(),
          `pi-${i}`,
          `G13-2603${String(i % 28).padStart(2, '0')}-${String(i).padStart(5, '0')}`,
          [1, 4, 5, 10][Math.floor(i / 40) % 4],
          'started',
          new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString().replace('T', ' ').replace('Z', ''),
          2,
          '{}',
          1,
          `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
          null,
          `Người nộp ${i}`,
        );
      const one = `(${Array.from({ length: 15 }, () => '?').join(', ')})`;
      await ds.query(
        `INSERT INTO dossier (${columns}) VALUES ${Array.from({ length: 200 }, () => one).join(', ')}`,
        rows,
      );
    }
    await ds.query(factory.dialect === 'sqlite' ? 'ANALYZE' : 'ANALYZE TABLE dossier');
    ds.setOptions({ logger: capture.logger as never });
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('the check sees a scan: the name search without the officer’s procedures would read every row', async () => {
    const q = { sql: "SELECT d.id FROM dossier d WHERE LOWER(d.applicant_name) LIKE '%nộp 12%'", params: [] };
    const verdict = factory.dialect === 'sqlite' ? await sqlitePlan(ds, q) : await mariadbPlan(ds, q);
    expect(verdict.problems.join(' ')).toMatch(/full table scan/);
  });

  const base = {
    procedureKeys: ['proc-3', 'proc-7'],
    today: '2026-03-10',
    nearUntil: '2026-03-12',
    page: 1,
    pageSize: 20,
  };
  it.each([
    ['the newest first', {}],
    ['overdue', { due: 'overdue' as const }],
    ['near due', { due: 'near' as const }],
    ['a status', { statusCode: 4 }],
    ['a code', { code: 'g13-2603' }],
    ['an applicant', { applicant: 'nộp 12' }],
    ['page 3', { page: 3 }],
  ])('%s', async (_name, filter) => {
    capture.take();
    const page = await stores.officerDossiers.list({ ...base, ...filter });
    expect(page.total).toBeGreaterThan(0);
    const queries = capture.take();
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      const verdict = factory.dialect === 'sqlite' ? await sqlitePlan(ds, q) : await mariadbPlan(ds, q);
      expect({ sql: q.sql, plan: verdict.plan, problems: verdict.problems }).toEqual({
        sql: q.sql,
        plan: verdict.plan,
        problems: [],
      });
    }
  });
});
