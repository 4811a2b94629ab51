/**
 * The Docker files, checked statically: no Docker engine runs on the build machines (nothing here
 * is built or started, and hadolint is not installed). The Dockerfile's stages, user, health check
 * and copied manifests; every compose file's images, health checks, users, secrets and
 * dependencies; every variable our services set is one our config modules read, and the
 * environment each service gets passes that config; the load balancer's upstreams.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadEngineConfig } from '@motcua/engine';
import { loadWorkersConfig } from '@motcua/engine-workers';
import { loadPortalConfig } from '@motcua/portal';

const root = resolve(import.meta.dirname, '..', '..');
const dockerDir = join(root, 'docker');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  user?: string;
  init?: boolean;
  volumes?: string[];
  ports?: string[];
}
interface Compose {
  services: Record<string, Service>;
}

const composeFiles = ['compose.yaml', 'compose.operaton.yaml', 'compose.replicas.yaml'];
const composeOf = (file: string) => parse(read(`docker/${file}`), { merge: true }) as Compose;

/** Compose's interpolation with test values: `${X:?…}` and `${X}` get a value, `${X:-d}` its default. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    if (op === '-') return arg ?? '';
    if (name === 'PORTAL_PUBLIC_URL') return 'https://dichvucong.example.gov.vn';
    return `test-${name.toLowerCase().replace(/_/g, '-')}-value`;
  });
}

/** The variables a config module declares (its zod keys) or a start script reads (`env.X`). */
function declaredVariables(): Set<string> {
  const names = new Set<string>(['NODE_ENV']);
  for (const file of [
    'engine/src/config.ts',
    'portal/src/config.ts',
    'portal/src/payment/payment-config.ts',
    'engine-workers/src/config.ts',
  ])
    for (const m of read(file).matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)) names.add(m[1]!);
  for (const file of ['scripts/start.mjs', 'scripts/migrate.mjs', 'scripts/backup.mjs'])
    for (const m of read(file).matchAll(/env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
  return names;
}

/** Which of our runnables a service of our image starts. */
function runnablesOf(s: Service): ('engine' | 'workers' | 'portal' | 'migrate')[] {
  const cmd = (s.command ?? ['node', 'scripts/start.mjs']).join(' ');
  if (cmd.includes('engine/dist/main.js')) return ['engine'];
  if (cmd.includes('engine-workers/dist/main.js')) return ['workers'];
  if (cmd.includes('portal/dist/main.js')) return ['portal'];
  if (cmd.includes('scripts/migrate.mjs')) return ['migrate'];
  expect(cmd).toBe('node scripts/start.mjs');
  const embedded = !s.environment?.['ENGINE_URL'];
  return embedded ? ['engine', 'workers', 'portal'] : ['workers', 'portal'];
}

const ours = (s: Service) => s.image === 'motcua:latest';

describe('docker/Dockerfile', () => {
  const text = read('docker/Dockerfile');
  const lines = text.split('\n').filter((l) => !l.trim().startsWith('#'));

  it('builds in a stage of its own and runs on node:20-bookworm-slim without the dev dependencies', () => {
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM node:20-bookworm-slim AS build', 'FROM node:20-bookworm-slim']);
    expect(text).toMatch(/RUN npm ci\b/);
    expect(text).toMatch(/npm run build/);
    expect(text).toMatch(/npm prune --omit=dev/);
    expect(text).toMatch(/COPY --from=build /);
  });

  it('copies the manifest of every workspace before npm ci (a new package must be added here)', () => {
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    const copied = [...text.matchAll(/^COPY (\S+)\/package\.json \1\/$/gm)].map((m) => m[1]);
    expect(copied.sort()).toEqual([...workspaces].sort());
  });

  it('runs as a non-root user, with a health check and a command whose files exist', () => {
    const users = lines.filter((l) => l.startsWith('USER '));
    expect(users.at(-1)).toBe('USER node');
    expect(text).toMatch(
      /HEALTHCHECK [^\n]*\\\n\s+CMD \["node", "docker\/healthcheck\.mjs", "http:\/\/127\.0\.0\.1:3000\/health\/ready"\]/,
    );
    expect(lines.find((l) => l.startsWith('CMD '))).toBe('CMD ["node", "scripts/start.mjs"]');
    for (const f of [
      'scripts/start.mjs',
      'docker/healthcheck.mjs',
      'scripts/migrate.mjs',
      'scripts/backup.mjs',
    ])
      expect([f, existsSync(join(root, f))]).toEqual([f, true]);
  });

  it('leaves dependencies, builds, data and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const p of ['**/node_modules', '**/dist', 'data', '.git', '.env', 'docker/.env'])
      expect(ignored).toContain(p);
  });
});

