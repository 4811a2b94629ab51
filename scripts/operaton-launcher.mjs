// Builds and starts the Operaton reference engine of tools/operaton (a Spring Boot jar with the
// Operaton 1.0.3 REST starter, H2 in memory: every start is an empty engine). Shared by
// `npm run operaton` (scripts/operaton.mjs) and `npm run test:operaton`
// (scripts/test-against-operaton.mjs). See tools/operaton/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'tools/operaton');
const pom = join(dir, 'pom.xml');
export const jar = join(dir, 'target/motcua-operaton.jar');

/** Whether `cmd` runs (java, mvn): the name of what is missing, or null. */
export function missingTool(cmd, versionArg) {
  const r = spawnSync(cmd, [versionArg], { stdio: 'ignore' });
  return r.error || r.status !== 0 ? cmd : null;
}

// Newest modification time among the build inputs (the pom and the sources under src/).
function newestInput(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newestInput(join(path, f))));
}

/** True when the jar is missing or older than the pom or a source file. */
export function jarIsStale() {
  return (
    !existsSync(jar) || statSync(jar).mtimeMs < Math.max(newestInput(pom), newestInput(join(dir, 'src')))
  );
}

/**
 * Builds the jar when it is stale. Maven keeps its downloads in ~/.m2, outside the repository.
 * `-q` prints nothing on success but still prints the errors of a failed build; `-B` (batch) drops
 * the progress bars; the tests of the launcher are skipped (it has none). Throws on failure.
 */
export function buildJarIfStale(log = console.log) {
  if (!jarIsStale()) return false;
  log('[operaton] building tools/operaton (mvn -q -B package) …');
  const mvn = spawnSync('mvn', ['-q', '-B', '-f', pom, 'package', '-DskipTests'], { stdio: 'inherit' });
  if (mvn.error || mvn.status !== 0)
    throw new Error(`Maven build of tools/operaton failed (${mvn.error?.message ?? `exit ${mvn.status}`})`);
  return true;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort() {
  const server = createServer();
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/**
 * Starts the jar on `port` and waits until `GET /engine-rest/version` answers.
 *
 * `auth: 'basic'` starts the `basic-auth` profile (HTTP Basic on the REST API, authorizations on,
 * an administrator `admin` with a generated password that passes Operaton's password policy); the
 * result then carries `user` and `password` for ENGINE_USER/ENGINE_PASSWORD. `stdio` is passed to
 * the JVM (e.g. a log file descriptor). `stop()` ends the JVM (SIGTERM, SIGKILL after 15 s) and
 * resolves when it has exited.
 */
export async function startOperaton({ port, auth = 'none', stdio = 'inherit', readyTimeoutMs = 180_000 }) {
  const env = { ...process.env, SERVER_PORT: String(port) };
  let user;
  let password;
  if (auth === 'basic') {
    user = process.env.OPERATON_ADMIN_USER ?? 'admin';
    // Upper, lower, digit, special character and ≥ 10 characters: Operaton's default policy.
    password = process.env.OPERATON_ADMIN_PASSWORD ?? `Ref-${randomBytes(9).toString('base64url')}-7a`;
    Object.assign(env, {
      SPRING_PROFILES_ACTIVE: 'basic-auth',
      OPERATON_ADMIN_USER: user,
      OPERATON_ADMIN_PASSWORD: password,
    });
  }
  const child = spawn('java', ['-Xmx768m', '-XX:TieredStopAtLevel=1', '-jar', jar], {
    env,
    stdio: ['ignore', stdio, stdio],
  });
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  let stopping = false;
  const stop = async () => {
    if (!stopping) {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    return exited;
  };

  const url = `http://127.0.0.1:${port}/engine-rest`;
  const headers = user
    ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` }
    : {};
  const deadline = Date.now() + readyTimeoutMs;
  let died = null;
  exited.then((e) => (died = e));
  for (;;) {
    if (died) throw new Error(`Operaton exited before it was ready (${died.signal ?? `exit ${died.code}`})`);
    try {
      const res = await fetch(`${url}/version`, { headers });
      if (res.ok) {
        const { version } = await res.json();
        // kill(): synchronous, for a process 'exit' handler (the JVM would outlive us otherwise).
        const kill = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
        return { url, version, user, password, pid: child.pid, stop, kill, exited };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${url}/version did not answer within ${readyTimeoutMs / 1000} s`);
    }
    await sleep(500);
  }
}
