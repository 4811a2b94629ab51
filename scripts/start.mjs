#!/usr/bin/env node
// `npm start`: the whole platform in one process tree on the embedded default.
// 1. bring the database schema up to date once (so the children never race on migrations),
// 2. start the engine REST (unless ENGINE_URL points at another engine, e.g. Operaton),
// 3. start the workers and the portal against it,
// and stop everything cleanly on Ctrl-C. Each child is its own package's `dist/main.js`.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(import.meta.dirname, '..');
const env = { ...process.env };
env.DATA_DIR ??= './data';
env.DB_URL ??= `sqlite:${env.DATA_DIR.replace(/\/$/, '')}/motcua.sqlite`;
env.ENGINE_PORT ??= '8080';
env.PORT ??= '3000';
env.MOTCUA_DEMO ??= 'true';
// Development: the outside systems' emulators on the portal under /gia-lap/, and the workers
// pointed at them unless configured otherwise. Never in production.
if (env.NODE_ENV !== 'production') {
  env.PORTAL_EMULATORS ??= 'true';
  if (!env.DVCQG_URL && env.PORTAL_EMULATORS === 'true') {
    env.DVCQG_URL = `http://127.0.0.1:${env.PORT}/gia-lap/dvcqg`;
    env.DVCQG_CLIENT_ID = 'motcua-dev';
    env.DVCQG_CLIENT_SECRET = 'motcua-dev-secret';
  }
  // Notifications: the portal runs the SMTP and SMS emulators (ports next to the portal's, so two
  // `npm start`s with different PORTs do not collide) and the workers send to them; the messages
  // are listed at /gia-lap/hop-thu/ and /gia-lap/sms/. A real SMTP_URL / SMS_URL given wins
  // (engine-workers README, "Notifications").
  if (env.PORTAL_EMULATORS === 'true') {
    env.EMULATOR_SMTP_PORT ??= String(Number(env.PORT) + 25);
    env.EMULATOR_SMS_PORT ??= String(Number(env.PORT) + 26);
    env.EMULATOR_SMS_KEY ??= 'dev-sms-key';
    if (!env.SMTP_URL && !env.SMTP_HOST) env.SMTP_URL = `smtp://127.0.0.1:${env.EMULATOR_SMTP_PORT}`;
    if (!env.SMS_URL) {
      env.SMS_URL = `http://127.0.0.1:${env.EMULATOR_SMS_PORT}/api/sms/send`;
      env.SMS_API_KEY = env.EMULATOR_SMS_KEY;
    }
  }
  env.PORTAL_PUBLIC_URL ??= `http://localhost:${env.PORT}`;
}
// The development identity provider at /oidc (single sign-on with the demo identities), unless in
// production or pointed at real providers (portal README, "Single sign-on").
if (env.NODE_ENV !== 'production' && env.MOTCUA_DEMO === 'true') env.OIDC_EMBEDDED_IDP ??= 'true';
const embedded = !process.env.ENGINE_URL;
env.ENGINE_URL ??= `http://127.0.0.1:${env.ENGINE_PORT}/engine-rest`;
// An embedded engine protected by its built-in administrator: the portal and the workers sign in
// as it, unless they were given their own engine user.
if (
  embedded &&
  env.ENGINE_REST_USER &&
  env.ENGINE_REST_PASSWORD &&
  !env.ENGINE_USER &&
  !env.ENGINE_PASSWORD
) {
  env.ENGINE_USER = env.ENGINE_REST_USER;
  env.ENGINE_PASSWORD = env.ENGINE_REST_PASSWORD;
}

// Production logs are JSON lines (as the children's pino logs) so a collector parses every line;
// in development the messages and the banner stay plain text.
const jsonLogs = env.NODE_ENV === 'production';
const say = (level, msg) => {
  if (!jsonLogs)
    return (level === 'error' ? console.error : level === 'warn' ? console.warn : console.log)(msg);
  const line = {
    level,
    time: new Date().toISOString(),
    name: 'motcua',
    msg: msg.replace(/^\[motcua\] /, '').trim(),
  };
  (level === 'info' ? process.stdout : process.stderr).write(`${JSON.stringify(line)}\n`);
};

const children = [];
let stopping = false;

