/**
 * The engine process's memory (issue 15, "memory under a quarter of Operaton's"; bench/RESULTS.md):
 * the engine started as `npm run engine` starts it — `node <ENGINE_NODE_FLAGS> engine/dist/main.js`,
 * built — with a module trace (memory/module-trace.mjs). Holds what the memory work made lazy and
 * bounded, with no figure of time or size taken from a run:
 * - the DMN parser, FEEL and the multipart parser are not loaded at start, and are once a DMN file
 *   is deployed (multipart) and a decision evaluated — which still answers right;
 * - V8's young generation stays within the semi-space the flags set (it is 16 MiB a semi-space
 *   without them, and the engine's start-up alone grows it there);
 * - the process runs with the one V8 helper thread the flags set (Node starts four without them);
 * - every way of starting the engine passes the same flags (package.json, the replicas' compose).
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_NODE_FLAGS, ENGINE_SEMI_SPACE_MIB, ENGINE_V8_POOL_SIZE } from '../src/node-flags.js';
import { RestClient } from './rest-client.js';
import { ENGINE_MAIN, freePort, until } from './soak/processes.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const TRACE_HOOKS = fileURLToPath(new URL('./memory/module-trace.mjs', import.meta.url));
const METRICS_TOKEN = 'memory-test-metrics-token';

if (!existsSync(ENGINE_MAIN)) {
  if (process.env.CI === 'true') throw new Error(`${ENGINE_MAIN} missing (npx tsc -b)`);
  process.stderr.write(
    `\n*** SKIPPING the engine-process memory test: ${ENGINE_MAIN} missing (npx tsc -b) ***\n\n`,
  );
}
const describeBuilt = existsSync(ENGINE_MAIN) ? describe : describe.skip;

/** The packages whose entry point the trace shows loaded (file URLs under node_modules). */
function loadedPackages(traceFile: string): Set<string> {
  const urls = existsSync(traceFile) ? readFileSync(traceFile, 'utf8').split('\n') : [];
  const names = urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []);
  return new Set(names);
}

const fees = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="fees" name="fees" namespace="http://motcua.test">
  <decision id="fee" name="fee"><decisionTable id="t_fee" hitPolicy="FIRST">
    <input id="i1"><inputExpression id="e1" typeRef="integer"><text>people</text></inputExpression></input>
    <output id="o1" name="fee" typeRef="integer" />
    <rule id="r1"><inputEntry><text>&gt; 10</text></inputEntry><outputEntry><text>1000000</text></outputEntry></rule>
    <rule id="r2"><inputEntry><text>-</text></inputEntry><outputEntry><text>500000</text></outputEntry></rule>
  </decisionTable></decision>
</definitions>`;

describeBuilt('the engine process (node ENGINE_NODE_FLAGS engine/dist/main.js, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-engine-memory-'));
  const trace = join(dir, 'modules.txt');
  let child: ChildProcess;
  let port: number;
  let api: RestClient;
  let output = '';

  beforeAll(async () => {
    port = await freePort();
    child = spawn(process.execPath, [...ENGINE_NODE_FLAGS, '--import', TRACE_HOOKS, ENGINE_MAIN], {
      cwd: repo,
      env: {
        ...process.env,
        MODULE_TRACE: trace,
        DB_URL: `sqlite:${join(dir, 'engine.sqlite')}`,
        ENGINE_PORT: String(port),
        ENGINE_HOST: '127.0.0.1',
        ENGINE_AUTH: 'none',
        METRICS_TOKEN,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    api = new RestClient(`http://127.0.0.1:${port}/engine-rest`);
    await until(
      'the engine to answer',
      async () => {
        if (child.exitCode !== null) throw new Error(`the engine exited (${child.exitCode}):\n${output}`);
        const res = await fetch(`${api.url}/engine`).catch(() => null);
        return res?.status === 200;
      },
      120_000,
    );
  }, 150_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads neither DMN, FEEL nor the multipart parser at start, but its REST, store and BPMN parser', () => {
    const loaded = loadedPackages(trace);
    // The trace works: what the engine needs at once is there.
    for (const needed of ['koa', '@koa/router', 'typeorm', 'bpmn-moddle', 'pino'])
      expect(loaded).toContain(needed);
    for (const lazy of ['dmn-moddle', 'feelin', '@koa/multer']) expect(loaded).not.toContain(lazy);
  });

  it("keeps V8's young generation within the flags' semi-space", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const m = /^motcua_engine_nodejs_heap_space_size_total_bytes\{space="new"\} (\d+)/m.exec(text);
    expect(m).not.toBeNull();
    // Two semi-spaces; without the flag the engine's start-up alone grows them to 2 × 16 MiB.
    expect(Number(m![1])).toBeLessThanOrEqual(2 * ENGINE_SEMI_SPACE_MIB * 1024 * 1024);
    expect(Number(m![1])).toBeGreaterThan(0);
  });

  // Linux only: the threads are read from /proc. Names do not tell them apart (all are "node"),
  // so the bound is the sum of what Node 20 starts: the main thread, V8's helper pool, V8's
  // delayed-task scheduler, libuv's pool (UV_THREADPOOL_SIZE, 4 by default; started by the first
  // file or DNS call), the signal-watching thread, and here the module trace's loader-hooks
  // thread (this test's `--import`). Node's default pool of four V8 helpers makes it 12, three over.
  const procTask = (pid: number) => `/proc/${pid}/task`;
  (existsSync('/proc/self/task') ? it : it.skip)('runs with the V8 helper threads the flags set', () => {
    const libuvPool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const threads = readdirSync(procTask(child.pid!)).length;
    expect(threads).toBeLessThanOrEqual(1 + ENGINE_V8_POOL_SIZE + 1 + libuvPool + 1 + 1);
    expect(threads).toBeGreaterThan(ENGINE_V8_POOL_SIZE);
  });

  it('loads them on the first DMN deployment and evaluation, which answers right', async () => {
    const deployment = await api.ok(api.deploy({ 'fees.dmn': fees }));
    expect(Object.keys(deployment.deployedDecisionDefinitions ?? {})).toHaveLength(1);
    const evaluate = (people: number) =>
      api.ok(
        api.post('/decision-definition/key/fee/evaluate', {
          variables: { people: { value: people, type: 'Integer' } },
        }),
      );
    expect(await evaluate(12)).toEqual([{ fee: { type: 'Integer', value: 1000000, valueInfo: {} } }]);
    expect(await evaluate(3)).toEqual([{ fee: { type: 'Integer', value: 500000, valueInfo: {} } }]);
    const loaded = loadedPackages(trace);
    for (const lazy of ['dmn-moddle', 'feelin', '@koa/multer']) expect(loaded).toContain(lazy);
  });

  it('is started with the same flags by `npm run engine` and the replicas’ compose file', () => {
    const rootPackage = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(rootPackage.scripts.engine).toContain(`node ${ENGINE_NODE_FLAGS.join(' ')} engine/dist/main.js`);
    const compose = readFileSync(join(repo, 'docker/compose.replicas.yaml'), 'utf8');
    const command = `command: [${['node', ...ENGINE_NODE_FLAGS, 'engine/dist/main.js'].map((a) => `'${a}'`).join(', ')}]`;
    expect(compose).toContain(command);
  });
});
