/**
 * The exact count of finished historic process instances (issue 15, scenario (d); db's
 * finished-instance-count.ts): after every one of a random sequence of starts, task completions,
 * instance deletions (a caller with its called instance), history deletions, history cleanups and
 * deployments deleted with cascade, the counter's sum and every count the REST API answers from it
 * (all, finished, per definition id and key) equal a plain COUNT(*) of `eng_hi_procinst`. On
 * MariaDB, two instances of one definition end while a third transaction holds every counter row
 * of that definition: both wait for it, neither deadlocks, and both are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '@motcua/db';
import { FINISHED_COUNT_SLOTS, FINISHED_COUNT_TABLE } from '@motcua/db/engine';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { RestClient, bpmn, flow } from './rest-client.js';
import { T0 } from './harness.js';

const dialects = await testDatabases();
const DAY = 86_400_000;

/** start → user task → end; `ttl` days of history (cleanup), if given. */
const taskProcess = (key: string, ttl?: number) => {
  const xml = bpmn(
    key,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`,
  );
  return ttl === undefined
    ? xml
    : xml.replace('isExecutable="true"', `isExecutable="true" camunda:historyTimeToLive="${ttl}"`);
};
/** Calls `fc-a` (deleting the caller deletes the called instance in the same command). */
const caller = bpmn(
  'fc-caller',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}<bpmn:callActivity id="call" calledElement="fc-a" />${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />`,
);

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(dialects)('the finished instance count on $dialect', (factory) => {
  const clock = new TestClock(T0);
  let engine: RunningEngine;
  let api: RestClient;
  let ds: Awaited<ReturnType<typeof openDatabase>>;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    engine = await startEngine({ dbUrl: db.url, port: 0, clock });
    api = new RestClient(engine.url);
    ds = await openDatabase({ url: db.url });
  });
  afterAll(async () => {
    await ds?.destroy();
    await engine?.close();
    await drop?.();
  });

  const plainCount = async (where: string, params: unknown[] = []) =>
    Number(
      (
        (await ds.query(`SELECT COUNT(*) AS n FROM eng_hi_procinst WHERE 1 = 1${where}`, params)) as {
          n: unknown;
        }[]
      )[0]!.n,
    );
  const counterSum = async () =>
    Number(
      (
        (await ds.query(`SELECT COALESCE(SUM(finished), 0) AS n FROM ${FINISHED_COUNT_TABLE}`)) as {
          n: unknown;
        }[]
      )[0]!.n,
    );
  const restCount = async (query: string) =>
    (await api.ok(api.get(`/history/process-instance/count?${query}`))).count as number;

  /** Every count the counter answers, against COUNT(*). */
  async function expectExact(step: string): Promise<void> {
    const finished = await plainCount(' AND endTime IS NOT NULL');
    const got = {
      step,
      counter: await counterSum(),
      finished: await restCount('finished=true'),
      all: await restCount(''),
      // Not from the counter: the rows, as the list filters them.
      unfinished: await restCount('unfinished=true'),
      completed: await restCount('finished=true&state=COMPLETED'),
    };
    expect(got).toEqual({
      step,
      counter: finished,
      finished,
      all: await plainCount(''),
      unfinished: await plainCount(' AND endTime IS NULL'),
      completed: await plainCount(" AND endTime IS NOT NULL AND state = 'COMPLETED'"),
    });
    const defs = (await ds.query(
      'SELECT DISTINCT processDefinitionId AS id, processDefinitionKey AS k FROM eng_hi_procinst',
    )) as {
      id: string;
      k: string;
    }[];
    for (const { id, k } of defs) {
      const byId = {
        step,
        id,
        finished: await restCount(`finished=true&processDefinitionId=${encodeURIComponent(id)}`),
      };
      expect(byId).toEqual({
        step,
        id,
        finished: await plainCount(' AND endTime IS NOT NULL AND processDefinitionId = ?', [id]),
      });
      const byKey = {
        step,
        k,
        finished: await restCount(`finished=true&processDefinitionKey=${k}`),
        all: await restCount(`processDefinitionKey=${k}`),
      };
      expect(byKey).toEqual({
        step,
        k,
        finished: await plainCount(' AND endTime IS NOT NULL AND processDefinitionKey = ?', [k]),
        all: await plainCount(' AND processDefinitionKey = ?', [k]),
      });
    }
  }

  it('equals COUNT(*) after every step of random starts, ends, cancels, deletions and cleanups', async () => {
    for (const [name, xml] of [
      ['fc-a.bpmn', taskProcess('fc-a', 1)],
      ['fc-b.bpmn', taskProcess('fc-b')],
      ['fc-caller.bpmn', caller],
    ] as const)
      expect((await api.deploy({ [name]: xml })).status).toBe(200);
    const next = random(15);
    const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(next() * xs.length)];
    const running = async () =>
      (await api.ok(api.get('/process-instance'))).map((p: { id: string }) => p.id) as string[];
    const finished = async () =>
      (await api.ok(api.get('/history/process-instance?finished=true'))).map(
        (p: { id: string }) => p.id,
      ) as string[];
    const done: string[] = [];
    for (let step = 0; step < 60; step++) {
      const r = next();
      if (r < 0.3) {
        const key = pick(['fc-a', 'fc-b', 'fc-caller'])!;
        await api.ok(api.post(`/process-definition/key/${key}/start`, {}));
        done.push(`start ${key}`);
      } else if (r < 0.55) {
        const task = pick(await api.ok(api.get('/task')));
        if (task) await api.ok(api.post(`/task/${(task as { id: string }).id}/complete`, {}));
        done.push('complete');
      } else if (r < 0.67) {
        const pi = pick(await running());
        if (pi) expect((await api.call('DELETE', `/process-instance/${pi}`)).status).toBe(204);
        done.push('delete instance');
      } else if (r < 0.79) {
        const pi = pick(await finished());
        if (pi) expect((await api.call('DELETE', `/history/process-instance/${pi}`)).status).toBe(204);
        done.push('delete history');
      } else if (r < 0.87) {
        clock.set(new Date(clock.now().getTime() + DAY / 2));
        await api.ok(api.post('/history/cleanup'));
        done.push('cleanup');
      } else if (r < 0.93) {
        // A new version of fc-b: later starts count under another definition id of the same key.
        expect((await api.deploy({ 'fc-b.bpmn': taskProcess('fc-b') })).status).toBe(200);
        done.push('redeploy fc-b');
      } else {
        // A deployment of its own, with an ended and a running instance, deleted with cascade.
        const dep = await api.ok(api.deploy({ 'fc-d.bpmn': taskProcess('fc-d') }));
        for (let i = 0; i < 2; i++) await api.ok(api.post('/process-definition/key/fc-d/start', {}));
        const [task] = await api.ok(api.get('/task?processDefinitionKey=fc-d'));
        await api.ok(api.post(`/task/${task.id}/complete`, {}));
        await expectExact(`${step}: fc-d started`);
        expect((await api.call('DELETE', `/deployment/${dep.id}?cascade=true`)).status).toBe(204);
        done.push('delete deployment with cascade');
      }
      await expectExact(`${step}: ${done.at(-1)}`);
    }
    // The sequence did each kind of step, and some history is left to count.
    for (const kind of [
      'start',
      'complete',
      'delete instance',
      'delete history',
      'cleanup',
      'delete deployment',
    ])
      expect(done.some((d) => d.startsWith(kind))).toBe(true);
    expect(await counterSum()).toBeGreaterThan(0);
  });

  it('counts instances of one definition ending at once, competing on its counter rows', async () => {
    if (factory.dialect !== 'mariadb') return; // SQLite: one writer, the ends queue in the process
    expect((await api.deploy({ 'fc-race.bpmn': taskProcess('fc-race') })).status).toBe(200);
    const pis: string[] = [];
    for (let i = 0; i < 2; i++)
      pis.push((await api.ok(api.post('/process-definition/key/fc-race/start', {}))).id);
    const tasks: string[] = [];
    for (const pi of pis) tasks.push((await api.ok(api.get(`/task?processInstanceId=${pi}`)))[0].id);
    const [def] = (await ds.query('SELECT processDefinitionId AS id FROM eng_hi_procinst WHERE id = ?', [
      pis[0],
    ])) as {
      id: string;
    }[];
    // A third transaction takes every slot of the definition's counter.
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      const slots = Array.from({ length: FINISHED_COUNT_SLOTS }, (_, s) => s);
      await holder.query(
        `INSERT INTO ${FINISHED_COUNT_TABLE} (processDefinitionId, slot, processDefinitionKey, finished) VALUES ${slots.map(() => '(?, ?, ?, 0)').join(', ')} ON DUPLICATE KEY UPDATE finished = finished`,
        slots.flatMap((s) => [def!.id, s, 'fc-race']),
      );
      const ends = tasks.map((t) => api.post(`/task/${t}/complete`, {}));
      // Both ending commands did their other writes and now wait on the counter (the statement
      // each waits in is its flush before COMMIT, which ends with the counter's).
      let waiting = 0;
      for (let i = 0; i < 400 && waiting < 2; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const [row] = (await ds.query(
          "SELECT COUNT(*) AS n FROM information_schema.innodb_trx t JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id WHERE t.trx_state = 'LOCK WAIT' AND p.db = DATABASE() AND t.trx_query LIKE '%eng_hi_procinst_finished%'",
        )) as { n: unknown }[];
        waiting = Number(row!.n);
      }
      expect(waiting).toBe(2);
      await holder.commitTransaction();
      expect((await Promise.all(ends)).map((r) => r.status)).toEqual([204, 204]);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await restCount(`finished=true&processDefinitionId=${encodeURIComponent(def!.id)}`)).toBe(2);
    await expectExact('race');
  });
});
