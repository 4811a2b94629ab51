#!/usr/bin/env node
// `npm run test:operaton [-- --engine operaton|camunda7]`: the conformance suite
// (engine/test/conformance, every file), the REST contract suite (engine/test/contract) and the
// designer studio's deploy path (portal/test/studio-engine.test.ts) against
// the reference engines — Operaton 1.0.3 and Camunda 7.24.0 CE (the version the OpenAPI document
// describes, with Spin JSON) — so the suites check Camunda's behaviour and not our reading of it
// (issues 3, 5 and 11). Both by default; `--engine` runs one.
//
// Builds tools/operaton and tools/camunda7 if needed (Maven, downloads cached in ~/.m2), then for
// each engine and suite starts a FRESH engine (an empty H2 database) on a free port, runs the suite
// with ENGINE_URL and REFERENCE_ENGINE (which reference it is: engine/test/engine-under-test.ts),
// and stops the JVM whatever happened. The contract suite runs against each engine configured like
// a real deployment (HTTP Basic, authorizations, an administrator: the `basic-auth` profile) and
// sends the credentials through ENGINE_USER/ENGINE_PASSWORD; the conformance suite runs against the
// open default (as Operaton Run and Camunda Run start), since its external-task clients send none.
// Prints the time of each step; exits non-zero when a suite fails. Without java or mvn it skips
// loudly — except under CI=true, where a missing tool is a failure. See tools/operaton/README.md and
// tools/camunda7/README.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  REFERENCE_ENGINES,
  buildJarIfStale,
  freePort,
  jarIsStale,
  missingTool,
  referenceEngine,
  root,
  startReferenceEngine,
} from './operaton-launcher.mjs';

const engineArg = process.argv.indexOf('--engine');
const ENGINES = engineArg >= 0 ? [process.argv[engineArg + 1]] : Object.keys(REFERENCE_ENGINES);
for (const name of ENGINES) referenceEngine(name); // an unknown name stops here

const SUITES = [
  { name: 'conformance', path: 'engine/test/conformance', auth: 'none' },
  { name: 'contract', path: 'engine/test/contract', auth: 'basic' },
  // The designer studio's deploy path (drafts, check, deploy, versions, migration) over REST.
  { name: 'studio', path: 'portal/test/studio-engine.test.ts', auth: 'none' },
];

const ci = process.env.CI === 'true';
const logs = mkdtempSync(join(tmpdir(), 'motcua-references-'));
const steps = [];
const t0 = Date.now();
const seconds = (ms) => (ms / 1000).toFixed(1);
const say = (text) => console.log(`\n=== [references ${seconds(Date.now() - t0)}s] ${text}`);

async function step(name, fn) {
  const started = Date.now();
  say(name);
  try {
    const detail = await fn();
    const ok = detail?.ok ?? true;
    steps.push({ name, ms: Date.now() - started, ok, detail: detail?.text ?? '' });
    return { ...detail, ok };
  } catch (err) {
    steps.push({ name, ms: Date.now() - started, ok: false, detail: err.message });
    console.error(`[references] ${name}: ${err.message}`);
    return { ok: false };
  }
}

function summary() {
  console.log('\n=== Reference engine run');
  for (const s of steps)
    console.log(
      `${s.ok ? 'ok  ' : 'FAIL'} ${seconds(s.ms).padStart(6)} s  ${s.name}${s.detail ? ` — ${s.detail}` : ''}`,
    );
  console.log(`total ${seconds(Date.now() - t0)} s; JVM logs in ${logs}`);
}

// The JVM we started must not outlive us, also when we are interrupted or crash.
let running = null;
process.on('exit', () => running?.kill());
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, async () => {
    await running?.stop();
    process.exit(130);
  });

const missing = [
  missingTool('java', '-version'),
  ENGINES.some((name) => jarIsStale(name)) ? missingTool('mvn', '-v') : null,
].filter(Boolean);
if (missing.length) {
  const message = `${missing.join(' and ')} not found: the suites cannot run against the reference engines`;
  if (ci) {
    console.error(`[references] FAIL: ${message} (CI=true: a missing tool is a failure)`);
    process.exit(1);
  }
  console.error(`\n[references] SKIPPED — ${message}. Install Java 17 and Maven 3.8+.\n`);
  process.exit(0);
}

let failed = false;
for (const engine of ENGINES) {
  const { title, dir } = referenceEngine(engine);
  const build = await step(`build ${dir} (when stale)`, async () => ({
    text: buildJarIfStale((line) => console.log(line), engine) ? 'built' : 'jar up to date',
  }));
  if (!build.ok) {
    failed = true;
    continue;
  }
  for (const suite of SUITES) {
    const port = await freePort();
    const logFile = join(logs, `${engine}-${suite.name}.log`);
    const fd = openSync(logFile, 'a');
    const started = await step(
      `start ${title} for the ${suite.name} suite (port ${port}, auth ${suite.auth})`,
      async () => {
        running = await startReferenceEngine({ engine, port, auth: suite.auth, stdio: fd });
        return { text: `${title} ${running.version} at ${running.url}` };
      },
    );
    if (!started.ok) {
      failed = true;
      closeSync(fd);
      printTail(logFile);
      continue;
    }
    const result = await step(`${suite.name} suite on ${title} (${suite.path})`, () =>
      runJest(suite, running, engine),
    );
    if (!result.ok) failed = true;
    await step(`stop ${title} (${suite.name})`, async () => {
      const { code, signal } = await running.stop();
      running = null;
      closeSync(fd);
      return { text: signal ?? `exit ${code}` };
    });
  }
}

summary();
process.exit(failed ? 1 : 0);

/** Runs one suite with jest against the started engine; resolves with its pass counts. */
async function runJest(suite, engine, referenceName) {
  const report = join(logs, `${referenceName}-${suite.name}.json`);
  const env = { ...process.env, ENGINE_URL: engine.url, REFERENCE_ENGINE: referenceName };
  delete env.ENGINE_USER;
  delete env.ENGINE_PASSWORD;
  if (engine.user) Object.assign(env, { ENGINE_USER: engine.user, ENGINE_PASSWORD: engine.password });
  const args = [
    '--experimental-vm-modules',
    join(root, 'node_modules/jest/bin/jest.js'),
    '--runInBand',
    '--json',
    `--outputFile=${report}`,
    suite.path,
  ];
  const code = await new Promise((ok) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
    child.once('exit', (c, signal) => ok(c ?? (signal ? 1 : 0)));
  });
  let text = `jest exit ${code}`;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    text = `${r.numPassedTests}/${r.numTotalTests} tests passed in ${r.numTotalTestSuites} files (${r.numFailedTests} failed, ${r.numPendingTests} skipped)`;
    const failedNames = r.testResults.flatMap((f) =>
      f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName),
    );
    if (failedNames.length) text += `\n       failed: ${failedNames.join('\n       failed: ')}`;
  }
  return { ok: code === 0, text };
}

function printTail(file) {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  console.error(`--- last lines of ${file}\n${lines.slice(-40).join('\n')}\n---`);
}
