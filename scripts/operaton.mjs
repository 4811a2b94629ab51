#!/usr/bin/env node
// `npm run operaton [-- --port N] [--auth basic]`: Operaton (the open-source Camunda 7 fork) as the
// reference engine. Builds tools/operaton (a Spring Boot jar with the Operaton REST starter, H2 in
// memory) once with Maven, starts it, waits until GET /engine-rest/version answers, prints the
// ENGINE_URL (and with --auth basic the ENGINE_USER/ENGINE_PASSWORD of its administrator) for the
// conformance and contract suites, and stops it cleanly on Ctrl-C. See tools/operaton/README.md.
import { buildJarIfStale, startOperaton } from './operaton-launcher.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(option('--port') ?? process.env.SERVER_PORT ?? 8080);
const auth = option('--auth') ?? 'none';
if (!Number.isInteger(port) || port <= 0 || port > 65535 || !['none', 'basic'].includes(auth)) {
  console.error('usage: npm run operaton [-- --port N] [--auth none|basic]');
  process.exit(2);
}

try {
  buildJarIfStale();
} catch (err) {
  console.error(`[operaton] ${err.message}`);
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
  engine = await startOperaton({ port, auth });
} catch (err) {
  console.error(`[operaton] ${err.message}`);
  process.exit(1);
}
console.log(`[operaton] Operaton ${engine.version} ready (Ctrl-C stops it)`);
console.log(`ENGINE_URL=${engine.url}`);
if (engine.user) console.log(`ENGINE_USER=${engine.user}\nENGINE_PASSWORD=${engine.password}`);
const { code, signal } = await engine.exited;
if (!stopping) {
  // 130/143: Ctrl-C or a TERM reached java before us — a clean stop.
  const clean = code === 130 || code === 143 || signal === 'SIGINT' || signal === 'SIGTERM';
  if (!clean) console.error(`[operaton] stopped unexpectedly (${signal ?? `exit ${code}`})`);
  process.exit(clean ? 0 : 1);
}
