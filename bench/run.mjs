#!/usr/bin/env node
// Benchmarks: not tests. Prints figures; nothing asserts a time.
//
//   npm run bench                                   # ours on SQLite (bench/harness.mjs)
//   npm run bench -- --targets all                  # ours, Operaton 1.0.3, Camunda 7.24 on H2/SQLite and MariaDB
//   npm run bench -- --targets ours-mariadb,operaton-mariadb
//   npm run bench -- --targets ours-mariadb,operaton-mariadb --scenarios c,d   # inbox and history at scale
//   ENGINE_URL=http://127.0.0.1:8080/engine-rest npm run bench   # an engine started elsewhere
//   BENCH_SCENARIO=dossier-flow npm run bench       # the first, in-process bench (bench/dossier-flow-run.mjs)
//   BENCH_SCENARIO=large-data npm run bench         # queries at 100 000 open tasks (bench/large-data.mjs)
//   BENCH_SCENARIO=start-cost npm run bench         # where the time of a process start goes (bench/start-cost.mjs)
//   npm run bench -- --scale 1,2,3 --targets ours-mariadb,operaton-mariadb --clients 8,16   # scenario (e) (bench/scale-out.mjs)
//   npm run bench -- --scale 1,2,3 --engine-cpu 0.25   # (e) with each engine process capped at a quarter core (cgroup; root)
//   BENCH_SCENARIO=indicators npm run bench         # Decision 766 indicators over 1 000 000 history events (bench/indicators.mjs)
//   node bench/cpu-pair.mjs <checkout> sqlite|mariadb  # engine and mysqld CPU s of one build for fixed harness work (A/B pairs)
//   node bench/cpuprofile-summary.mjs FILE.cpuprofile  # a V8 profile by package, folder and function
const SCENARIOS = {
  'large-data': './large-data.mjs',
  'start-cost': './start-cost.mjs',
  indicators: './indicators.mjs',
  'dossier-flow': './dossier-flow-run.mjs',
};
const scenario = process.env.BENCH_SCENARIO ?? '';
if (scenario && !SCENARIOS[scenario]) {
  console.error(`unknown BENCH_SCENARIO '${scenario}' (${Object.keys(SCENARIOS).join(', ')})`);
  process.exit(2);
}
const scaleOut = process.argv.includes('--scale');
await import(SCENARIOS[scenario] ?? (scaleOut ? './scale-out.mjs' : './harness.mjs'));
if (scenario) process.exit(0);
