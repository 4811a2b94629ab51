// `BENCH_SCENARIO=indicators npm run bench`: the Decision 766 indicator queries (issue 14) over a
// dossier history of 1 000 000 events, on SQLite and on MariaDB. Not a test: prints figures.
//
//   BENCH_EVENTS=1000000        history events to build (≈ 8 per dossier)
//   BENCH_PROCEDURES=40         procedures, 10 units of 4
//   BENCH_TARGETS=sqlite,mariadb
//   BENCH_MYSQL_URL=mysql://motcua:motcua@127.0.0.1:3306/motcua_bench
//   BENCH_ROUNDS=5
//   BENCH_COMPARE=1             also run each query from the history (the reports before the
//                               facts table), BENCH_HISTORY_ROUNDS=1 rounds, under the same load
// Each report query runs three ways, back to back: from the stored closed months (what the pages
// run once a month was summed), the same with every stored month dropped before each round (the
// first view after a change, which sums the months and stores them), and from the facts alone
// (the pages before the stored months). The statements each one sends are counted.
// The data is built once per size by bulk SQL (multi-row INSERTs) and reused: bench/.cache/
// indicators-<events>.sqlite and the MariaDB database motcua_bench_ind_<events>. Delete to rebuild.
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { cachedDatabase } from './cached-database.mjs';
import { openDatabase } from '@motcua/db';
import {
  computeIndicatorCells,
  ensureWorkingDayIndex,
  invalidateReportMonths,
  listIndicatorDossiers,
  rebuildDossierFacts,
} from '@motcua/db/portal';

const env = (k, d) => Number(process.env[k] ?? d);
const targetEvents = env('BENCH_EVENTS', 1_000_000);
const procedures = env('BENCH_PROCEDURES', 40);
const rounds = env('BENCH_ROUNDS', 5);
const targets = (process.env.BENCH_TARGETS ?? 'sqlite,mariadb').split(',');
const log = (m) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

// A deterministic generator, so every build of a size holds the same history.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const sqlAt = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const day = (ms) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
const START = Date.parse('2025-01-01T01:00:00Z');
const SPAN = Date.parse('2026-12-01T00:00:00Z') - START;
const H = 3600_000;
const D = 24 * H;

/** One dossier's rows: its dossier row, its events, maybe a rating and an upload. */
function makeDossier(i) {
  const id = `bench-${String(i).padStart(8, '0')}`;
  const proc = i % procedures;
  const submitted = START + Math.floor(rand() * SPAN);
  const channel = rand() < 0.6 ? 2 : rand() < 0.8 ? 1 : 3;
  const events = [[submitted + 5 * 60_000, 1, 'completeness-check']];
  let t = submitted + H;
  if (rand() < 0.1) {
    events.push([t, 5, 'supplement-requested']);
    t += 2 * D;
    events.push([t, 1, 'supplemented']);
  }
  if (rand() < 0.05) {
    events.push([t + H, 3, 'not-accepted']);
    return { id, proc, channel, submitted, due: null, events };
  }
  events.push([t + H, 2, 'accepted']);
  const received = t + H;
  if (rand() < 0.3) events.push([received, 6, 'payment-requested']);
  events.push([received + H, 4, 'in-process']);
  const due = day(received + 14 * D);
  const open = submitted > START + SPAN - 45 * D && rand() < 0.7;
  if (open) return { id, proc, channel, submitted, due, events };
  const takes = Math.floor(rand() * 20 * D);
  if (takes > 14 * D) events.push([received + 15 * D, 4, 'late']);
  events.push([received + takes + 2 * H, 9, 'processed']);
  events.push([received + takes + 3 * H, 10, rand() < 0.05 ? 'refused' : 'result-returned']);
  return {
    id,
    proc,
    channel,
    submitted,
    due,
    events,
    rating: rand() < 0.3 ? [1 + Math.floor(rand() * 5), received + takes + D] : null,
    upload: rand() < 0.5,
  };
}

