#!/usr/bin/env node
// `npm run operaton [-- --port N]`: Operaton (the open-source Camunda 7 fork) as the reference engine.
// Builds tools/operaton (a Spring Boot jar with the Operaton REST starter, H2 in memory) once with
// Maven, starts it, waits until GET /engine-rest/version answers, prints the ENGINE_URL for the
// conformance and contract suites, and stops it cleanly on Ctrl-C. See tools/operaton/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'tools/operaton');
const pom = join(dir, 'pom.xml');
const jar = join(dir, 'target/motcua-operaton.jar');

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = Number(portArg >= 0 ? args[portArg + 1] : (process.env.SERVER_PORT ?? 8080));
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: npm run operaton [-- --port N]');
  process.exit(2);
}

// Newest modification time among the build inputs (the pom and the sources under src/).
function newestInput(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newestInput(join(path, f))));
}

if (!existsSync(jar) || statSync(jar).mtimeMs < Math.max(newestInput(pom), newestInput(join(dir, 'src')))) {
  console.log('[operaton] building tools/operaton (mvn package) …');
  const mvn = spawnSync('mvn', ['-q', '-f', pom, 'package', '-DskipTests'], { stdio: 'inherit' });
  if (mvn.error || mvn.status !== 0) {
    console.error(`[operaton] Maven build failed (${mvn.error?.message ?? `exit ${mvn.status}`})`);
    process.exit(1);
  }
}

const child = spawn('java', ['-jar', jar], {
  env: { ...process.env, SERVER_PORT: String(port) },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let stopping = false;
child.on('exit', (code, signal) => {
  // Ctrl-C in a terminal signals java too (the whole foreground group): 130/143 is a clean stop.
  const clean = stopping || code === 130 || code === 143 || signal === 'SIGINT' || signal === 'SIGTERM';
  if (!clean) console.error(`[operaton] stopped unexpectedly (${signal ?? `exit ${code}`})`);
  process.exit(clean ? 0 : 1);
});

function stop() {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const url = `http://127.0.0.1:${port}/engine-rest`;
const deadline = Date.now() + 120_000;
for (;;) {
  if (stopping) break;
  try {
    const res = await fetch(`${url}/version`);
    if (res.ok) {
      const { version } = await res.json();
      console.log(`[operaton] Operaton ${version} ready (Ctrl-C stops it)`);
      console.log(`ENGINE_URL=${url}`);
      break;
    }
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error(`[operaton] ${url}/version did not answer within 120 s; stopping`);
    stop();
    break;
  }
  await sleep(500);
}
