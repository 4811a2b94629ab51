// Pure figures of scenario (e), several engine processes on one MariaDB database
// (bench/scale-out.mjs): CPU shares from /proc samples, the growth of throughput with each engine
// added, and the table. No I/O here, so it is unit-tested (bench/test/scale-report.test.ts).
import { fixed, markdownTable } from './report.mjs';

/**
 * CPU ticks (user + system, all threads) of one process from the text of /proc/PID/stat. The
 * command name (field 2) may hold spaces and parentheses, so fields are counted after its last ')'.
 */
export function processTicks(statText) {
  const rest = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('not a /proc/PID/stat line');
  return utime + stime;
}

/** Busy and total ticks of the whole machine (all cores) from the text of /proc/stat. */
export function machineTicks(procStatText) {
  const line = procStatText.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + (steal || 0);
  return { busy, total: busy + idle + (iowait || 0) };
}

/**
 * CPU % over one round (100 % = one core busy the whole round) of each engine process, of mysqld,
 * of the bench's own clients and of the whole machine (of all its cores), from two snapshots
 * `{ engines: ticks[], mysqld, clientsMs, machine: { busy, total } }` taken `seconds` apart;
 * `others` is what the machine spent that none of these did (other work on a shared machine).
 */
export function cpuShares(before, after, { seconds, ticksPerSecond = 100, cores }) {
  const pct = (ticks) => (ticks / ticksPerSecond / seconds) * 100;
  const engines = after.engines.map((t, i) => pct(t - before.engines[i]));
  const mysqld = Number.isFinite(after.mysqld) ? pct(after.mysqld - before.mysqld) : Number.NaN;
  const clients = ((after.clientsMs - before.clientsMs) / 1000 / seconds) * 100;
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  const machine = total > 0 ? (busy / total) * 100 * cores : Number.NaN; // in the same unit: % of one core
  const enginesTotal = engines.reduce((a, b) => a + b, 0);
  const others = machine - enginesTotal - (Number.isFinite(mysqld) ? mysqld : 0) - clients;
  return { engines, enginesTotal, mysqld, clients, machine, others, cores };
}

/**
 * Throughput of each row divided by the throughput of the same target with one engine, the same
 * number of clients and in the same cycle (NaN when that row is missing).
 */
export function growth(rows) {
  return rows.map((r) => {
    const one = rows.find(
      (o) => o.target === r.target && o.clients === r.clients && o.cycle === r.cycle && o.engines === 1,
    );
    return one ? r.dossiersPerSecond / one.dossiersPerSecond : Number.NaN;
  });
}

/** CPU milliseconds per dossier of a share `percent` (of one core) held over `r.seconds`. */
export const msPerDossier = (r, percent) => (percent / 100) * 1000 * (r.seconds / r.instances);

/**
 * The throughput the round would have had with every core of the machine for the engines, mysqld and
 * the clients at the CPU cost per dossier they had (no other work on the machine): what a quiet
 * machine of this size allows, when CPU is the limit.
 */
export function aloneCeiling(r) {
  const own = r.cpu.enginesTotal + (Number.isFinite(r.cpu.mysqld) ? r.cpu.mysqld : 0) + r.cpu.clients;
  return own > 0 ? (r.cpu.cores * 1000) / msPerDossier(r, own) : Number.NaN;
}

/**
 * One row per (target, engines, clients, cycle): throughput, growth over one engine, p99 of the
 * worker and officer write calls, conflicts retried, the workers' fetchAndLock calls per dossier
 * (their idle polls grow with the worker pairs), CPU per engine process and of mysqld, the clients
 * and the machine (% of one core; the machine has `cores` × 100 %), and the ceiling of aloneCeiling.
 */
export function scaleTable(rows) {
  const header = [
    'target',
    'engines',
    'clients',
    'dossiers/s',
    '× 1 engine',
    'fetchAndLock p99 ms',
    'ext complete p99 ms',
    'task complete p99 ms',
    'conflicts retried',
    'fetchAndLock calls/dossier',
    'CPU % per engine',
    'CPU ms/dossier (engines)',
    'mysqld CPU %',
    'mysqld CPU ms/dossier',
    'clients CPU %',
    'machine busy % (of cores×100)',
    'dossiers/s if alone',
  ];
  const growths = growth(rows);
  const body = rows.map((r, i) => [
    r.label,
    r.capped ? `${r.engines} (each ≤ ${r.capped} core)` : String(r.engines),
    String(r.clients),
    fixed(r.dossiersPerSecond),
    `${fixed(growths[i], 2)}×`,
    fixed(r.calls.fetchAndLock?.p99),
    fixed(r.calls['external complete']?.p99),
    fixed(r.calls['task complete']?.p99),
    String(r.conflicts ?? 0),
    fixed((r.calls.fetchAndLock?.n ?? 0) / r.instances),
    r.cpu.engines.map((c) => fixed(c, 0)).join(' + '),
    fixed(msPerDossier(r, r.cpu.enginesTotal), 1),
    fixed(r.cpu.mysqld, 0),
    fixed(msPerDossier(r, r.cpu.mysqld), 1),
    fixed(r.cpu.clients, 0),
    `${fixed(r.cpu.machine, 0)} of ${r.cpu.cores * 100}`,
    fixed(aloneCeiling(r)),
  ]);
  return markdownTable(header, body);
}
