// Builds and starts a reference engine: Operaton 1.0.3 (tools/operaton) or Camunda 7.24.0 CE
// (tools/camunda7), each a Spring Boot jar with the engine's REST starter and H2 in memory, so every
// start is an empty engine. Shared by `npm run operaton`, `npm run camunda7` (scripts/operaton.mjs)
// and `npm run test:operaton` (scripts/test-against-operaton.mjs). See tools/*/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const root = resolve(import.meta.dirname, '..');

/**
 * The reference engines: where each is built, and the environment names its administrator is
 * configured by (application-basic-auth.yaml of each).
 */
export const REFERENCE_ENGINES = {
  operaton: { title: 'Operaton', dir: 'tools/operaton', jar: 'motcua-operaton.jar', envPrefix: 'OPERATON' },
  camunda7: { title: 'Camunda 7', dir: 'tools/camunda7', jar: 'motcua-camunda7.jar', envPrefix: 'CAMUNDA' },
};

/** Build paths of one reference engine (`operaton` or `camunda7`). */
export function referenceEngine(name = 'operaton') {
  const ref = REFERENCE_ENGINES[name];
  if (!ref)
    throw new Error(`unknown reference engine '${name}' (${Object.keys(REFERENCE_ENGINES).join(', ')})`);
  const dir = join(root, ref.dir);
  return {
    ...ref,
    name,
    dir: ref.dir,
    pom: join(dir, 'pom.xml'),
    src: join(dir, 'src'),
    jar: join(dir, 'target', ref.jar),
  };
}

/** Operaton's jar (kept for callers written before the second reference engine). */
export const jar = referenceEngine('operaton').jar;

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

/** True when the engine's jar is missing or older than its pom or a source file. */
export function jarIsStale(engine = 'operaton') {
  const { jar, pom, src } = referenceEngine(engine);
  return !existsSync(jar) || statSync(jar).mtimeMs < Math.max(newestInput(pom), newestInput(src));
}

/**
 * Builds the jar when it is stale. Maven keeps its downloads in ~/.m2, outside the repository.
 * `-q` prints nothing on success but still prints the errors of a failed build; `-B` (batch) drops
 * the progress bars; the tests of the launcher are skipped (it has none). Throws on failure.
 */
export function buildJarIfStale(log = console.log, engine = 'operaton') {
  if (!jarIsStale(engine)) return false;
  const { dir, pom } = referenceEngine(engine);
  log(`[${engine}] building ${dir} (mvn -q -B package) …`);
  const mvn = spawnSync('mvn', ['-q', '-B', '-f', pom, 'package', '-DskipTests'], { stdio: 'inherit' });
  if (mvn.error || mvn.status !== 0)
    throw new Error(`Maven build of ${dir} failed (${mvn.error?.message ?? `exit ${mvn.status}`})`);
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
 *
 * `jvmOptions` replaces the default JVM flags (a small heap and C1 only, which starts fastest: right
 * for the suites, wrong for a benchmark, which wants the full JIT); `appArgs` are Spring Boot
 * arguments (e.g. `--spring.datasource.url=jdbc:mariadb://…`); `pollMs` is how often readiness is
 * asked (the benchmark measures the ready time, so it asks more often).
 */
export async function startOperaton(options) {
  return startReferenceEngine({ ...options, engine: 'operaton' });
}

/** As startOperaton, for either reference engine (`engine`: `operaton` or `camunda7`). */
export async function startReferenceEngine({
  engine = 'operaton',
  port,
  auth = 'none',
  stdio = 'inherit',
  readyTimeoutMs = 180_000,
  jvmOptions = ['-Xmx768m', '-XX:TieredStopAtLevel=1'],
  appArgs = [],
  pollMs = 500,
}) {
  const { jar, envPrefix } = referenceEngine(engine);
  const env = { ...process.env, SERVER_PORT: String(port) };
  let user;
  let password;
  if (auth === 'basic') {
    user = process.env[`${envPrefix}_ADMIN_USER`] ?? 'admin';
    // Upper, lower, digit, special character and ≥ 10 characters: the engines' default policy.
    password = process.env[`${envPrefix}_ADMIN_PASSWORD`] ?? `Ref-${randomBytes(9).toString('base64url')}-7a`;
    Object.assign(env, {
      SPRING_PROFILES_ACTIVE: 'basic-auth',
      [`${envPrefix}_ADMIN_USER`]: user,
      [`${envPrefix}_ADMIN_PASSWORD`]: password,
    });
  }
  const child = spawn('java', [...jvmOptions, '-jar', jar, ...appArgs], {
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
    if (died) throw new Error(`${engine} exited before it was ready (${died.signal ?? `exit ${died.code}`})`);
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
    await sleep(pollMs);
  }
}
