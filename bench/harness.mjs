// The multi-target bench of issue 15 (`npm run bench [-- --targets …]`): the same client code —
// scenario (a), dossiers through real external-task workers and officers' REST calls
// (scenarios/dossier-workers.mjs), and scenario (b), starts alone (scenarios/start-throughput.mjs) —
// against each target in turn (bench/targets.mjs) or against ENGINE_URL; a warm-up round of both
// first, then the measured round; prints one table per run and the ratios ours/reference
// (bench/report.mjs). Sizes: BENCH_INSTANCES (measured dossiers, 200), BENCH_WARMUP (100),
// BENCH_STARTS (400), BENCH_WARMUP_STARTS (200), BENCH_CONCURRENCY (officers and starters, 8),
// BENCH_POLL_MS (workers' fetchAndLock interval and officers' inbox re-query, 20).
// `--scenarios a,b,c,d` (default a,b): (c) the inbox and (d) history queries at scale run after
// (a)/(b) on databases seeded by SQL and kept (scenarios/data-scale-run.mjs, data-scale-report.mjs).
import { cpus, loadavg, totalmem } from 'node:os';
import { deployDossier, dossierRound } from './scenarios/dossier-workers.mjs';
import { deployIntake, startRound } from './scenarios/start-throughput.mjs';
import { CALLS, ratioTable, readyTargetLines, resultsTable, summarize } from './report.mjs';
import { TARGETS, memoryOf, parseTargets, startTarget } from './targets.mjs';
import { parseScenarios } from './data-scale-report.mjs';
import { runScaleScenarios } from './data-scale-harness.mjs';

const num = (name, fallback) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
};
const sizes = {
  instances: num('BENCH_INSTANCES', 200),
  warmup: num('BENCH_WARMUP', 100),
  starts: num('BENCH_STARTS', 400),
  warmupStarts: num('BENCH_WARMUP_STARTS', 200),
  concurrency: num('BENCH_CONCURRENCY', 8),
  pollMs: num('BENCH_POLL_MS', 20),
};
const timeoutMs = num('BENCH_ROUND_TIMEOUT_S', 300) * 1000;

const args = process.argv.slice(2);
const targetsArg = args.includes('--targets') ? args[args.indexOf('--targets') + 1] : undefined;
if (args.includes('--targets') && !targetsArg)
  throw new Error('usage: npm run bench -- --targets all|name,name…');
if (targetsArg && process.env.ENGINE_URL) throw new Error('set either ENGINE_URL or --targets, not both');
const scenarios = parseScenarios(
  args.includes('--scenarios') ? (args[args.indexOf('--scenarios') + 1] ?? '') : undefined,
);
const scaleScenarios = scenarios.filter((s) => s === 'c' || s === 'd');
const flowScenarios = scenarios.includes('a') || scenarios.includes('b');
if (scaleScenarios.length && process.env.ENGINE_URL)
  throw new Error("scenarios c and d seed the engine's database: use --targets, not ENGINE_URL");

let current = null; // the running target, stopped on every way out
process.on('exit', () => current?.kill?.());
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, async () => {
    await current?.stop();
    process.exit(130);
  });

