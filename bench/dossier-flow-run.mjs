// The first bench (BENCH_SCENARIO=dossier-flow npm run bench): the five-element dossier flow of
// bench/scenarios/dossier-flow.mjs, one client doing every call, against the embedded engine
// started in this process (or ENGINE_URL). Kept so the figures of 2026-11-27 in RESULTS.md can be
// compared; the multi-target harness is bench/harness.mjs.
//
//   BENCH_SCENARIO=dossier-flow npm run bench                         # temp SQLite file
//   BENCH_SCENARIO=dossier-flow BENCH_DB_URL=mysql://… npm run bench  # MySQL/MariaDB
//   BENCH_PORTAL_WRITER=20 BENCH_SCENARIO=dossier-flow npm run bench  # plus a portal-style writer
//
// BENCH_PORTAL_WRITER=<ms>: a second DataSource on the engine's SQLite file in this process (as the
// portal's is under `npm start`) writes one small transaction every <ms> ms during the run; its
// latencies and failures are printed. The process's CPU time (client and engine) per dossier too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scenario as dossierScenario } from './scenarios/dossier-flow.mjs';

const instances = Number(process.env.BENCH_INSTANCES ?? 300);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

const portalWriterMs = Number(process.env.BENCH_PORTAL_WRITER ?? 0);

let engineUrl = process.env.ENGINE_URL;
let stop = async () => {};
let portalWriter = null;
let dbLabel = 'external engine';
/** The embedded engine's statement and round-trip counts (null for an external engine). */
let stats = () => null;
if (!engineUrl) {
  const { startEngine } = await import('@motcua/engine');
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  const dbUrl = process.env.BENCH_DB_URL ?? `sqlite:${join(dir, 'bench.sqlite')}`;
  dbLabel = dbUrl.startsWith('sqlite')
    ? 'embedded engine, SQLite (WAL, synchronous=FULL)'
    : 'embedded engine, MySQL';
  const engine = await startEngine({ dbUrl, port: 0, host: '127.0.0.1' });
  engineUrl = engine.url;
  if (portalWriterMs > 0 && dbUrl.startsWith('sqlite'))
    portalWriter = await startPortalWriter(dbUrl, portalWriterMs);
  stats = () => engine.stats();
  stop = async () => {
    await portalWriter?.stop();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  };
}

console.log(`motcua bench — ${new Date().toISOString()}`);
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
);
console.log(`target: ${engineUrl} (${dbLabel}); ${instances} instances, concurrency ${concurrency}\n`);
try {
  const cpu0 = process.cpuUsage();
  const engine0 = stats();
  const result = await dossierScenario({ engineUrl, instances, concurrency });
  const cpu = process.cpuUsage(cpu0);
  for (const line of result) console.log(line);
  console.log(
    `process CPU (client and engine): ${((cpu.user + cpu.system) / 1000 / instances).toFixed(1)} ms per dossier`,
  );
  if (portalWriter) console.log(portalWriter.report());
  // The engine's database work per dossier (embedded engine only).
  const engine1 = stats();
  if (engine0 && engine1)
    console.log(
      `per dossier: ${((engine1.statements - engine0.statements) / instances).toFixed(1)} statements, ` +
        `${((engine1.roundTrips - engine0.roundTrips) / instances).toFixed(1)} round trips (BEGIN and COMMIT included)`,
    );
} finally {
  await stop();
}

/** A portal-style writer: its own DataSource on the file, one INSERT transaction at a time. */
async function startPortalWriter(dbUrl, everyMs) {
  const { openDatabase } = await import('@motcua/db');
  const ds = await openDatabase({ url: dbUrl, migrate: false });
  await ds.query('CREATE TABLE IF NOT EXISTS bench_portal_writes (n INTEGER PRIMARY KEY, at TEXT)');
  const latencies = [];
  const failures = [];
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await ds.transaction((em) =>
          em.query('INSERT INTO bench_portal_writes (n, at) VALUES (?, ?)', [n++, new Date().toISOString()]),
        );
        latencies.push(performance.now() - t0);
      } catch (err) {
        failures.push(err.message);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await ds.destroy();
    },
    report() {
      const s = [...latencies].sort((a, b) => a - b);
      const at = (p) => (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0).toFixed(1);
      return (
        `portal-style writer (every ${everyMs} ms): ${s.length} writes, p50/p99/max ${at(50)} / ${at(99)} / ` +
        `${(s[s.length - 1] ?? 0).toFixed(1)} ms; ${failures.length} failed${failures.length ? `: ${failures[0]}` : ''}`
      );
    },
  };
}
