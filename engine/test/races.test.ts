/**
 * Deterministic races (engine README, "Concurrency guarantees"): a command is held just before it
 * commits (the engine's test seam), the competing command is started and runs until it is held
 * too or waits for the first on the database, and the two are released in a chosen order. Each
 * race ends with exactly one winner, a clean Camunda-style answer for the loser, and a database
 * that is consistent afterwards.
 *
 * What "waits" means differs by dialect and is asserted: on SQLite the engine's one connection is
 * taken by the held command, so the competitor queues and then runs after it (serialised: it sees
 * the winner's committed state); on MariaDB the competitor runs concurrently on its own
 * connection, reads the committed (old) state and blocks on the first row the held command
 * wrote, then loses the revision check or the lock (OptimisticLockingException).
 */
import { describe, expect, it, beforeAll, afterAll, afterEach } from '@jest/globals';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { RestClient, bpmn, flow } from './rest-client.js';
import { T0 } from './harness.js';
import {
  CommitGate,
  isOptimisticLock,
  lockWaitProbe,
  standing,
  startRaceEngine,
  type RaceEngine,
  type WaitProbe,
} from './race-control.js';

const dialects = await testDatabases();

const single = bpmn(
  'race-single',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'task')}<bpmn:userTask id="task" />${flow('f1', 'task', 'next')}<bpmn:userTask id="next" />${flow('f2', 'next', 'end')}<bpmn:endEvent id="end" />`,
);
const external = bpmn(
  'race-fetch',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'w')}<bpmn:serviceTask id="w" camunda:type="external" camunda:topic="race.fetch" />${flow('f1', 'w', 'after')}<bpmn:userTask id="after" />${flow('f2', 'after', 'end')}<bpmn:endEvent id="end" />`,
);