/** Multi-row INSERTs of `rows` (arrays of values) into `table(columns)`, `per` rows a statement. */
async function insertMany(ds, table, columns, rows, per) {
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const marks = `(${columns.map(() => '?').join(', ')})`;
    await ds.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => marks).join(', ')}`,
      chunk.flat(),
    );
  }
}

async function build(url) {
  const t0 = performance.now();
  const ds = await openDatabase({ url });
  seed = 42;
  let events = 0;
  let dossiers = 0;
  const per = url.startsWith('sqlite') ? 90 : 500; // SQLite: at most 999 parameters a statement
  while (events < targetEvents) {
    const batch = [];
    for (let k = 0; k < 5000 && events < targetEvents; k++) {
      const d = makeDossier(dossiers++);
      events += d.events.length;
      batch.push(d);
    }
    await ds.transaction(async (m) => {
      await insertMany(
        m,
        'dossier',
        [
          'id',
          'procedure_key',
          'procedure_code',
          'applicant_id',
          'process_instance_id',
          'dossier_code',
          'status_code',
          'engine_state',
          'submitted_at',
          'channel',
          'submitted_data',
          'rev',
          'due_date',
        ],
        batch.map((d) => [
          d.id,
          `proc-${d.proc}`,
          `1.${String(d.proc).padStart(6, '0')}`,
          'applicant',
          `pi-${d.id}`,
          `U-${d.id}`,
          d.events.at(-1)[1],
          'started',
          sqlAt(d.submitted),
          d.channel,
          '{}',
          1,
          d.due,
        ]),
        Math.floor(per / 1.5),
      );
      await insertMany(
        m,
        'dossier_history',
        ['event_key', 'dossier_id', 'process_instance_id', 'status_code', 'kind', 'text_vi', 'actor', 'at'],
        batch.flatMap((d) =>
          d.events.map(([at, code, kind], n) => [
            `${kind}:${d.id}:${n}`,
            d.id,
            `pi-${d.id}`,
            code,
            kind,
            kind,
            'system',
            sqlAt(at),
          ]),
        ),
        Math.floor(per * 1.2),
      );
      const rated = batch.filter((d) => d.rating);
      await insertMany(
        m,
        'satisfaction_rating',
        ['dossier_id', 'applicant_id', 'procedure_code', 'score', 'rated_at'],
        rated.map((d) => [d.id, 'applicant', 'x', d.rating[0], sqlAt(d.rating[1])]),
        per * 2,
      );
      const uploaded = batch.filter((d) => d.upload);
      await insertMany(
        m,
        'dossier_attachment',
        [
          'id',
          'dossier_id',
          'owner_id',
          'scope',
          'slot',
          'document_name',
          'file_id',
          'sha256',
          'size',
          'media_type',
          'state',
          'source',
          'created_at',
        ],
        uploaded.map((d) => [
          `a-${d.id}`,
          d.id,
          'applicant',
          'apply',
          0,
          'Đơn',
          'f',
          'x',
          1,
          'application/pdf',
          'current',
          'applicant',
          sqlAt(d.submitted),
        ]),
        Math.floor(per / 1.5),
      );
    });
  }
  // The bulk load bypasses the stores, so the reports' per-dossier facts are built the way the
  // migration backfills an existing history: from the history, a chunk of dossiers at a time.
  const f0 = performance.now();
  const facts = await rebuildDossierFacts(ds);
  log(`dossier facts: ${facts} rows from the history in ${((performance.now() - f0) / 1000).toFixed(0)} s`);
  if (url.startsWith('sqlite')) await ds.query('ANALYZE');
  else
    for (const t of [
      'dossier',
      'dossier_history',
      'satisfaction_rating',
      'dossier_attachment',
      'report_dossier_fact',
    ])
      await ds.query(`ANALYZE TABLE ${t}`);
  await ds.destroy();
  log(
    `built ${dossiers} dossiers, ${events} history events in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
}

async function prepare(kind) {
  return cachedDatabase(
    kind,
    kind === 'sqlite' ? `indicators-${targetEvents}` : `ind_${targetEvents}`,
    build,
  );
}

const vnMonth = (m) => {
  const [y, mo] = m.split('-').map(Number);
  const from = new Date(Date.UTC(y, mo - 1, 1) - 7 * H);
  const to = new Date(Date.UTC(y, mo, 1) - 7 * H);
  return { key: m, from, to };
};
const months = Array.from({ length: 12 }, (_, i) => {
  const d = new Date(Date.UTC(2025, 11 + i, 1));
  return d.toISOString().slice(0, 7);
});
const now = new Date('2026-12-07T03:00:00Z');
const unitKeys = Array.from({ length: procedures / 10 }, (_, i) => `proc-${i * 10}`).concat(
  Array.from({ length: 3 }, (_, i) => `proc-${i * 10 + 1}`),
);

