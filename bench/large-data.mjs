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
import { performance } from 'node:perf_hooks';
import { cachedDatabase } from './cached-database.mjs';
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
const tag = `${sizes.openTasks}_${sizes.finishedInstances}`;
const log = (m) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

/** Builds (once) and opens our engine's database; returns the DB URL. */
async function prepare(kind) {
  return cachedDatabase(kind, kind === 'sqlite' ? `large-${tag}` : tag, build);
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
