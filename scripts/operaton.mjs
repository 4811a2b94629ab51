#!/usr/bin/env node
// `npm run operaton [-- --port N] [--auth basic]`: Operaton (the open-source Camunda 7 fork) as the
// reference engine; `npm run camunda7 …` (`--engine camunda7`): Camunda 7.24.0 CE, the second one.
// Builds tools/operaton (or tools/camunda7: a Spring Boot jar with the engine's REST starter, H2 in
// memory) once with Maven, starts it, waits until GET /engine-rest/version answers, prints the
// ENGINE_URL (and with --auth basic the ENGINE_USER/ENGINE_PASSWORD of its administrator) for the
// conformance and contract suites (with REFERENCE_ENGINE), and stops it cleanly on Ctrl-C. See
// tools/operaton/README.md and tools/camunda7/README.md.
import { buildJarIfStale, referenceEngine, startReferenceEngine } from './operaton-launcher.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(option('--port') ?? process.env.SERVER_PORT ?? 8080);
const auth = option('--auth') ?? 'none';
const name = option('--engine') ?? 'operaton';
let title;
try {
  title = referenceEngine(name).title;
} catch {
  title = null;
}
if (!title || !Number.isInteger(port) || port <= 0 || port > 65535 || !['none', 'basic'].includes(auth)) {
  console.error('usage: npm run operaton [-- --port N] [--auth none|basic] [--engine operaton|camunda7]');
  process.exit(2);
}

try {
  buildJarIfStale(console.log, name);
} catch (err) {
  console.error(`[${name}] ${err.message}`);
  process.exit(1);
}

let engine;
let stopping = false;
process.on('exit', () => engine?.kill()); // never leave the JVM behind
async function stop() {
  if (stopping) return;
  stopping = true;
  await engine?.stop();
  process.exit(0);
}
// Ctrl-C in a terminal signals java too (the whole foreground group); stop() then only waits for it.
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  engine = await startReferenceEngine({ engine: name, port, auth });
} catch (err) {
  console.error(`[${name}] ${err.message}`);
  process.exit(1);
}
console.log(`[${name}] ${title} ${engine.version} ready (Ctrl-C stops it)`);
console.log(`ENGINE_URL=${engine.url}\nREFERENCE_ENGINE=${name}`);
if (engine.user) console.log(`ENGINE_USER=${engine.user}\nENGINE_PASSWORD=${engine.password}`);
const { code, signal } = await engine.exited;
if (!stopping) {
  // 130/143: Ctrl-C or a TERM reached java before us — a clean stop.
  const clean = code === 130 || code === 143 || signal === 'SIGINT' || signal === 'SIGTERM';
  if (!clean) console.error(`[${name}] stopped unexpectedly (${signal ?? `exit ${code}`})`);
  process.exit(clean ? 0 : 1);
}
