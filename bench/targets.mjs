// The engines `npm run bench -- --targets …` can start, each as its own process so that ready time
// and memory are measured the same way for all: ours (node engine/dist/main.js) on SQLite or
// MariaDB, Operaton 1.0.3 and Camunda 7.24 (the Spring Boot jars of tools/operaton and
// tools/camunda7, scripts/operaton-launcher.mjs) on their in-memory H2 or on the same MariaDB.
// Every MariaDB target gets a database of its own, named after this run's process id (two benches
// at once must not drop each other's), created afresh and dropped when the target stops.
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  buildJarIfStale,
  freePort,
  referenceEngine,
  startReferenceEngine,
} from '../scripts/operaton-launcher.mjs';

const root = resolve(import.meta.dirname, '..');

/** name → engine and database. */
export const TARGETS = {
  'ours-sqlite': { engine: 'ours', db: 'sqlite', label: 'ours, SQLite' },
  'ours-mariadb': { engine: 'ours', db: 'mariadb', label: 'ours, MariaDB' },
  'operaton-h2': { engine: 'operaton', db: 'h2', label: 'Operaton 1.0.3, H2' },
  'operaton-mariadb': { engine: 'operaton', db: 'mariadb', label: 'Operaton 1.0.3, MariaDB' },
  'camunda7-h2': { engine: 'camunda7', db: 'h2', label: 'Camunda 7.24, H2' },
  'camunda7-mariadb': { engine: 'camunda7', db: 'mariadb', label: 'Camunda 7.24, MariaDB' },
};

/** `all` or a comma-separated list of target names, validated. */
export function parseTargets(list) {
  const names = list === 'all' ? Object.keys(TARGETS) : list.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !TARGETS[n]);
  if (unknown.length)
    throw new Error(
      `unknown target(s) ${unknown.join(', ')}; known: ${Object.keys(TARGETS).join(', ')}, all`,
    );
  return names;
}

/** The server the MariaDB targets use (user with CREATE/DROP DATABASE rights). */
export const mysqlServer = () =>
  new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://motcua:motcua@127.0.0.1:3306');

/** motcua_bench_<engine>_<pid>: this run's database for one engine. */
const databaseName = (engine) => `motcua_bench_${engine}_${process.pid}`;

/** A mysql2 connection to the bench's MariaDB server, to one of its databases if named. */
export async function serverConnection(database) {
  const { createConnection } = await import('mysql2/promise');
  const u = mysqlServer();
  return createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ...(database ? { database } : {}),
  });
}

async function onServer(statements) {
  const conn = await serverConnection();
  try {
    for (const sql of statements) await conn.query(sql);
  } finally {
    await conn.end();
  }
}

export const freshDatabase = (name) =>
  onServer([
    `DROP DATABASE IF EXISTS \`${name}\``,
    `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
  ]);
export const dropDatabase = (name) => onServer([`DROP DATABASE IF EXISTS \`${name}\``]);

/** Resident set size now and its peak (VmRSS, VmHWM of /proc/PID/status), in MiB. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

async function waitForEngine(url, { exited, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`the engine exited before ${url}/engine answered`);
    try {
      const res = await fetch(`${url}/engine`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url}/engine did not answer within ${timeoutMs / 1000} s`);
    await sleep(20);
  }
}

/**
 * Starts a checkout's built engine (`engine/dist/main.js`, this one's by default) as `npm run
 * engine` starts it — with the engine's Node flags (engine/src/node-flags.ts) — plus `extraFlags`,
 * without authentication and with warnings only.
 */
export async function spawnEngine({ checkout = root, dbUrl, port, extraFlags = [], stdio }) {
  const flagsModule = pathToFileURL(join(checkout, 'engine/dist/node-flags.js')).href;
  const { ENGINE_NODE_FLAGS } = await import(flagsModule);
  return spawn(
    process.execPath,
    [...ENGINE_NODE_FLAGS, ...extraFlags, join(checkout, 'engine/dist/main.js')],
    {
      env: {
        ...process.env,
        DB_URL: dbUrl,
        ENGINE_PORT: String(port),
        ENGINE_HOST: '127.0.0.1',
        ENGINE_AUTH: 'none',
        LOG_LEVEL: 'warn',
      },
      stdio,
    },
  );
}

