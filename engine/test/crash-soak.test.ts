/**
 * Crash soak (issue 15, "Crashes"): three engine processes (`npm run engine`'s entry point, built)
 * and two worker processes (the real camunda-external-task-client-js) share one MariaDB database
 * while a driver starts dossiers across the engines and completes their user tasks. Every two
 * seconds one target is killed with SIGKILL and started again — each engine and each worker once,
 * in an order drawn from a fixed seed — and twice the database server itself is stopped under load
 * (once cleanly, once with SIGKILL) and started again; the engines must reconnect without a
 * restart. The database is a MariaDB server of the test's own (`soak/throwaway-mariadb.ts`),
 * never the shared one.
 *
 * Then the load stops, everything drains, and the verdict (`soak/verdict.ts`) checks end states
 * only: every started dossier passed each step exactly once and ended; nothing is left running,
 * locked or failed; no external task or user task was accepted as completed twice; every accepted
 * completion had its worker's side effect. The last test tampers with the finished database to
 * show that the verdict catches a lost step and a double completion.
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql, { type Connection } from 'mysql2/promise';
import { openDatabase } from '@motcua/db';
import { RestClient, bpmn, flow } from './rest-client.js';
import { EngineProcess, ENGINE_MAIN, WorkerProcess, freePort, until } from './soak/processes.js';
import { ThrowawayMariadb, throwawayMariadbProblem } from './soak/throwaway-mariadb.js';
import { soakVerdict, type DriverRecord } from './soak/verdict.js';

/** Kills in one run: one round (SOAK_KILLS raises it for a longer soak by hand). */
const KILLS = Number(process.env.SOAK_KILLS ?? 8);
const KILL_EVERY_MS = 2_000;
/**
 * One round is eight stops: the five processes killed (SIGKILL) in a seeded order, the database
 * server at the third (SIGTERM) and sixth (SIGKILL), and a seeded engine stopped cleanly (SIGTERM)
 * at the eighth. Longer runs repeat the round.
 */
const DB_RESTARTS: Record<number, 'SIGTERM' | 'SIGKILL'> = { 2: 'SIGTERM', 5: 'SIGKILL' };
/** The round's last stop is an engine's clean one (SIGTERM), as a rolling upgrade does. */
const GRACEFUL = 7;
const ROUND = 8;
const SEED = 15;
/** External-task and job locks: short, so a killed holder's work is taken over within the run. */
const LOCK_MS = 2_000;
/** Unfinished dossiers above which the starters wait (see the starters). */
const MAX_IN_FLIGHT = 40;

const problem =
  throwawayMariadbProblem() ?? (existsSync(ENGINE_MAIN) ? null : `${ENGINE_MAIN} missing (npx tsc -b)`);
if (problem && process.env.CI === 'true') throw new Error(`crash soak cannot run: ${problem}`);
if (problem) process.stderr.write(`\n*** SKIPPING the crash soak: ${problem} ***\n\n`);

/** mulberry32: the kill schedule is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A dossier: receipt and appraisal in parallel (two external tasks, often completed at once by
 * two workers on two engines: the join must fire once), an officer's check, a 1 s timer, and an
 * asynchronous signing step (a job, then an external task).
 */
const soakProcess = bpmn(
  'soak',
  `<bpmn:startEvent id="start" />${flow('f1', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
   ${flow('f2', 'fork', 'receive')}${flow('f3', 'fork', 'appraise')}
   <bpmn:serviceTask id="receive" camunda:type="external" camunda:topic="soak.receive" />
   <bpmn:serviceTask id="appraise" camunda:type="external" camunda:topic="soak.appraise" />
   ${flow('f4', 'receive', 'join')}${flow('f5', 'appraise', 'join')}<bpmn:parallelGateway id="join" />
   ${flow('f6', 'join', 'check')}<bpmn:userTask id="check" />${flow('f7', 'check', 'wait')}
   <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
   ${flow('f8', 'wait', 'sign')}
   <bpmn:serviceTask id="sign" camunda:type="external" camunda:topic="soak.sign" camunda:asyncBefore="true" />
   ${flow('f9', 'sign', 'end')}<bpmn:endEvent id="end" />`,
);