/** Runs both scenarios, warm-up then measured, against one engine. */
async function measure(engineUrl, tag) {
  await deployDossier(engineUrl);
  await deployIntake(engineUrl);
  const common = { engineUrl, concurrency: sizes.concurrency, pollMs: sizes.pollMs, timeoutMs };
  const warm = await dossierRound({ ...common, instances: sizes.warmup, round: `${tag}-warm` });
  await startRound({ ...common, starts: sizes.warmupStarts, round: `${tag}-warm` });
  console.log(`  warm-up: ${sizes.warmup} dossiers at ${warm.dossiersPerSecond.toFixed(1)}/s`);
  const a = await dossierRound({ ...common, instances: sizes.instances, round: `${tag}-a` });
  const b = await startRound({ ...common, starts: sizes.starts, round: `${tag}-b` });
  console.log(
    `  measured: ${a.dossiersPerSecond.toFixed(1)} dossiers/s, ${b.startsPerSecond.toFixed(1)} starts/s; conflicts retried: warm-up ${warm.stats.conflicts ?? 0}, measured ${(a.stats.conflicts ?? 0) + (b.stats.conflicts ?? 0)}`,
  );
  const calls = {};
  for (const c of CALLS) if (a.stats[c]) calls[c] = summarize(a.stats[c]);
  return {
    conflicts: (a.stats.conflicts ?? 0) + (b.stats.conflicts ?? 0),
    dossiersPerSecond: a.dossiersPerSecond,
    startsPerSecond: b.startsPerSecond,
    calls,
    starts: summarize(b.stats.start),
  };
}

console.log(`motcua bench — ${new Date().toISOString()}`);
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `(a) ${sizes.warmup} + ${sizes.instances} dossiers, ${sizes.concurrency} officers, 2 workers (poll ${sizes.pollMs} ms); (b) ${sizes.warmupStarts} + ${sizes.starts} starts, ${sizes.concurrency} clients\n`,
);

const results = [];
const failures = [];
if (process.env.ENGINE_URL) {
  const url = process.env.ENGINE_URL.replace(/\/$/, '');
  console.log(`target: ${url} (started elsewhere: no ready time; RSS with ENGINE_PID)`);
  const r = await measure(url, `ext-${Date.now()}`);
  const pid = process.env.ENGINE_PID;
  results.push({
    label: process.env.ENGINE_LABEL ?? url,
    engine: 'external',
    db: '?',
    readyMs: NaN,
    rssMiB: pid ? memoryOf(pid).rssMiB : NaN,
    ...r,
  });
} else if (flowScenarios) {
  for (const name of parseTargets(targetsArg ?? process.env.BENCH_TARGETS ?? 'ours-sqlite')) {
    const { engine, db, label } = TARGETS[name];
    console.log(`${label}: starting (load average ${loadavg()[0].toFixed(2)}) …`);
    try {
      current = await startTarget(name);
    } catch (err) {
      console.log(`  FAILED to start: ${err.message}`);
      failures.push(`${label}: did not start: ${err.message}`);
      continue;
    }
    console.log(
      `  ${current.version} ready in ${(current.readyMs / 1000).toFixed(2)} s at ${current.url} (log ${current.logPath})`,
    );
    try {
      const r = await measure(current.url, `${name}-${Date.now()}`);
      const mem = memoryOf(current.pid);
      console.log(`  RSS ${mem.rssMiB.toFixed(0)} MiB (peak ${mem.peakMiB.toFixed(0)} MiB)`);
      results.push({
        label,
        engine,
        db,
        readyMs: current.readyMs,
        rssMiB: mem.rssMiB,
        peakMiB: mem.peakMiB,
        ...r,
      });
    } catch (err) {
      // One engine failing a round is a finding, not the end of the run: reported, the next one runs.
      console.log(`  FAILED: ${err.message}`);
      failures.push(`${label}: ${err.message}`);
    } finally {
      await current.stop();
      current = null;
    }
  }
}

console.log(
  `\nload average after the run: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);
if (results.length) console.log(resultsTable(results));
if (results.some((r) => r.engine === 'ours') && results.some((r) => r.engine !== 'ours')) {
  console.log('\nRatios ours / reference (issue 15 targets in brackets):\n');
  console.log(ratioTable(results));
}
for (const line of readyTargetLines(results)) console.log(line);
if (scaleScenarios.length) {
  const names = parseTargets(targetsArg ?? process.env.BENCH_TARGETS ?? 'ours-sqlite');
  failures.push(...(await runScaleScenarios(names, scaleScenarios, (t) => (current = t))));
}
if (failures.length) {
  console.log(`\nFailed targets (not in the tables):\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exitCode = 1;
}