const QUERIES = [
  [
    'working-day index check (every report runs it first)',
    async (ds) => {
      await ensureWorkingDayIndex(ds, now);
      return [];
    },
    { only: 'facts' },
  ],
  [
    'one month, every procedure (cells)',
    (ds, o) => computeIndicatorCells(ds, { periods: [vnMonth('2026-11')], now }, o),
  ],
  [
    'report page: month + 11 trend months (12 periods)',
    (ds, o) =>
      computeIndicatorCells(
        ds,
        { periods: [vnMonth('2026-11'), ...months.slice(0, 11).map(vnMonth)], now },
        o,
      ),
  ],
  [
    'report page of the running month: 12/2026 (from the facts) + 11 closed months',
    (ds, o) =>
      computeIndicatorCells(ds, { periods: ['2026-12', ...months.slice(1, 12)].map(vnMonth), now }, o),
  ],
  [
    'leader: one unit (4 of 40 procedures), month + trend',
    (ds, o) =>
      computeIndicatorCells(
        ds,
        {
          periods: [vnMonth('2026-11'), ...months.slice(0, 11).map(vnMonth)],
          scope: { procedureKeys: unitKeys.slice(0, 4) },
          now,
        },
        o,
      ),
  ],
  [
    'drill-down: late in a month, first page of 50 + count',
    (ds, o) => listIndicatorDossiers(ds, { period: vnMonth('2026-11'), measure: 'late', now, limit: 50 }, o),
    { only: 'facts' },
  ],
];

/** Counts the statements sent through any of the data source's query runners. */
function countStatements(ds) {
  const runner = ds.createQueryRunner();
  const proto = Object.getPrototypeOf(runner);
  void runner.release();
  const original = proto.query;
  const counter = { n: 0 };
  proto.query = function (...args) {
    counter.n += 1;
    return original.apply(this, args);
  };
  return { counter, restore: () => (proto.query = original) };
}

/** The ways a query is read: [label, options for the query, what to do before each round]. */
const VARIANTS = [
  ['stored months', { source: 'summary' }, null],
  ['stored months dropped first', { source: 'summary' }, (ds) => invalidateReportMonths(ds, null)],
  ['facts only (before)', { source: 'facts' }, null],
];

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s.at(-1) };
}

console.log(
  `motcua indicators bench — ${new Date().toISOString()}; ${targetEvents} events, ${procedures} procedures, ${rounds} rounds; ` +
    `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
const lines = [
  '| query | database | read from | rounds | statements | min ms | median ms | max ms |',
  '|---|---|---|---:|---:|---:|---:|---:|',
];
for (const kind of targets) {
  const { url, built } = await prepare(kind);
  log(`${kind}: ${built ? 'built' : 'reusing'} ${url.replace(/:[^:@/]*@/, ':***@')}`);
  // On data built before the facts table, opening runs its migration: the backfill is timed here.
  const m0 = performance.now();
  const ds = await openDatabase({ url });
  log(`${kind}: opened (pending migrations included) in ${((performance.now() - m0) / 1000).toFixed(1)} s`);
  try {
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM dossier_history');
    log(`${kind}: ${n} history events; warming up (working-day index)`);
    await QUERIES[0][1](ds);
    // Each query from report_dossier_fact (what the pages run), then, with BENCH_COMPARE=1, the
    // same from the history itself (what they ran before the facts table) under the same load.
    const variants = [
      ...VARIANTS,
      ...(process.env.BENCH_COMPARE === '1' ? [['history', { source: 'history' }, null]] : []),
    ];
    const { counter, restore } = countStatements(ds);
    for (const [name, run, o] of QUERIES)
      for (const [label, options, before] of variants) {
        if (o?.only && options.source !== o.only) continue;
        const times = [];
        let result;
        let statements = 0;
        const n = options.source === 'history' ? env('BENCH_HISTORY_ROUNDS', 1) : rounds;
        try {
          await run(ds, options); // warm-up: the stored months exist after it
          for (let r = 0; r < n; r++) {
            if (before) await before(ds);
            counter.n = 0;
            const t0 = performance.now();
            result = await run(ds, options);
            times.push(performance.now() - t0);
            statements = counter.n;
          }
        } catch (err) {
          // Recorded, not fatal: on the shared machine MariaDB's on-disk temporary tables under
          // /tmp have been seen to vanish mid-query (EE_DELETE).
          log(`${kind}: ${name} — ${label}: failed: ${String(err.message ?? err).slice(0, 200)}`);
          lines.push(`| ${name} | ${kind} | ${label} | failed | | | | ${String(err.code ?? 'error')} |`);
          continue;
        }
        const s = stats(times);
        const size = Array.isArray(result) ? `${result.length} cells` : `${result.total} dossiers`;
        log(
          `${kind}: ${name} — ${label}: median ${s.median.toFixed(0)} ms (${size}, ${statements} statements, ${n} rounds)`,
        );
        lines.push(
          `| ${name} | ${kind} | ${label} | ${n} | ${statements} | ${s.min.toFixed(0)} | ${s.median.toFixed(0)} | ${s.max.toFixed(0)} |`,
        );
      }
    restore();
  } finally {
    await ds.destroy();
  }
}
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const l of lines) console.log(l);
