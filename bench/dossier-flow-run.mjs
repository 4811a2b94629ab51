// The first bench (BENCH_SCENARIO=dossier-flow npm run bench): the five-element dossier flow of
// bench/scenarios/dossier-flow.mjs, one client doing every call, against the embedded engine
// started in this process (or ENGINE_URL). Kept so the figures of 2026-11-27 in RESULTS.md can be
// compared; the multi-target harness is bench/harness.mjs.
//
//   BENCH_SCENARIO=dossier-flow npm run bench                         # temp SQLite file
//   BENCH_SCENARIO=dossier-flow BENCH_DB_URL=mysql://… npm run bench  # MySQL/MariaDB
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { scenario as dossierScenario } from './scenarios/dossier-flow.mjs';

const instances = Number(process.env.BENCH_INSTANCES ?? 300);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

let engineUrl = process.env.ENGINE_URL;
let stop = async () => {};
let dbLabel = 'external engine';
if (!engineUrl) {
  const { startEngine } = await import('@motcua/engine');
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  const dbUrl = process.env.BENCH_DB_URL ?? `sqlite:${join(dir, 'bench.sqlite')}`;
  dbLabel = dbUrl.startsWith('sqlite')
    ? 'embedded engine, SQLite (WAL, synchronous=FULL)'
    : 'embedded engine, MySQL';
  const engine = await startEngine({ dbUrl, port: 0, host: '127.0.0.1' });
  engineUrl = engine.url;
  stop = async () => {
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
  const result = await dossierScenario({ engineUrl, instances, concurrency });
  for (const line of result) console.log(line);
} finally {
  await stop();
}
