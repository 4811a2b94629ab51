// Scenario (e) of issue 15: n engine processes of one target on one MariaDB database (ours: `node
// engine/dist/main.js` each on its own port with the same DB_URL; Operaton: its jar n times on the
// same datasource, a shared-database cluster with a job executor on each node), driven by scenario
// (a)'s dossier clients spread over the nodes. While a round runs, the CPU of every engine process,
// of mysqld, of the clients (this process) and of the whole machine is sampled from /proc, so that
// the reader sees who the limit was.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { cpuShares, machineTicks, processTicks } from '../scale-report.mjs';
import { dropDatabase, freshDatabase, mysqlServer, startTarget, TARGETS } from '../targets.mjs';
import { dossierRound } from './dossier-workers.mjs';

/**
 * Starts `count` processes of a MariaDB target on one fresh database, one after the other (the
 * first creates the schema; the others join it). Resolves with the nodes (`url`, `pid`, `readyMs`)
 * and `stop()`, which stops them all and drops the database; `kill()` for an exit handler.
 */
export async function startCluster(name, count) {
  const { engine, db } = TARGETS[name];
  if (db !== 'mariadb')
    throw new Error(`${name}: scale-out runs on MariaDB targets only (one shared database)`);
  const database = `motcua_bench_scale_${engine}_${process.pid}`;
  await freshDatabase(database);
  const nodes = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await dropDatabase(database);
  };
  try {
    for (let i = 0; i < count; i++) nodes.push(await startTarget(name, { shared: database }));
  } catch (err) {
    await stop();
    throw err;
  }
  return { nodes, database, stop, kill: () => nodes.forEach((n) => n.kill?.()) };
}

/**
 * The pid of the MariaDB server the bench uses: BENCH_MYSQLD_PID, else the mariadbd/mysqld process
 * holding the listening socket of BENCH_MYSQL_URL's port (another helper's server on another port,
 * started and stopped while the bench runs, must not be taken for it); null when not found.
 */
export function mysqldPid(port = Number(mysqlServer().port || 3306)) {
  if (process.env.BENCH_MYSQLD_PID) return Number(process.env.BENCH_MYSQLD_PID);
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6'])
    for (const line of readOr(table).split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A') inodes.add(`socket:[${f[9]}]`); // 0A: LISTEN
    }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = readOr(`/proc/${entry}/comm`).trim();
    if (comm !== 'mariadbd' && comm !== 'mysqld') continue;
    let fds;
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // ended while we looked, or not ours to read
    }
    if (fds.some((fd) => inodes.has(linkOr(`/proc/${entry}/fd/${fd}`)))) return Number(entry);
  }
  return null;
}

/** A file's text, '' when it cannot be read (a process or fd gone while we looked). */
function readOr(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Where a symbolic link points, '' when it is gone. */
function linkOr(path) {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

const ticksOf = (pid) => (pid ? processTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) : Number.NaN);

function snapshot(enginePids, mysqld) {
  const { user, system } = process.cpuUsage();
  return {
    engines: enginePids.map(ticksOf),
    mysqld: ticksOf(mysqld),
    clientsMs: (user + system) / 1000,
    machine: machineTicks(readFileSync('/proc/stat', 'utf8')),
  };
}

/**
 * One measured round of scenario (a) against the cluster's nodes with `concurrency` officers (officer
 * k on node k mod n, a pair of workers on each node); resolves with the round's figures and the CPU
 * shares over it (over `cpuSeconds`, the round with its workers' last polls).
 */
export async function scaleRound(cluster, { instances, concurrency, pollMs, longPollMs, round, timeoutMs }) {
  const pids = cluster.nodes.map((n) => n.pid);
  const mysqld = mysqldPid();
  const before = snapshot(pids, mysqld);
  const t0 = performance.now();
  const result = await dossierRound({
    engineUrls: cluster.nodes.map((n) => n.url),
    instances,
    concurrency,
    pollMs,
    longPollMs,
    round,
    timeoutMs,
  });
  const cpuSeconds = (performance.now() - t0) / 1000; // the round and its workers' last polls
  const after = snapshot(pids, mysqld);
  return {
    ...result,
    cpuSeconds,
    cpu: cpuShares(before, after, { seconds: cpuSeconds, cores: cpus().length }),
  };
}