describe.each(composeFiles)('docker/%s', (file) => {
  const compose = composeOf(file);
  const services = Object.entries(compose.services);
  const declared = declaredVariables();

  it('pins every image it pulls, builds ours from the Dockerfile, and runs no service as root', () => {
    for (const [name, s] of services) {
      expect([name, s.user]).toEqual([name, undefined]);
      if (ours(s))
        expect([name, s.build]).toEqual([name, { context: '..', dockerfile: 'docker/Dockerfile' }]);
      else
        expect([name, s.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:(?!latest\b)[\w.${}:-]+$/)]);
    }
  });

  it('gives every long-running service a health check and every dependency an existing service', () => {
    for (const [name, s] of services) {
      const oneShot = s.command?.includes('scripts/migrate.mjs');
      if (!oneShot) expect([name, (s.healthcheck?.test?.length ?? 0) > 0]).toEqual([name, true]);
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect([name, dep, dep in compose.services]).toEqual([name, dep, true]);
        expect(['service_healthy', 'service_started', 'service_completed_successfully']).toContain(condition);
      }
      if (ours(s)) expect([name, s.init]).toEqual([name, true]);
    }
  });

  it('probes each of our services on the port its runnable listens on', () => {
    for (const [name, s] of services.filter(
      ([, s]) => ours(s) && !s.command?.includes('scripts/migrate.mjs'),
    )) {
      const env = s.environment ?? {};
      const [runnable] = runnablesOf(s).slice(-1);
      const port =
        runnable === 'portal'
          ? (env['PORT'] ?? '3000')
          : runnable === 'engine'
            ? (env['ENGINE_PORT'] ?? '8080')
            : env['WORKERS_OPS_PORT'];
      expect([name, s.healthcheck?.test]).toEqual([
        name,
        ['CMD', 'node', 'docker/healthcheck.mjs', `http://127.0.0.1:${port}/health/ready`],
      ]);
    }
  });

  it('keeps secrets out of the file: passwords and tokens come from the environment, required', () => {
    for (const [name, s] of services)
      for (const [key, value] of Object.entries(s.environment ?? {}))
        if (/PASSWORD|TOKEN|SECRET|_PIN$/.test(key) && !key.endsWith('_FILE'))
          expect([name, key, value]).toEqual([name, key, expect.stringMatching(/^\$\{\w+:\?[^}]+\}$/)]);
    for (const [name, s] of services)
      for (const [key, value] of Object.entries(s.environment ?? {}))
        if (key === 'DB_URL' || key === 'DB_PASSWORD')
          expect([name, key, /:\/\/[^:]+:(?!\$\{)[^@]+@/.test(value)]).toEqual([name, key, false]);
  });

  it('sets only variables our config modules read, with values they accept', () => {
    for (const [name, s] of services.filter(([, s]) => ours(s))) {
      const env = Object.fromEntries(
        Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]),
      );
      for (const key of Object.keys(env)) expect([name, key, declared.has(key)]).toEqual([name, key, true]);
      for (const runnable of runnablesOf(s)) {
        // scripts/start.mjs hands the embedded engine's administrator to the portal and the workers.
        const childEnv =
          runnable !== 'engine' && env['ENGINE_REST_USER'] && !env['ENGINE_URL']
            ? { ...env, ENGINE_USER: env['ENGINE_REST_USER'], ENGINE_PASSWORD: env['ENGINE_REST_PASSWORD'] }
            : env;
        const load = {
          engine: loadEngineConfig,
          workers: loadWorkersConfig,
          portal: loadPortalConfig,
          migrate: () => null,
        }[runnable];
        expect(() => load(childEnv)).not.toThrow();
        if (runnable === 'portal') expect(loadPortalConfig(childEnv).engineAuth).toBeDefined();
        if (runnable === 'workers') expect(loadWorkersConfig(childEnv).engineAuth).toBeDefined();
        if (runnable === 'engine') expect(loadEngineConfig(childEnv).ENGINE_REST_USER).toBeDefined();
      }
    }
  });

  it('mounts only files that exist', () => {
    for (const [name, s] of services)
      for (const v of s.volumes ?? []) {
        const source = v.split(':')[0]!;
        if (source.startsWith('./'))
          expect([name, source, existsSync(join(dockerDir, source))]).toEqual([name, source, true]);
      }
  });
});