/** A REST call that never throws: engines die mid-request here. */
async function call(url: string, method: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text,
    };
  } catch (err) {
    return { status: 0, body: String(err) };
  }
}

/** The status of an engine's `/health/live` or `/health/ready` (0: no answer). */
async function health(engine: EngineProcess, probe: 'live' | 'ready'): Promise<number> {
  return (await call(engine.url.replace('/engine-rest', `/health/${probe}`), 'GET')).status;
}

/** Fisher–Yates with the seeded generator. */
function shuffled<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Messages counted by kind: ids and ports blanked out, cut to their first words. */
function countMessages(messages: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of messages) {
    const kind = m
      .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '…')
      .replace(/:\d{2,5}/g, ':…')
      .slice(0, 90);
    out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}

(problem ? describe.skip : describe)(
  'crash soak: engines, workers and the database killed under load',
  () => {
    let server: ThrowawayMariadb;
    let logDir: string;
    let engines: EngineProcess[] = [];
    let workers: WorkerProcess[] = [];
    let db: Connection;
    let api: RestClient;
    const driver: DriverRecord = {
      attempted: new Set(),
      acknowledged: new Map(),
      userTaskCompletions: new Map(),
    };
    const kills: string[] = [];
    const startFailures: string[] = [];

    let setupMs = 0;
    let loading = false;
    let draining = false;
    let load: Promise<void>[] = [];
    /** `/health/ready` of every engine while the database server is down. */
    const readinessWhileDown: number[] = [];

    beforeAll(async () => {
      const t0 = Date.now();
      server = await ThrowawayMariadb.create();
      logDir = mkdtempSync(join(tmpdir(), 'motcua-soak-logs-'));
      // The schema first, from one process: engines starting together must not race the migrations.
      await (await openDatabase({ url: server.url })).destroy();
      db = await mysql.createConnection({ uri: server.url });
      await db.query(
        'CREATE TABLE soak_effect (task_id varchar(64), topic varchar(64), process_instance_id varchar(64), worker_id varchar(64), at timestamp(3) DEFAULT CURRENT_TIMESTAMP(3))',
      );
      await db.query('CREATE TABLE soak_completion (task_id varchar(64), worker_id varchar(64))');
      await db.query('CREATE TABLE soak_refusal (task_id varchar(64), worker_id varchar(64), message text)');
      await db.end();
      const ports = [await freePort(), await freePort(), await freePort()];
      engines = ports.map((p, i) => new EngineProcess(`engine-${i}`, logDir, p, server.url, LOCK_MS));
      await Promise.all(engines.map((e) => e.start()));
      workers = [0, 1].map(
        (i) => new WorkerProcess(`worker-${i}`, logDir, engines[i]!.url, server.url, LOCK_MS),
      );
      await Promise.all(workers.map((w) => w.start()));
      api = new RestClient(engines[2]!.url);
      await api.ok(api.deploy({ 'soak.bpmn': soakProcess }));
      setupMs = Date.now() - t0;
    }, 120_000);

    afterAll(async () => {
      // A failed run stops its load too: nothing of it may outlive the suite.
      loading = false;
      draining = false;
      await Promise.all(load);
      for (const p of [...workers, ...engines]) await p.kill('SIGTERM').catch(() => undefined);
      await db?.end().catch(() => undefined);
      await server?.destroy();
      // SOAK_KEEP_LOGS=1 keeps the processes' logs for a look after the run.
      if (logDir && !process.env.SOAK_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
      else if (logDir) process.stdout.write(`crash soak logs: ${logDir}\n`);
    });

    it(
      'every started dossier ends exactly once, whatever was killed on the way',
      async () => {
        loading = true;
        draining = true;
        let n = 0;
        // Back-pressure: the starters wait while more than MAX_IN_FLIGHT dossiers are unfinished, so
        // the backlog at the end is one the drain can finish whatever the ratio of start speed to
        // worker speed on this machine (a faster start alone once left hundreds unfinished).
        let inFlight = { count: 0, at: 0 };
        const backlog = async () => {
          if (Date.now() - inFlight.at > 500) {
            const engine = engines[n % engines.length]!;
            const res = await call(`${engine.url}/history/process-instance/count?unfinished=true`, 'GET');
            if (res.status === 200)
              inFlight = { count: (res.body as { count: number }).count, at: Date.now() };
          }
          return inFlight.count;
        };
        // Starts, spread over the engines, two at a time.
        const starter = async () => {
          while (loading) {
            if ((await backlog()) >= MAX_IN_FLIGHT) {
              await new Promise((r) => setTimeout(r, 250));
              continue;
            }
            const key = `soak-${n++}`;
            const engine = engines[n % engines.length]!;
            driver.attempted.add(key);
            const res = await call(`${engine.url}/process-definition/key/soak/start`, 'POST', {
              businessKey: key,
            });
            if (res.status === 200) driver.acknowledged.set(key, (res.body as { id: string }).id);
            else {
              startFailures.push(`${res.status} ${JSON.stringify(res.body)}`);
              await new Promise((r) => setTimeout(r, 200));
            }
            await new Promise((r) => setTimeout(r, 80));
          }
        };
        // Officers: two loops on different engines compete for the same user tasks.
        const officer = async (offset: number) => {
          for (let round = offset; draining; round++) {
            const engine = engines[round % engines.length]!;
            const res = await call(`${engine.url}/task?taskDefinitionKey=check&maxResults=10`, 'GET');
            const tasks = res.status === 200 ? (res.body as { id: string }[]) : [];
            for (const t of tasks) {
              const done = await call(`${engine.url}/task/${t.id}/complete`, 'POST', {});
              if (done.status === 204)
                driver.userTaskCompletions.set(t.id, (driver.userTaskCompletions.get(t.id) ?? 0) + 1);
            }
            if (tasks.length === 0) await new Promise((r) => setTimeout(r, 150));
          }
        };
        load = [starter(), starter(), officer(0), officer(1)];

        const loadStart = Date.now();
        // Each round of kills hits every engine and worker once, in an order drawn from the seed.
        const random = seeded(SEED);
        const order: (EngineProcess | WorkerProcess)[] = [];
        for (let k = 0; k < KILLS; k++) {
          await new Promise((r) => setTimeout(r, KILL_EVERY_MS));
          const dbSignal = DB_RESTARTS[k % ROUND];
          if (dbSignal) {
            const t = Date.now();
            await server.stop(dbSignal);
            // Without their database the engines stay alive but say they are not ready, so a load
            // balancer would send no traffic their way.
            readinessWhileDown.push(...(await Promise.all(engines.map((e) => health(e, 'ready')))));
            await new Promise((r) => setTimeout(r, 500));
            await server.start();
            // The engines reconnect: each is ready and answers a database read again, unrestarted.
            await until(
              'every engine to reach the restarted database',
              async () =>
                (
                  await Promise.all(
                    engines.map(async (e) =>
                      (await health(e, 'ready')) === 200
                        ? (await call(`${e.url}/process-definition/count`, 'GET')).status
                        : 0,
                    ),
                  )
                ).every((status) => status === 200),
              60_000,
            );
            kills.push(`database ${dbSignal} (back in ${Date.now() - t} ms, engines reconnected)`);
            continue;
          }
          if (k % ROUND === GRACEFUL) {
            // A rolling restart: one engine stopped with SIGTERM under load must stop cleanly.
            const target = engines[Math.floor(random() * engines.length)]!;
            const t = Date.now();
            await target.kill('SIGTERM');
            await target.start();
            kills.push(`${target.name} SIGTERM (back in ${Date.now() - t} ms)`);
            continue;
          }
          if (order.length === 0) order.push(...shuffled([...engines, ...workers], random));
          const target = order.shift()!;
          const t = Date.now();
          await target.kill('SIGKILL');
          await target.start();
          kills.push(`${target.name} (back in ${Date.now() - t} ms)`);
        }
        loading = false;
        const loadMs = Date.now() - loadStart;

        // Drain: the workers, the timers and the officers finish what was started.
        const unfinished = async () => {
          const res = await call(`${engines[2]!.url}/history/process-instance/count?unfinished=true`, 'GET');
          return res.status === 200 ? (res.body as { count: number }).count : -1;
        };
        const drainStart = Date.now();
        await until('every dossier to finish', async () => (await unfinished()) === 0, 90_000).catch(
          () => undefined,
        );
        const drainMs = Date.now() - drainStart;
        draining = false;
        await Promise.all(load);
        for (const w of workers) await w.kill('SIGTERM');

        db = await mysql.createConnection({ uri: server.url });
        const problems = await soakVerdict(api, db, driver);
        const [[effects]] = await db.query<mysql.RowDataPacket[]>(
          'SELECT COUNT(*) AS effects, COUNT(DISTINCT task_id) AS tasks FROM soak_effect',
        );
        const [refused] = await db.query<mysql.RowDataPacket[]>('SELECT message FROM soak_refusal');
        const refusals = countMessages(refused.map((r) => String(r.message)));
        const summary = {
          kills,
          started: driver.acknowledged.size,
          attempted: driver.attempted.size,
          effects: effects!.effects,
          tasksWithEffects: effects!.tasks,
          refusedCompletions: refusals,
          startFailures: countMessages(startFailures),
          ms: { setup: setupMs, load: loadMs, drain: drainMs },
        };
        process.stdout.write(`crash soak: ${JSON.stringify(summary)}\n`);
        if (problems.length > 0)
          process.stdout.write(
            `${problems.slice(0, 40).join('\n')}\n${[...engines, ...workers].map((p) => `--- ${p.name}\n${p.tail()}`).join('\n')}\n`,
          );
        expect(problems).toEqual([]);
        expect(readinessWhileDown).toEqual(Array(readinessWhileDown.length).fill(503));
        expect(readinessWhileDown.length).toBeGreaterThan(0);
        // Nothing died but what the soak killed: the engines outlived the database restarts.
        expect([...engines, ...workers].flatMap((p) => p.unexpectedExits)).toEqual([]);
        // The run did what it claims: load went through, and every kill happened.
        expect(kills).toHaveLength(KILLS);
        expect(driver.acknowledged.size).toBeGreaterThan(20);
      },
      150_000 + KILLS * 15_000,
    );

    it('the verdict catches a lost step, a lost completion, a completion accepted twice and a wrong finished count', async () => {
      const [first] = [...driver.acknowledged.values()];
      await db.query('DELETE FROM eng_hi_actinst WHERE processInstanceId = ? AND activityId = ?', [
        first,
        'end',
      ]);
      await db.query(
        'DELETE FROM eng_hi_ext_task_log WHERE processInstanceId = ? AND activityId = ? AND state = ?',
        [first, 'sign', 'successful'],
      );
      const [[done]] = await db.query<mysql.RowDataPacket[]>('SELECT task_id FROM soak_completion LIMIT 1');
      await db.query('INSERT INTO soak_completion (task_id, worker_id) VALUES (?, ?)', [
        done!.task_id,
        'tampered',
      ]);
      await db.query(
        "UPDATE eng_hi_procinst_finished SET finished = finished + 1 WHERE processDefinitionKey = 'soak' LIMIT 1",
      );
      const problems = await soakVerdict(api, db, driver);
      expect(problems).toEqual(
        expect.arrayContaining([
          `instance ${first} passed end 0 times`,
          `instance ${first}: 0 completions of sign`,
          `the engine accepted 2 completions of external task ${String(done!.task_id)}`,
          expect.stringMatching(/^the finished count says (\d+), the history holds \d+$/),
        ]),
      );
      expect(problems).toHaveLength(4);
    });
  },
);