function run(name, script, nodeFlags = []) {
  const child = spawn(process.execPath, [...nodeFlags, resolve(root, script)], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    children.splice(children.indexOf(child), 1);
    if (!stopping) {
      say('error', `[motcua] ${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the rest.`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of [...children].reverse()) c.kill('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (children.length && Date.now() < deadline) await sleep(100);
  for (const c of children) c.kill('SIGKILL');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function waitFor(url, what, timeoutMs = 60_000, headers = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      // A bounded wait per try: a server that accepts but never answers must not stall the start.
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000}s`);
}

try {
  const { openDatabase } = await import('@motcua/db');
  const ds = await openDatabase({ url: env.DB_URL });
  await ds.destroy();

  if (embedded) {
    // The engine's own Node flags (engine/src/node-flags.ts), as `npm run engine` passes them.
    const { ENGINE_NODE_FLAGS } = await import('@motcua/engine/node-flags');
    run('engine', 'engine/dist/main.js', ENGINE_NODE_FLAGS);
    const engineAuth =
      env.ENGINE_USER && env.ENGINE_PASSWORD
        ? {
            authorization: `Basic ${Buffer.from(`${env.ENGINE_USER}:${env.ENGINE_PASSWORD}`).toString('base64')}`,
          }
        : {};
    await waitFor(`${env.ENGINE_URL}/engine`, 'The engine', 60_000, engineAuth);
  }
  // The generated procedures sign their results (signing.sign-result). In demo mode without a
  // configured token: a SoftHSM2 token under DATA_DIR, or without a PKCS#11 module a development
  // software key there (engine-workers README, "Signing"). Never outside demo mode.
  const { demoSigningSetup } = await import('@motcua/engine-workers');
  const signing = demoSigningSetup({
    demo: env.MOTCUA_DEMO === 'true',
    tokenConfigured: Boolean(env.SIGNING_TOKEN_LABEL),
    dataDir: env.DATA_DIR,
    modulePath: env.SIGNING_PKCS11_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so',
  });
  if (signing) {
    Object.assign(env, signing.env);
    say(signing.kind === 'dev-key' ? 'warn' : 'info', signing.message);
  } else if (!env.SIGNING_TOKEN_LABEL) {
    say(
      'warn',
      '[motcua] no signing token (SIGNING_TOKEN_LABEL): approved dossiers of generated procedures stop at their signing step with an incident',
    );
  }
  run('workers', 'engine-workers/dist/main.js');
  run('portal', 'portal/dist/main.js');
  await waitFor(`http://127.0.0.1:${env.PORT}/health`, 'The portal');
  // What the portal deploys and the workers serve: the hand models and the publishable generated processes.
  const { loadPublishedCatalogue } = await import('@motcua/processes');
  const published = loadPublishedCatalogue();
  const generated = published.filter((e) => e.origin === 'generated').length;
  say(
    'info',
    `
motcua is running — đang chạy
  Cổng dịch vụ công / portal:  http://localhost:${env.PORT}
  Sign-in / đăng nhập (OIDC):  ${env.OIDC_ISSUER ?? (env.OIDC_EMBEDDED_IDP === 'true' ? `embedded identity provider http://localhost:${env.PORT}/oidc` : 'password only')}
  Engine REST (Camunda 7 API): ${env.ENGINE_URL}${embedded ? ' (embedded)' : ' (external)'}
${env.PORTAL_EMULATORS === 'true' ? `  Giả lập Cổng DVCQG:          http://localhost:${env.PORT}/gia-lap/dvcqg/ (development emulator)\n` : ''}${env.EMULATOR_SMTP_PORT ? `  Hộp thư giả lập / dev mail:  http://localhost:${env.PORT}/gia-lap/hop-thu/ (SMS: /gia-lap/sms/)\n` : ''}  Database:                    ${env.DB_URL.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')}
  Procedures / thủ tục:        ${published.length} (${published.length - generated} hand-modelled, ${generated} generated from the catalogue)
Demo accounts are printed by the portal above. Ctrl-C stops everything.`,
  );
} catch (err) {
  say('error', `[motcua] start failed: ${err instanceof Error ? err.message : err}`);
  await stop(1);
}
