#!/usr/bin/env node
// One side of an A/B comparison of two builds: the engine's CPU seconds (and mysqld's) for a fixed
// amount of harness work. Figures, not a test. On a shared machine wall-clock figures move with
// the load; CPU seconds for the same work move less, and alternated pairs (A B A B …, at least
// three) are what to read.
//
//   node bench/cpu-pair.mjs <checkout> <sqlite|mariadb> [label]
//
// Starts <checkout>'s built engine (`engine/dist/main.js`, with the engine's own Node flags) on a
// fresh database — a temporary SQLite file, or a new MariaDB database on BENCH_MYSQL_URL's server
// (default mysql://motcua:motcua@127.0.0.1:3306) — runs this checkout's harness against it
// (`bench/run.mjs` with ENGINE_URL: BENCH_WARMUP + BENCH_INSTANCES dossiers, starts reduced to 1
// unless BENCH_STARTS is set) and prints the engine's and mysqld's CPU seconds over the harness
// run (from /proc), MariaDB's statement counters over it (Questions, Com_*, InnoDB fsyncs) and
// the harness's dossiers/s line. ENGINE_EXTRA_FLAGS adds Node flags to the engine (e.g.
// `--cpu-prof --cpu-prof-dir=DIR`, then `node bench/cpuprofile-summary.mjs`).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { freePort } from '../scripts/operaton-launcher.mjs';
import { mysqlServer, serverConnection, spawnEngine } from './targets.mjs';

const [checkout, db = 'sqlite', label = checkout] = process.argv.slice(2);
if (!checkout || !['sqlite', 'mariadb'].includes(db)) {
  console.error('usage: node bench/cpu-pair.mjs <checkout> <sqlite|mariadb> [label]');
  process.exit(2);
}
const root = resolve(checkout);
const TICKS = 100; // /proc/PID/stat's clock ticks per second on Linux

/** A process's user + system CPU seconds. */
const cpuOf = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
};

const COUNTERS = ['Questions', 'Com_select', 'Com_insert', 'Com_update', 'Com_delete', 'Com_commit'];
async function serverState(conn) {
  const [rows] = await conn.query(
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${[...COUNTERS, 'Innodb_data_fsyncs'].map((c) => `'${c}'`).join(', ')})`,
  );
  const counters = Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
  // mysqld's pid, for its CPU (the server runs on this machine in every setup this tool is for).
  const [[{ Value: pidFile }]] = await conn.query("SHOW VARIABLES LIKE 'pid_file'");
  return { counters, cpu: cpuOf(Number(readFileSync(pidFile, 'utf8').trim())) };
}

const dir = mkdtempSync(join(tmpdir(), 'cpu-pair-'));
let dbUrl = `sqlite:${join(dir, 'pair.sqlite')}`;
const database = `motcua_cpu_pair_${process.pid}`;
let admin = null;
if (db === 'mariadb') {
  admin = await serverConnection();
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const u = mysqlServer();
  u.pathname = `/${database}`;
  dbUrl = u.toString();
}

const port = await freePort();
const engine = await spawnEngine({
  checkout: root,
  dbUrl,
  port,
  extraFlags: (process.env.ENGINE_EXTRA_FLAGS ?? '').split(' ').filter(Boolean),
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exited = new Promise((ok) => engine.once('exit', ok));
const url = `http://127.0.0.1:${port}/engine-rest`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/engine`)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 600) throw new Error(`${url} did not answer within 60 s`);
  await new Promise((ok) => setTimeout(ok, 100));
}

const before = admin ? await serverState(admin) : null;
const engineBefore = cpuOf(engine.pid);
const t0 = performance.now();
const harness = spawn(process.execPath, [join(import.meta.dirname, 'run.mjs')], {
  env: {
    ...process.env,
    ENGINE_URL: url,
    ENGINE_PID: String(engine.pid),
    BENCH_STARTS: process.env.BENCH_STARTS ?? '1',
    BENCH_WARMUP_STARTS: process.env.BENCH_WARMUP_STARTS ?? '1',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
harness.stdout.on('data', (d) => (out += d));
const code = await new Promise((ok) => harness.once('exit', ok));
const engineCpu = cpuOf(engine.pid) - engineBefore;
const after = admin ? await serverState(admin) : null;
const wall = (performance.now() - t0) / 1000;

engine.kill('SIGTERM');
await exited;
rmSync(dir, { recursive: true, force: true });
if (admin) {
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.end();
}
if (code !== 0) {
  console.error(out);
  throw new Error(`the harness exited with ${code}`);
}
const mysqld = after ? `, mysqld CPU ${(after.cpu - before.cpu).toFixed(2)} s` : '';
console.log(`## ${label} ${db}: engine CPU ${engineCpu.toFixed(2)} s${mysqld}, wall ${wall.toFixed(1)} s`);
if (after) {
  const delta = Object.keys(after.counters).map((k) => `${k} ${after.counters[k] - before.counters[k]}`);
  console.log(delta.join(', '));
}
console.log(
  out
    .split('\n')
    .filter((l) => /^\s+(warm-up|measured):/.test(l))
    .join('\n'),
);