const joins = {
  parallel: bpmn(
    'race-parallel',
    `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
     ${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 'b')}<bpmn:userTask id="a" /><bpmn:userTask id="b" />
     ${flow('fa2', 'a', 'join')}${flow('fb2', 'b', 'join')}<bpmn:parallelGateway id="join" />
     ${flow('f9', 'join', 'after')}<bpmn:userTask id="after" />${flow('f10', 'after', 'end')}<bpmn:endEvent id="end" />`,
  ),
  inclusive: bpmn(
    'race-inclusive',
    `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:inclusiveGateway id="fork" />
     ${flow('fa', 'fork', 'a', '${true}')}${flow('fb', 'fork', 'b', '${true}')}<bpmn:userTask id="a" /><bpmn:userTask id="b" />
     ${flow('fa2', 'a', 'join')}${flow('fb2', 'b', 'join')}<bpmn:inclusiveGateway id="join" />
     ${flow('f9', 'join', 'after')}<bpmn:userTask id="after" />${flow('f10', 'after', 'end')}<bpmn:endEvent id="end" />`,
  ),
};
const message = bpmn(
  'race-message',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'wait')}<bpmn:receiveTask id="wait" messageRef="Msg_race" />${flow('f1', 'wait', 'after')}<bpmn:userTask id="after" />${flow('f2', 'after', 'end')}<bpmn:endEvent id="end" />`,
  '<bpmn:message id="Msg_race" name="race-msg" />',
);

describe.each(dialects)('deterministic races on $dialect', (factory) => {
  const gate = new CommitGate();
  const clock = new TestClock(T0);
  let fixture: RaceEngine;
  let api: RestClient;
  let waits: WaitProbe;
  const mariadb = factory.dialect === 'mariadb';

  beforeAll(async () => {
    fixture = await startRaceEngine(factory, {
      gate,
      clock,
      deploy: {
        'single.bpmn': single,
        'external.bpmn': external,
        'parallel.bpmn': joins.parallel,
        'inclusive.bpmn': joins.inclusive,
        'message.bpmn': message,
      },
    });
    ({ api, waits } = fixture);
  });
  afterEach(() => gate.releaseAll());
  afterAll(async () => {
    await fixture?.close();
  });

  const tasksOf = async (pi: string): Promise<{ id: string; taskDefinitionKey: string }[]> =>
    api.ok(api.get(`/task?processInstanceId=${pi}`));

  it('competing completion of one task: the first to commit wins, the other gets a clean error', async () => {
    const pi = await api.ok(api.post('/process-definition/key/race-single/start', {}));
    const [task] = await tasksOf(pi.id);
    const complete = (by: number) =>
      api.post(`/task/${task!.id}/complete`, { variables: { by: { value: by, type: 'Integer' } } });

    const a = gate.holdNext();
    const first = complete(1);
    await a.reached;
    const b = gate.holdNext();
    const second = complete(2);
    // Both write the task's execution: the second waits for the first's transaction.
    expect(await standing(second, b, waits)).toBe('waiting');
    b.release(); // it never reached its hold: disarm it, so it commits when it gets there
    a.release();
    expect((await first).status).toBe(204);
    const loser = await second;
    if (mariadb) expect(isOptimisticLock(loser)).toBe(true);
    // Serialised on SQLite: the task is gone by the time the second command reads it.
    else expect([loser.status, loser.body.type]).toEqual([404, 'NotFoundException']);

    expect((await tasksOf(pi.id)).map((t) => t.taskDefinitionKey)).toEqual(['next']);
    expect(
      await api.ok(api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=next`)),
    ).toHaveLength(1);
    const by = await api.ok(api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=by`));
    expect(by.map((v: { value: number }) => v.value)).toEqual([1]);
  });

  it.each(['first', 'second'] as const)(
    'competing fetchAndLock of one external task (the %s to start commits first): one worker gets it',
    async (commitsFirst) => {
      const pi = await api.ok(api.post('/process-definition/key/race-fetch/start', {}));
      const fetch = (workerId: string) =>
        api.post('/external-task/fetchAndLock', {
          workerId,
          maxTasks: 5,
          topics: [{ topicName: 'race.fetch', lockDuration: 60_000 }],
        });

      const a = gate.holdNext();
      const first = fetch('w1');
      await a.reached;
      const b = gate.holdNext();
      const second = fetch('w2');
      const stand = await standing(second, b, waits);
      // MariaDB: the second skips the row the first locked (FOR UPDATE SKIP LOCKED) and reaches
      // its own commit with nothing; SQLite: it queues behind the first.
      expect(stand).toBe(mariadb ? 'held' : 'waiting');
      if (commitsFirst === 'second' && stand === 'held') {
        b.release();
        expect((await api.ok(second)).map((t: { id: string }) => t.id)).toEqual([]);
        a.release();
      } else {
        a.release();
        b.release();
      }
      const [got1, got2] = [await api.ok(first), await api.ok(second)];
      expect(got1.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([pi.id]);
      expect(got2).toEqual([]);

      // The lock is w1's: w2 cannot complete it, w1 can, and the instance moves on once.
      const [locked] = got1;
      const stolen = await api.post(`/external-task/${locked.id}/complete`, { workerId: 'w2' });
      expect([stolen.status, stolen.body.type]).toEqual([400, 'InvalidRequestException']);
      expect((await api.post(`/external-task/${locked.id}/complete`, { workerId: 'w1' })).status).toBe(204);
      expect((await tasksOf(pi.id)).map((t) => t.taskDefinitionKey)).toEqual(['after']);
    },
  );

  it('a fetch whose first candidates another fetch holds locks the next ones instead, none twice', async () => {
    const xml = bpmn(
      'race-fetch-batch',
      `<bpmn:startEvent id="start" />${flow('f0', 'start', 'w')}<bpmn:serviceTask id="w" camunda:type="external" camunda:topic="race.batch" />${flow('f1', 'w', 'end')}<bpmn:endEvent id="end" />`,
    );
    await api.ok(api.deploy({ 'race-fetch-batch.bpmn': xml }));
    const numberOf = new Map<string, number>();
    for (let i = 0; i < 4; i++) {
      const pi = await api.ok(
        api.post('/process-definition/key/race-fetch-batch/start', {
          variables: { n: { value: i, type: 'Integer' } },
        }),
      );
      numberOf.set(pi.id, i);
    }
    const fetch = (workerId: string, maxTasks: number) =>
      api.post('/external-task/fetchAndLock', {
        workerId,
        maxTasks,
        topics: [{ topicName: 'race.batch', lockDuration: 60_000 }],
      });
    const inOrder = (
      await api.ok(api.get('/external-task?topicName=race.batch&sortBy=createTime&sortOrder=asc'))
    ).map((t: { id: string }) => t.id) as string[];

    // The first fetch locks the first task in fetch order and is held before its commit.
    const a = gate.holdNext();
    const first = fetch('w1', 1);
    await a.reached;
    // The second's candidates start with that task (its look reads committed rows, unlocked):
    // on MariaDB its lock of the first two skips it and comes back with one, so it locks the
    // third next; on SQLite it waits for the first and then sees that task taken.
    const b = gate.holdNext();
    const second = fetch('w2', 2);
    const stand = await standing(second, b, waits);
    expect(stand).toBe(mariadb ? 'held' : 'waiting');
    if (stand === 'held') b.release();
    a.release();
    if (stand !== 'held') b.release();
    type Fetched = { id: string; processInstanceId: string; variables: Record<string, { value: unknown }> };
    const answer1 = (await api.ok(first)) as Fetched[];
    const answer2 = (await api.ok(second)) as Fetched[];
    // Each task comes with its own instance's variables: on MariaDB the second fetch read those of
    // its first two candidates along with their lock and kept only the locked one's; the third,
    // locked alone, read its own.
    for (const t of [...answer1, ...answer2])
      expect([t.processInstanceId, t.variables]).toEqual([
        t.processInstanceId,
        { n: expect.objectContaining({ value: numberOf.get(t.processInstanceId) }) },
      ]);
    const got1 = answer1.map((t) => t.id);
    const got2 = answer2.map((t) => t.id);
    expect(got1).toEqual(inOrder.slice(0, 1));
    expect(got2).toEqual(inOrder.slice(1, 3));
    // The fourth is still free; each task is locked by its own worker only.
    expect((await api.ok(fetch('w3', 5))).map((t: { id: string }) => t.id)).toEqual(inOrder.slice(3));
    const workers = await api.ok(api.get('/external-task?topicName=race.batch'));
    expect(new Map(workers.map((t: { id: string; workerId: string }) => [t.id, t.workerId]))).toEqual(
      new Map(inOrder.map((id, i) => [id, i === 0 ? 'w1' : i < 3 ? 'w2' : 'w3'])),
    );
  });

  it.each(['parallel', 'inclusive'] as const)(
    'concurrent arrivals at a %s join: exactly one continuation, no lost token',
    async (kind) => {
      const pi = await api.ok(api.post(`/process-definition/key/race-${kind}/start`, {}));
      const tasks = await tasksOf(pi.id);
      const idOf = (key: string) => tasks.find((t) => t.taskDefinitionKey === key)!.id;

      const a = gate.holdNext();
      const first = api.post(`/task/${idOf('a')}/complete`, {});
      await a.reached;
      const b = gate.holdNext();
      const second = api.post(`/task/${idOf('b')}/complete`, {});
      // Every join arrival bumps the instance's revision: the second waits for the first.
      expect(await standing(second, b, waits)).toBe('waiting');
      b.release(); // it never reached its hold: disarm it, so it commits when it gets there
      a.release();
      expect((await first).status).toBe(204);
      const late = await second;
      const after = () =>
        api.ok(api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=after`));
      if (mariadb) {
        // It read the instance before the first committed: it lost, and nothing of it remains.
        expect(isOptimisticLock(late)).toBe(true);
        expect((await tasksOf(pi.id)).map((t) => t.taskDefinitionKey)).toEqual(['b']);
        expect(await after()).toEqual([]);
        // Its retry (what a client does after an OptimisticLockingException) arrives last.
        expect((await api.post(`/task/${idOf('b')}/complete`, {})).status).toBe(204);
      } else expect(late.status).toBe(204); // serialised: it arrived second and saw the first
      expect((await tasksOf(pi.id)).map((t) => t.taskDefinitionKey)).toEqual(['after']);
      expect(await after()).toHaveLength(1);
      const joined = await api.ok(
        api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=join`),
      );
      expect(joined.filter((j: { endTime: string | null }) => j.endTime === null)).toEqual([]);
    },
  );

  it('competing correlation of one message to one waiting instance: one correlates, one is refused', async () => {
    const pi = await api.ok(api.post('/process-definition/key/race-message/start', {}));
    const correlate = (n: number) =>
      api.post('/message', {
        messageName: 'race-msg',
        processInstanceId: pi.id,
        processVariables: { n: { value: n, type: 'Integer' } },
      });

    const a = gate.holdNext();
    const first = correlate(1);
    await a.reached;
    const b = gate.holdNext();
    const second = correlate(2);
    expect(await standing(second, b, waits)).toBe('waiting');
    b.release(); // it never reached its hold: disarm it, so it commits when it gets there
    a.release();
    expect((await first).status).toBe(204);
    const loser = await second;
    if (mariadb) expect(isOptimisticLock(loser)).toBe(true);
    // Serialised: by then nothing waits for the message (Camunda's MismatchingMessageCorrelationException).
    else {
      expect(loser.status).toBe(400);
      expect(loser.body.message).toMatch(/Cannot correlate message 'race-msg'/);
    }
    expect((await tasksOf(pi.id)).map((t) => t.taskDefinitionKey)).toEqual(['after']);
    const n = await api.ok(api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=n`));
    expect(n.map((v: { value: number }) => v.value)).toEqual([1]);
    expect(await api.ok(api.get(`/event-subscription?processInstanceId=${pi.id}`))).toEqual([]);
  });

  it.each([
    ['with duplicate filtering', { 'deployment-name': 'race-dup', 'enable-duplicate-filtering': 'true' }],
    ['without duplicate filtering', { 'deployment-name': 'race-plain' }],
  ] as const)('concurrent deployment of the same process %s', async (label, fields) => {
    const key = label.startsWith('with ') ? 'race-deploy-dup' : 'race-deploy-plain';
    const xml = bpmn(key, `<bpmn:startEvent id="s" />${flow('f', 's', 'e')}<bpmn:endEvent id="e" />`);
    const deploy = () => api.deploy({ [`${key}.bpmn`]: xml }, { ...fields });

    const a = gate.holdNext();
    const first = deploy();
    await a.reached;
    const b = gate.holdNext();
    const second = deploy();
    expect(await standing(second, b, waits)).toBe('waiting');
    b.release(); // it never reached its hold: disarm it, so it commits when it gets there
    a.release();
    const won = await first;
    expect(won.status).toBe(200);
    expect(Object.values(won.body.deployedProcessDefinitions)).toMatchObject([{ key, version: 1 }]);
    const late = await second;
    const versions = async () =>
      (await api.ok(api.get(`/process-definition?key=${key}&sortBy=version&sortOrder=asc`))).map(
        (d: { version: number }) => d.version,
      );
    if (mariadb) {
      // It chose the same version (or no duplicate) before the first committed: the unique
      // (key, version) index makes it wait, then lose.
      expect(isOptimisticLock(late)).toBe(true);
      expect(await versions()).toEqual([1]);
    } else if (label.startsWith('with ')) {
      // Serialised: it sees the first deployment and filters itself out.
      expect(late.status).toBe(200);
      expect(late.body.id).toBe(won.body.id);
      expect(late.body.deployedProcessDefinitions).toBeNull();
      expect(await versions()).toEqual([1]);
    } else {
      // Serialised, no filtering asked: a second version, as two deployments one after the other.
      expect(late.status).toBe(200);
      expect(Object.values(late.body.deployedProcessDefinitions)).toMatchObject([{ key, version: 2 }]);
      expect(await versions()).toEqual([1, 2]);
    }
  });

  it('two unrelated instances ending at once: neither waits for the other (no deadlock on MariaDB)', async () => {
    // Started one after the other, so their variable rows are neighbours in every index (ids are
    // time-ordered): a DELETE that scans by instance id would lock into the other's rows.
    const vars = { variables: { a: { value: 'x' }, b: { value: 'y' }, c: { value: 1, type: 'Integer' } } };
    const older = await api.ok(api.post('/process-definition/key/race-single/start', vars));
    const newer = await api.ok(api.post('/process-definition/key/race-single/start', vars));
    const lastTask = async (pi: string) => {
      const [first] = await tasksOf(pi);
      expect((await api.post(`/task/${first!.id}/complete`, {})).status).toBe(204);
      const [next] = await tasksOf(pi);
      return next!.id;
    };
    const [newerTask, olderTask] = [await lastTask(newer.id), await lastTask(older.id)];

    const a = gate.holdNext();
    const first = api.post(`/task/${newerTask}/complete`, {});
    await a.reached;
    const b = gate.holdNext();
    const second = api.post(`/task/${olderTask}/complete`, {});
    // MariaDB: each command locks only its own rows, so the second reaches its commit too;
    // SQLite: the one connection serialises them.
    expect(await standing(second, b, waits)).toBe(mariadb ? 'held' : 'waiting');
    b.release();
    a.release();
    expect([(await first).status, (await second).status]).toEqual([204, 204]);
    for (const pi of [older.id, newer.id]) {
      const [hist] = await api.ok(api.get(`/history/process-instance?processInstanceId=${pi}`));
      expect(hist.state).toBe('COMPLETED');
      expect(await api.ok(api.get(`/variable-instance?processInstanceIdIn=${pi}`))).toEqual([]);
    }
  });
});