describe('the load balancer of compose.replicas.yaml', () => {
  const compose = composeOf('compose.replicas.yaml');
  const conf = read('docker/nginx/engine-lb.conf');

  it('balances over the engine services at their ports, and only those', () => {
    const upstreams = [...conf.matchAll(/^\s*server ([\w-]+):(\d+)\b/gm)].map((m) => [m[1], m[2]]);
    const engines = Object.entries(compose.services)
      .filter(([, s]) => s.command?.at(-1) === 'engine/dist/main.js')
      .map(([name, s]) => [name, s.environment?.['ENGINE_PORT']]);
    expect(engines.length).toBeGreaterThanOrEqual(2);
    expect(upstreams).toEqual(engines);
  });

  it('lets long polls live, never resends a POST, passes the request id, and keeps /metrics off', () => {
    const minutes = Number(/proxy_read_timeout (\d+)m;/.exec(conf)?.[1]);
    expect(minutes).toBeGreaterThan(30); // fetchAndLock's asyncResponseTimeout is at most 30 min
    expect(conf).toMatch(/proxy_next_upstream [^;]*;/);
    expect(/proxy_next_upstream [^;]*;/.exec(conf)![0]).not.toContain('non_idempotent');
    expect(conf).toContain('proxy_set_header X-Request-Id $request_id;');
    expect(conf).not.toMatch(/location[^{]*metrics/);
    expect(conf).toMatch(/location \/ \{\s*return 404;/);
  });

  it('is where the portal and the workers find the engine', () => {
    for (const name of ['portal', 'workers'])
      expect(compose.services[name]?.environment?.['ENGINE_URL']).toBe('http://lb:8080/engine-rest');
  });
});

describe('compose.operaton.yaml', () => {
  const compose = composeOf('compose.operaton.yaml');
  it('points the portal and the workers at Operaton with its administrator, and gives Operaton its own database', () => {
    const app = compose.services['motcua']!.environment!;
    expect(app['ENGINE_URL']).toBe('http://operaton:8080/engine-rest');
    const operaton = compose.services['operaton']!.environment!;
    expect(operaton['OPERATON_BPM_ADMIN_USER_ID']).toBe(app['ENGINE_USER']);
    expect(operaton['OPERATON_BPM_ADMIN_USER_PASSWORD']).toBe(app['ENGINE_PASSWORD']);
    expect(operaton['DB_URL']).toMatch(/^jdbc:mysql:\/\/mysql:3306\/operaton\?/);
    expect(read('docker/mysql-init/10-operaton-database.sql')).toMatch(
      /CREATE DATABASE IF NOT EXISTS operaton\b/,
    );
  });
});
