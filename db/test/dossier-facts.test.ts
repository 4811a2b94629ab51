/**
 * The reports' per-dossier facts (`report_dossier_fact`) on SQLite and MariaDB: kept in step with
 * the history by every append (out of order, repeated, in parallel), backfilled by the migration a
 * chunk at a time, and — the point of it — every indicator and every drill-down computed from the
 * facts equals the same computed from the history itself (the reports' former query), over a
 * varied generated history.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import {
  computeIndicatorCells,
  createPortalStores,
  diffDossierFacts,
  listIndicatorDossiers,
  MEASURES,
  rebuildDossierFacts,
  ReportDossierFact1765340000000,
  ReportDossierFactOpenIndex1765340000001,
  ReportDossierFactEnded1765340000002,
  ReportDossierFactDropProcedureIndex1765340000003,
  sqlInstant,
  type DossierHistoryRecord,
  type PortalStores,
  type ReportPeriod,
} from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import type { QueryRunner } from 'typeorm';

const dialects = await testDatabases();

const H = 3600_000;
const D = 24 * H;
const START = Date.parse('2026-07-01T02:00:00Z');
const NOW = new Date('2026-12-07T03:00:00Z');
const PROCEDURES = ['proc-a', 'proc-b', 'proc-c', 'proc-d'];

/** A Vietnam month as a report period. */
const month = (key: string): ReportPeriod => {
  const [y, m] = key.split('-').map(Number);
  return { key, from: new Date(Date.UTC(y, m - 1, 1) - 7 * H), to: new Date(Date.UTC(y, m, 1) - 7 * H) };
};
const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'].map(month);
const vnDay = (ms: number) => new Date(ms + 7 * H).toISOString().slice(0, 10);

interface Generated {
  id: string;
  procedureKey: string;
  channel: number;
  submitted: number;
  due: string | null;
  events: DossierHistoryRecord[];
  rating: [number, number] | null;
  upload: 'current' | 'staged' | null;
}

/**
 * A deterministic varied history: supplement rounds (0–3), not accepted, fees paid online or at
 * the desk, apologies, withdrawn and stopped dossiers, refusals, completions early and after the
 * due date, dossiers still open, ratings, uploads kept or only staged.
 */
function generate(count: number): Generated[] {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  return Array.from({ length: count }, (_, i) => {
    const id = `facts-${String(i).padStart(4, '0')}`;
    const submitted = START + Math.floor(rand() * 155 * D);
    const events: DossierHistoryRecord[] = [];
    const ev = (at: number, statusCode: number | null, kind: string, keyPrefix = kind) =>
      events.push({
        eventKey: `${keyPrefix}:${id}:${events.length}`,
        dossierId: id,
        statusCode,
        kind,
        textVi: kind,
        actor: 'system',
        at: new Date(at),
      });
    const g: Generated = {
      id,
      procedureKey: pick(PROCEDURES),
      channel: pick([1, 2, 2, 3]),
      submitted,
      due: null,
      events,
      rating: null,
      upload: rand() < 0.4 ? 'current' : rand() < 0.2 ? 'staged' : null,
    };
    let t = submitted + 10 * 60_000;
    ev(t, 1, 'completeness-check');
    const rounds = rand() < 0.25 ? 1 + Math.floor(rand() * 3) : 0;
    for (let r = 0; r < rounds; r++) {
      t += 3 * H;
      ev(t, 5, 'supplement-requested');
      t += 2 * D;
      ev(t, 1, 'supplemented');
    }
    if (rand() < 0.08) {
      ev(t + H, 3, 'not-accepted');
      return g;
    }
    const received = t + H;
    ev(received, 2, 'accepted');
    g.due = rand() < 0.1 ? null : vnDay(received + Math.floor(5 + rand() * 15) * D);
    if (rand() < 0.35) {
      ev(received, 6, 'payment-requested');
      if (rand() < 0.6) ev(received + H, null, 'paid', 'paid-online');
      else if (rand() < 0.7) ev(received + H, null, 'paid');
    }
    ev(received + 2 * H, 4, 'in-process');
    const takes = Math.floor(rand() * 25 * D);
    if (rand() < 0.06) {
      ev(received + Math.min(takes, 5 * D), rand() < 0.5 ? 7 : 8, 'withdrawn');
      return g;
    }
    if (takes > 15 * D) ev(received + 15 * D, 4, 'late');
    if (takes > 18 * D && rand() < 0.5) ev(received + 18 * D, 4, 'late');
    const done = received + takes;
    if (done > NOW.getTime() || rand() < 0.1) return g;
    ev(done, 9, 'processed');
    if (rand() < 0.8) ev(done + H, 10, rand() < 0.15 ? 'refused' : 'result-returned');
    if (rand() < 0.4) g.rating = [1 + Math.floor(rand() * 5), done + Math.floor(rand() * 40) * D];
    return g;
  });
}

