#!/usr/bin/env node
// `npm run test:operaton`: the conformance suite (engine/test/conformance, every file) and the REST
// contract suite (engine/test/contract) against Operaton, the reference Camunda 7 engine, so the
// suites check Camunda's behaviour and not our reading of it (issues 3 and 5).
//
// Builds tools/operaton if needed (Maven, downloads cached in ~/.m2), then for each suite starts a
// FRESH Operaton (an empty H2 database) on a free port, runs the suite with ENGINE_URL, and stops the
// JVM whatever happened. The contract suite runs against Operaton configured like a real deployment
// (HTTP Basic, authorizations, an administrator: the `basic-auth` profile) and sends the credentials
// through ENGINE_USER/ENGINE_PASSWORD; the conformance suite runs against the open default (as
// Operaton Run starts), since its external-task clients send none. Prints the time of each step;
// exits non-zero when a suite fails. Without java or mvn it skips loudly — except under CI=true,
// where a missing tool is a failure. See tools/operaton/README.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildJarIfStale,
  freePort,
  jarIsStale,
  missingTool,
  root,
  startOperaton,
} from './operaton-launcher.mjs';

const SUITES = [
  { name: 'conformance', path: 'engine/test/conformance', auth: 'none' },
  { name: 'contract', path: 'engine/test/contract', auth: 'basic' },
];

const ci = process.env.CI === 'true';
const logs = mkdtempSync(join(tmpdir(), 'motcua-operaton-'));
const steps = [];
const t0 = Date.now();
const seconds = (ms) => (ms / 1000).toFixed(1);
const say = (text) => console.log(`\n=== [operaton ${seconds(Date.now() - t0)}s] ${text}`);

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
    console.error(`[operaton] ${name}: ${err.message}`);
    return { ok: false };
  }
}

function summary() {
  console.log('\n=== Operaton reference run');
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

const missing = [missingTool('java', '-version'), jarIsStale() ? missingTool('mvn', '-v') : null].filter(
  Boolean,
);
if (missing.length) {
  const message = `${missing.join(' and ')} not found: the suites cannot run against Operaton`;
  if (ci) {
    console.error(`[operaton] FAIL: ${message} (CI=true: a missing tool is a failure)`);
    process.exit(1);
  }
  console.error(`\n[operaton] SKIPPED — ${message}. Install Java 17 and Maven 3.8+.\n`);
  process.exit(0);
}

const build = await step('build tools/operaton (when stale)', async () => ({
  text: buildJarIfStale((line) => console.log(line)) ? 'built' : 'jar up to date',
}));

let failed = !build.ok;
if (!failed)
  for (const suite of SUITES) {
    const port = await freePort();
    const logFile = join(logs, `${suite.name}.log`);
    const fd = openSync(logFile, 'a');
    const started = await step(
      `start Operaton for the ${suite.name} suite (port ${port}, auth ${suite.auth})`,
      async () => {
        running = await startOperaton({ port, auth: suite.auth, stdio: fd });
        return { text: `Operaton ${running.version} at ${running.url}` };
      },
    );
    if (!started.ok) {
      failed = true;
      closeSync(fd);
      printTail(logFile);
      continue;
    }
    const result = await step(`${suite.name} suite (${suite.path})`, () => runJest(suite, running));
    if (!result.ok) failed = true;
    await step(`stop Operaton (${suite.name})`, async () => {
      const { code, signal } = await running.stop();
      running = null;
      closeSync(fd);
      return { text: signal ?? `exit ${code}` };
    });
  }

summary();
process.exit(failed ? 1 : 0);

/** Runs one suite with jest against the started engine; resolves with its pass counts. */
async function runJest(suite, engine) {
  const report = join(logs, `${suite.name}.json`);
  const env = { ...process.env, ENGINE_URL: engine.url };
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