const mariadbFactory = dialects.find((d) => d.dialect === 'mariadb');

/**
 * Two engines' job executors on one MariaDB database: acquisition locks the due jobs
 * `FOR UPDATE SKIP LOCKED`. SQLite runs one engine process, whose executor serialises its own
 * runs (`JobExecutor.runDue`), so there is no second acquirer to race there.
 */
(mariadbFactory ? describe : describe.skip)('competing job acquisition by two engines on MariaDB', () => {
  const gate = new CommitGate();
  const clock = new TestClock(T0);
  let db: TestDatabase;
  let one: RunningEngine;
  let two: RunningEngine;
  let api: RestClient;
  let probe: { probe: WaitProbe; close(): Promise<void> } | null = null;
  beforeAll(async () => {
    db = await mariadbFactory!.create();
    const options = { dbUrl: db.url, port: 0, clock, testSeam: { beforeCommit: gate.beforeCommit } };
    one = await startEngine(options);
    two = await startEngine(options);
    api = new RestClient(one.url);
    probe = await lockWaitProbe(db.url);
    const xml = bpmn(
      'race-job',
      `<bpmn:startEvent id="s" />${flow('f', 's', 'wait')}
       <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       ${flow('f2', 'wait', 'after')}<bpmn:userTask id="after" />${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
    );
    await api.ok(api.deploy({ 'race-job.bpmn': xml }));
  });
  afterEach(() => gate.releaseAll());
  afterAll(async () => {
    gate.releaseAll();
    await probe?.close();
    await one?.close();
    await two?.close();
    await db?.drop();
  });

  it('one due timer: the engine that locks it first runs it, the other acquires nothing', async () => {
    const pi = await api.ok(api.post('/process-definition/key/race-job/start', {}));
    clock.advance(3_600_000);
    const a = gate.holdNext(); // engine one's acquisition, holding the job row locked
    const first = one.jobs.runDue();
    await a.reached;
    const b = gate.holdNext();
    const second = two.jobs.runDue();
    // Engine two skips the locked row and reaches its own commit with an empty acquisition.
    expect(await standing(second, b, probe!.probe)).toBe('held');
    b.release();
    expect(await second).toEqual({ executed: 0, failed: 0 });
    a.release();
    expect(await first).toEqual({ executed: 1, failed: 0 });
    expect(await two.jobs.runDue()).toEqual({ executed: 0, failed: 0 });
    expect(await api.ok(api.get(`/job?processInstanceId=${pi.id}`))).toEqual([]);
    expect(
      await api.ok(api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=after`)),
    ).toHaveLength(1);
    const log = await api.ok(api.get(`/history/job-log?processInstanceId=${pi.id}&successLog=true`));
    expect(log).toHaveLength(1);
    expect(await api.ok(api.get('/incident'))).toEqual([]);
  });

  it('a job whose lock expires while it runs: the second engine skips its locked row; it runs once', async () => {
    const pi = await api.ok(api.post('/process-definition/key/race-job/start', {}));
    clock.advance(3_600_000);
    const acquired = gate.holdNext(); // engine one's acquisition passes
    acquired.release();
    const a = gate.holdNext(); // engine one's run of the job, held before commit
    const first = one.jobs.runDue();
    await a.reached;
    clock.advance(10 * 60_000); // past the 5-minute lock: the job looks acquirable to engine two
    const b = gate.holdNext();
    const second = two.jobs.runDue();
    // The running command holds the job's row: engine two's acquisition skips it (SKIP LOCKED).
    expect(await standing(second, b, probe!.probe)).toBe('held');
    b.release();
    expect(await second).toEqual({ executed: 0, failed: 0 });
    a.release();
    expect(await first).toEqual({ executed: 1, failed: 0 });
    expect(await two.jobs.runDue()).toEqual({ executed: 0, failed: 0 });
    expect(await api.ok(api.get(`/job?processInstanceId=${pi.id}`))).toEqual([]);
    expect(
      await api.ok(api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=after`)),
    ).toHaveLength(1);
    expect(await api.ok(api.get('/incident'))).toEqual([]);
  });
});
