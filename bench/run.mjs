#!/usr/bin/env node
// Benchmarks: not tests. Prints figures; nothing asserts a time.
// Drives an engine only through the Camunda 7 REST API, so the same scenario runs against the
// embedded engine (started here on a fresh database unless ENGINE_URL is set) and against Operaton.
//
//   npm run bench                         # embedded engine on a temp SQLite file
//   BENCH_DB_URL=mysql://… npm run bench  # embedded engine on MySQL/MariaDB
//   ENGINE_URL=http://127.0.0.1:8080/engine-rest npm run bench
//   BENCH_INSTANCES=500 BENCH_CONCURRENCY=8 npm run bench
//   BENCH_SCENARIO=large-data npm run bench  # queries at 100 000 open tasks (bench/large-data.mjs)
//   BENCH_SCENARIO=start-cost npm run bench  # where the time of a process start goes (bench/start-cost.mjs)
//   BENCH_SCENARIO=indicators npm run bench  # Decision 766 indicators over 1 000 000 history events (bench/indicators.mjs)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { scenario as dossierScenario } from './scenarios/dossier-flow.mjs';

if (['large-data', 'start-cost', 'indicators'].includes(process.env.BENCH_SCENARIO ?? '')) {
  await import(`./${process.env.BENCH_SCENARIO}.mjs`);
  process.exit(0);
}

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