describe.each(dialects)('dossier facts on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;
  const dossiers = generate(150);
  const facts = () => ds.query('SELECT * FROM report_dossier_fact ORDER BY dossier_id') as Promise<unknown[]>;

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
    let n = 0;
    for (const g of dossiers) {
      await stores.dossiers.insertStarting({
        id: g.id,
        procedureKey: g.procedureKey,
        procedureCode: `1.${g.procedureKey}`,
        applicantId: 'applicant',
        channel: g.channel,
        submittedAt: new Date(g.submitted),
        submittedData: {},
      });
      await stores.dossiers.markStarted(g.id, `pi-${g.id}`, 1);
      await stores.dossiers.recordProgress(g.id, {
        dossierCode: `HS-${g.id}`,
        statusCode: g.events.at(-1)!.statusCode ?? 4,
        dueDate: g.due,
      });
      // Every third dossier's events arrive out of order (the worker and the history reader
      // race), and every fifth's twice (redelivery): the facts must not depend on either.
      const order = ++n % 3 === 0 ? [...g.events].reverse() : g.events;
      for (const e of order) await stores.life.appendHistory(e);
      if (n % 5 === 0) for (const e of g.events) await stores.life.appendHistory(e);
      if (g.rating)
        await stores.ratings.record({
          dossierId: g.id,
          applicantId: 'applicant',
          procedureCode: `1.${g.procedureKey}`,
          score: g.rating[0],
          comment: null,
          ratedAt: new Date(g.rating[1]),
        });
      if (g.upload)
        await ds.query(
          `INSERT INTO dossier_attachment (id, dossier_id, owner_id, scope, slot, document_name, file_id, sha256, size, media_type, state, source, created_at)
           VALUES (?, ?, 'applicant', 'apply', 0, 'Đơn', 'f', 'x', 1, 'application/pdf', ?, 'applicant', ?)`,
          [`a-${g.id}`, g.id, g.upload, sqlInstant(new Date(g.submitted))],
        );
    }
    // History of a dossier the portal has no row for: a fact row, but no report counts it.
    await stores.life.appendHistory({
      eventKey: 'accepted:orphan',
      dossierId: 'orphan',
      statusCode: 2,
      kind: 'accepted',
      textVi: 'x',
      actor: 'system',
      at: new Date(START + 30 * D),
    });
  }, 300_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps one row per dossier with history, in step with every append', async () => {
    const rows = (await facts()) as { dossier_id: string; events: unknown; supplement_rounds: unknown }[];
    expect(rows).toHaveLength(dossiers.length + 1);
    const g = dossiers.find((x) => x.events.filter((e) => e.kind === 'supplement-requested').length === 3)!;
    const row = rows.find((r) => r.dossier_id === g.id)!;
    expect(Number(row.supplement_rounds)).toBe(3);
    expect(Number(row.events)).toBe(g.events.length);
    expect(await diffDossierFacts(ds)).toEqual([]);
  });

  it('notices a fact that disagrees with the history', async () => {
    const id = dossiers[1].id;
    await ds.query('UPDATE report_dossier_fact SET events = events + 1 WHERE dossier_id = ?', [id]);
    expect(await diffDossierFacts(ds)).toEqual([id]);
    await ds.query('UPDATE report_dossier_fact SET events = events - 1 WHERE dossier_id = ?', [id]);
    expect(await diffDossierFacts(ds)).toEqual([]);
  });

  const scopes = [
    {},
    { procedureKeys: ['proc-a', 'proc-c'] },
    { channels: [2] },
    { procedureKeys: ['proc-b'], channels: [1, 3] },
    { procedureKeys: [] },
  ];
  const periodSets: ReportPeriod[][] = [
    [month('2026-11')],
    MONTHS,
    [
      {
        key: '2026-08-15..2026-10-20',
        from: new Date('2026-08-14T17:00:00Z'),
        to: new Date('2026-10-19T17:00:00Z'),
      },
    ],
    [month('2026-12'), month('2026-07')],
  ];

  it('computes every indicator cell from the facts as from the history', async () => {
    let nonEmpty = 0;
    for (const scope of scopes)
      for (const periods of periodSets) {
        const q = { periods, scope, now: NOW };
        const fromFacts = await computeIndicatorCells(ds, q);
        const fromHistory = await computeIndicatorCells(ds, q, { source: 'history' });
        expect(fromFacts).toEqual(fromHistory);
        nonEmpty += fromFacts.length;
      }
    // The dataset exercises every measure somewhere.
    const all = await computeIndicatorCells(ds, { periods: MONTHS, now: NOW });
    for (const m of MEASURES) expect(all.some((c) => c.counts[m] > 0)).toBe(true);
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('lists the same dossiers behind every figure from the facts as from the history', async () => {
    for (const period of [month('2026-09'), month('2026-11'), month('2026-12')])
      for (const measure of MEASURES)
        for (const scope of [{}, { procedureKeys: ['proc-d'] }]) {
          const q = { period, measure, scope, now: NOW, limit: 200 };
          const fromFacts = await listIndicatorDossiers(ds, q);
          expect(fromFacts).toEqual(await listIndicatorDossiers(ds, q, { source: 'history' }));
        }
    const late = await listIndicatorDossiers(ds, { period: month('2026-11'), measure: 'late', now: NOW });
    expect(late.total).toBeGreaterThan(0);
  });

  it('backfills the same rows from the history, in chunks, through the migration', async () => {
    const kept = await facts();
    const migrations = [
      new ReportDossierFact1765340000000(),
      new ReportDossierFactOpenIndex1765340000001(),
      new ReportDossierFactEnded1765340000002(),
      new ReportDossierFactDropProcedureIndex1765340000003(),
    ];
    // A runner per step, as the migration runner gives each a fresh view of the schema.
    const step = async (run: (q: QueryRunner) => Promise<void>) => {
      const runner = ds.createQueryRunner();
      try {
        await run(runner);
      } finally {
        await runner.release();
      }
    };
    for (const m of [...migrations].reverse()) await step((q) => m.down(q));
    for (const m of migrations) await step((q) => m.up(q));
    expect(await facts()).toEqual(kept);
    // A chunk smaller than the data and not dividing it: every boundary is crossed once.
    await expect(rebuildDossierFacts(ds, { chunk: 7 })).resolves.toBe(dossiers.length + 1);
    expect(await facts()).toEqual(kept);
  });
});
