// `BENCH_SCENARIO=large-data npm run bench`: list and count queries at ministry scale (issue 17),
// on our engine with SQLite and with MariaDB, and on Operaton 1.0.3, in one run. See
// bench/scenarios/large-data.mjs for the queries and bench/RESULTS.md for the figures.
//
//   BENCH_OPEN_TASKS=100000      running instances, one open user task each (our engine)
//   BENCH_FINISHED=12000         finished instances whose history fills the history tables (≈ 73 rows each)
//   BENCH_PROCEDURES=40 BENCH_GROUPS=50
//   BENCH_TARGETS=sqlite,mariadb,operaton
//   BENCH_MYSQL_URL=mysql://motcua:motcua@127.0.0.1:3306/motcua_bench   (a database per size is created)
//   BENCH_OPERATON_OPEN=20000 BENCH_OPERATON_FINISHED=500 BENCH_OPERATON_WAITING=500 (through REST)
//   BENCH_ROUNDS=30
//   BENCH_ONLY=inbox,candidate   time only the queries whose names contain one of these (the inbox pair always)
// Our engine's data is built once per size by bulk SQL and reused: bench/.cache/*.sqlite and the
// MariaDB database motcua_bench_<open>_<finished>. Delete them to rebuild.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { startEngine } from '@motcua/engine';
import { openDatabase } from '@motcua/db';
import { seedBulk } from '@motcua/db/bulk-seed';
import { freePort, startOperaton, buildJarIfStale } from '../scripts/operaton-launcher.mjs';
import {
  deployProcedures,
  ensureCandidateUser,
  loadThroughRest,
  measure,
  rest,
  table,
} from './scenarios/large-data.mjs';

const env = (k, d) => Number(process.env[k] ?? d);
const sizes = {
  procedures: env('BENCH_PROCEDURES', 40),
  groups: env('BENCH_GROUPS', 50),
  openTasks: env('BENCH_OPEN_TASKS', 100_000),
  finishedInstances: env('BENCH_FINISHED', 12_000),
  historyPerInstance: 20,
  externalEvery: 5,
};
const rounds = env('BENCH_ROUNDS', 30);
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : undefined;
const targets = (process.env.BENCH_TARGETS ?? 'sqlite,mariadb,operaton').split(',');
const here = dirname(fileURLToPath(import.meta.url));
const tag = `${sizes.openTasks}_${sizes.finishedInstances}`;
const log = (m) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

/** Builds (once) and opens our engine's database; returns the DB URL. */
async function prepare(kind) {
  if (kind === 'sqlite') {
    const dir = join(here, '.cache');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `large-${tag}.sqlite`);
    if (existsSync(file)) return { url: `sqlite:${file}`, built: false };
    const building = join(dir, `large-${tag}.building.sqlite`);
    for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
    await build(`sqlite:${building}`);
    renameSync(building, file);
    return { url: `sqlite:${file}`, built: true };
  }
  const base = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://motcua:motcua@127.0.0.1:3306/motcua_bench');
  const name = `${base.pathname.slice(1)}_${tag}`;
  const admin = await mysql.createConnection({
    host: base.hostname,
    port: Number(base.port || 3306),
    user: decodeURIComponent(base.username),
    password: decodeURIComponent(base.password),
  });
  const url = `mysql://${base.username}:${base.password}@${base.host}/${name}`;
  try {
    const [rows] = await admin.query(
      'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
      [name, 'bench_built'],
    );
    if (rows[0].n > 0) return { url, built: false };
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  await build(url);
  const marker = await mysql.createConnection(url);
  await marker.query('CREATE TABLE bench_built (at DATETIME)');
  await marker.end();
  return { url, built: true };
}

/** Deploys the procedures through REST, then writes the rows by bulk SQL and analyzes. */
async function build(url) {
  const t0 = performance.now();
  const engine = await startEngine({ dbUrl: url, port: 0, jobExecutor: { enabled: false } });
  const definitionIds = await deployProcedures(engine.url, sizes.procedures);
  await engine.close();
  const ds = await openDatabase({ url });
  const rows = await seedBulk(ds, sizes, { definitionIds });
  await ds.destroy();
  log(
    `built ${url.replace(/:[^:@/]*@/, ':***@')}: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
}

const results = [];
console.log(
  `motcua large-data bench — ${new Date().toISOString()}; sizes ${JSON.stringify(sizes)}; ${rounds} rounds${only ? `; only ${only.join(',')}` : ''}`,
);
for (const kind of targets.filter((t) => t === 'sqlite' || t === 'mariadb')) {
  const { url, built } = await prepare(kind);
  log(`${kind}: ${built ? 'built' : 'reusing'} ${url.replace(/:[^:@/]*@/, ':***@')}`);
  const t0 = performance.now();
  const engine = await startEngine({ dbUrl: url, port: 0, jobExecutor: { enabled: false } });
  log(`${kind}: engine started in ${((performance.now() - t0) / 1000).toFixed(1)} s (migrations + ANALYZE)`);
  try {
    await ensureCandidateUser(engine.url);
    const open = (await rest(engine.url, '/task/count')).count;
    const history = (await rest(engine.url, '/history/activity-instance/count')).count;
    log(`${kind}: ${open} open tasks, ${history} historic activity instances; measuring`);
    results.push({ label: `motcua ${kind}`, results: await measure(engine.url, { rounds, only }) });
  } finally {
    await engine.close();
  }
}

if (targets.includes('operaton')) {
  buildJarIfStale();
  const port = await freePort();
  const operaton = await startOperaton({ port, stdio: 'ignore' });
  try {
    await deployProcedures(operaton.url, sizes.procedures);
    await ensureCandidateUser(operaton.url);
    const load = {
      procedures: sizes.procedures,
      groups: sizes.groups,
      open: env('BENCH_OPERATON_OPEN', 20_000),
      finished: env('BENCH_OPERATON_FINISHED', 500),
      waiting: env('BENCH_OPERATON_WAITING', 500),
    };
    const s = await loadThroughRest(operaton.url, load);
    log(
      `operaton ${operaton.version}: loaded ${JSON.stringify(load)} through REST in ${s.toFixed(0)} s; measuring`,
    );
    results.push({
      label: `Operaton ${operaton.version} (H2, ${load.open} open)`,
      results: await measure(operaton.url, { rounds, only }),
    });
  } finally {
    await operaton.stop();
  }
}

for (const line of table(
  results.map((r) => r.label),
  results,
))
  console.log(line);
