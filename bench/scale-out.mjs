// Scenario (e) of issue 15 (`npm run bench -- --scale 1,2,3 [--targets ours-mariadb,operaton-mariadb]
// [--clients 8,16]`): for each MariaDB target and each engine count, n processes on one fresh
// database (bench/scenarios/scale-out.mjs), a warm-up round, then one measured round of scenario (a)
// per client count; prints throughput, its growth over one engine, p99s, conflicts retried and the
// CPU of each engine process, mysqld, the clients and the machine (bench/scale-report.mjs).
// Sizes as the harness: BENCH_INSTANCES (200), BENCH_WARMUP (100), BENCH_POLL_MS (20),
// BENCH_ROUND_TIMEOUT_S (300); BENCH_LONG_POLL_MS (0: the workers poll every BENCH_POLL_MS as in
// scenario (a); > 0: they long-poll, as engine-workers do); BENCH_REPEAT (1) runs the whole engine-count cycle again, so that
// rounds of different engine counts alternate on a noisy machine. `--engine-cpu 0.3`: each engine
// process capped at that many cores in a cgroup of its own (bench/scenarios/cpu-cap.mjs), as if
// each ran on a small machine of its own.
import { cpus, loadavg, totalmem } from 'node:os';
import { capProcess } from './scenarios/cpu-cap.mjs';
import { deployDossier } from './scenarios/dossier-workers.mjs';
import { scaleRound, startCluster } from './scenarios/scale-out.mjs';
import { CALLS, summarize } from './report.mjs';
import { scaleTable } from './scale-report.mjs';
import { parseTargets, TARGETS } from './targets.mjs';

const num = (name, fallback) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
};
const list = (flag, fallback) => {
  const args = process.argv.slice(2);
  const text = args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback;
  const values = String(text ?? '')
    .split(',')
    .map(Number);
  if (!values.length || values.some((v) => !Number.isInteger(v) || v <= 0))
    throw new Error(`${flag} takes a comma-separated list of positive integers (got '${text}')`);
  return values;
};
const argOf = (flag) => {
  const args = process.argv.slice(2);
  return args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined;
};

const sizes = {
  instances: num('BENCH_INSTANCES', 200),
  warmup: num('BENCH_WARMUP', 100),
  pollMs: num('BENCH_POLL_MS', 20),
  longPollMs: Number(process.env.BENCH_LONG_POLL_MS ?? 0),
  repeat: num('BENCH_REPEAT', 1),
};
const timeoutMs = num('BENCH_ROUND_TIMEOUT_S', 300) * 1000;
const scales = list('--scale', '1,2,3');
const clientCounts = list('--clients', process.env.BENCH_CONCURRENCY ?? '8');
const targets = parseTargets(argOf('--targets') ?? 'ours-mariadb');
const engineCpu = argOf('--engine-cpu') ?? process.env.BENCH_ENGINE_CPU;
const cap = engineCpu === undefined ? null : Number(engineCpu);
if (cap !== null && !(cap > 0 && cap <= 64))
  throw new Error(`--engine-cpu takes a number of cores, e.g. 0.3 (got '${engineCpu}')`);
const notShared = targets.filter((t) => TARGETS[t].db !== 'mariadb');
if (notShared.length) throw new Error(`--scale needs MariaDB targets (not ${notShared.join(', ')})`);

let current = null; // the running cluster, stopped on every way out
process.on('exit', () => current?.kill());
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, async () => {
    await current?.stop();
    process.exit(130);
  });

const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`motcua bench, scenario (e) scale-out — ${new Date().toISOString()}`);
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loads()}`,
);
console.log(
  `engines ${scales.join('/')}${cap ? ` (each capped at ${cap} core)` : ''}; clients ${clientCounts.join('/')} officers + 2 workers per engine (poll ${sizes.pollMs} ms${sizes.longPollMs ? `, long poll ${sizes.longPollMs} ms` : ''}); ${sizes.warmup} warm-up + ${sizes.instances} dossiers per round; ${sizes.repeat} cycle(s)\n`,
);

const rows = [];
const failures = [];
for (let cycle = 0; cycle < sizes.repeat; cycle++)
  for (const name of targets)
    for (const n of scales) {
      const { label } = TARGETS[name];
      console.log(`${label} × ${n}: starting (load average ${loads()}) …`);
      let caps;
      try {
        current = await startCluster(name, n);
        caps = cap ? current.nodes.map((node) => capProcess(node.pid, cap)) : [];
      } catch (err) {
        await current?.stop();
        current = null;
        console.log(`  FAILED to start: ${err.message}`);
        failures.push(`${label} × ${n}: did not start: ${err.message}`);
        continue;
      }
      console.log(
        `  ready: ${current.nodes.map((node) => `${(node.readyMs / 1000).toFixed(2)} s`).join(', ')} (logs ${current.nodes.map((node) => node.logPath).join(' ')})`,
      );
      try {
        await deployDossier(current.nodes[0].url);
        const common = { pollMs: sizes.pollMs, longPollMs: sizes.longPollMs, timeoutMs };
        const tag = `${name}-x${n}-${Date.now()}`;
        const warm = await scaleRound(current, {
          ...common,
          instances: sizes.warmup,
          concurrency: Math.max(...clientCounts),
          round: `${tag}-warm`,
        });
        console.log(`  warm-up: ${warm.dossiersPerSecond.toFixed(1)} dossiers/s`);
        for (const clients of clientCounts) {
          const r = await scaleRound(current, {
            ...common,
            instances: sizes.instances,
            concurrency: clients,
            round: `${tag}-c${clients}`,
          });
          const calls = {};
          for (const c of CALLS) if (r.stats[c]) calls[c] = summarize(r.stats[c]);
          rows.push({
            target: name,
            label,
            engines: n,
            clients,
            cycle,
            instances: sizes.instances,
            seconds: r.cpuSeconds, // the CPU shares' window
            dossiersPerSecond: r.dossiersPerSecond,
            conflicts: r.stats.conflicts ?? 0,
            calls,
            cpu: r.cpu,
            capped: cap,
            load: loadavg()[0],
          });
          console.log(
            `  ${clients} clients: ${r.dossiersPerSecond.toFixed(1)} dossiers/s, conflicts retried ${r.stats.conflicts ?? 0}; CPU % engines ${r.cpu.engines.map((c) => c.toFixed(0)).join(' + ')}, mysqld ${r.cpu.mysqld.toFixed(0)}, clients ${r.cpu.clients.toFixed(0)}, machine ${r.cpu.machine.toFixed(0)} of ${r.cpu.cores * 100} (others ${r.cpu.others.toFixed(0)}); load ${loads()}`,
          );
        }
      } catch (err) {
        console.log(`  FAILED: ${err.message}`);
        failures.push(`${label} × ${n}: ${err.message}`);
      } finally {
        if (caps.length > 0)
          console.log(
            `  held back by the cap: ${caps.map((c) => `${c.throttledSeconds().toFixed(1)} s`).join(' + ')} of CPU`,
          );
        await current.stop();
        current = null;
        caps.forEach((c) => c.release());
      }
    }

console.log(`\nload average after the run: ${loads()}\n`);
console.log(scaleTable(rows));
if (failures.length) {
  console.log(`\nFailed (not in the table):\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exitCode = 1;
}