async function startOurs({ db, log, shared, sqliteFile }) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  let dbUrl = `sqlite:${sqliteFile ?? join(dir, 'bench.sqlite')}`;
  const database = shared ?? (db === 'mariadb' ? databaseName('ours') : null);
  if (database) {
    if (!shared) await freshDatabase(database);
    const u = mysqlServer();
    u.pathname = `/${database}`;
    dbUrl = u.toString();
  }
  const port = await freePort();
  const t0 = performance.now();
  const child = await spawnEngine({ dbUrl, port, stdio: ['ignore', log, log] });
  const exited = new Promise((ok) => child.once('exit', ok));
  let gone = false;
  exited.then(() => (gone = true));
  const stop = async () => {
    if (!gone) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
    if (database && !shared) await dropDatabase(database);
  };
  const url = `http://127.0.0.1:${port}/engine-rest`;
  try {
    // BENCH_READY_TIMEOUT_S: a fresh MariaDB database on a loaded machine may take longer than 60 s.
    const timeoutMs = Number(process.env.BENCH_READY_TIMEOUT_S ?? 60) * 1000;
    await waitForEngine(url, { exited: () => gone, timeoutMs });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    pid: child.pid,
    readyMs: performance.now() - t0,
    version: 'motcua',
    stop,
    kill: () => child.kill('SIGKILL'),
  };
}

async function startReference({ engine, db, log, shared }) {
  buildJarIfStale(console.log, engine);
  const appArgs = [];
  let database = null;
  if (db === 'mariadb') {
    database = shared ?? databaseName(engine);
    if (!shared) await freshDatabase(database);
    const u = mysqlServer();
    appArgs.push(
      // nullDatabaseMeansCurrent: without it the driver's metadata sees other databases' ACT_ tables
      // and the engine skips creating its schema (shared/CI-NOTES.md).
      `--spring.datasource.url=jdbc:mariadb://${u.hostname}:${u.port || 3306}/${database}?nullDatabaseMeansCurrent=true`,
      `--spring.datasource.username=${decodeURIComponent(u.username)}`,
      `--spring.datasource.password=${decodeURIComponent(u.password)}`,
      // The engine refuses MariaDB's default REPEATABLE READ (ENGINE-12019); ours uses READ COMMITTED too.
      '--spring.datasource.hikari.transaction-isolation=TRANSACTION_READ_COMMITTED',
    );
    // Camunda 7.24 cannot tell its database type from the product name 'MariaDB' (Operaton can), and
    // its type `mariadb` fails while building its SQL mappings (NullPointerException): it runs as `mysql`.
    if (engine === 'camunda7') appArgs.push('--camunda.bpm.database.type=mysql');
  }
  const port = await freePort();
  const t0 = performance.now();
  const dropOwn = async () => {
    if (database && !shared) await dropDatabase(database);
  };
  let ref;
  try {
    ref = await startReferenceEngine({
      engine,
      port,
      stdio: log,
      // Full JIT (not the suites' C1-only flag); the heap capped as the suites do.
      jvmOptions: ['-Xmx768m'],
      appArgs,
      pollMs: 20,
      // BENCH_READY_TIMEOUT_S (180): a JVM on a machine shared by many processes can need longer.
      readyTimeoutMs: Number(process.env.BENCH_READY_TIMEOUT_S ?? 180) * 1000,
    });
  } catch (err) {
    await dropOwn();
    throw err;
  }
  const stop = async () => {
    await ref.stop();
    await dropOwn();
  };
  try {
    await waitForEngine(ref.url, { exited: () => false, timeoutMs: 10_000 });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    ...ref,
    stop,
    readyMs: performance.now() - t0,
    version: `${referenceEngine(engine).title} ${ref.version}`,
  };
}

/**
 * Starts a target; the engine's output goes to a log file (printed path) so the bench's own output
 * stays a table. Resolves with `url`, `pid`, `readyMs` (process start → GET /engine-rest/engine
 * answers), `stop()` and a synchronous `kill()` for an exit handler. `shared`: the name of an
 * existing MariaDB database to use (several engine processes on one database, bench/scale-out.mjs),
 * which the target then neither creates nor drops; `sqliteFile`: the same for ours on SQLite (the
 * kept databases of scenarios (c) and (d), bench/scenarios/data-scale-run.mjs).
 */
export async function startTarget(name, { shared, sqliteFile } = {}) {
  const { engine, db } = TARGETS[name];
  const logDir = mkdtempSync(join(tmpdir(), `motcua-bench-${name}-`));
  const logPath = join(logDir, 'engine.log');
  const log = openSync(logPath, 'a');
  const started =
    engine === 'ours'
      ? await startOurs({ db, log, shared, sqliteFile })
      : await startReference({ engine, db, log, shared });
  return { ...started, logPath };
}
