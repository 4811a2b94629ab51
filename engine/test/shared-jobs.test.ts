/**
 * Two engines on one MariaDB database share the job executor's work: each due job is acquired
 * by exactly one of them (`FOR UPDATE SKIP LOCKED`) and runs exactly once. SQLite runs a single
 * engine process, so this suite needs MariaDB.
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { RestClient, bpmn, flow } from './rest-client.js';
import { T0 } from './harness.js';

const mariadb = (await testDatabases()).find((d) => d.dialect === 'mariadb');

(mariadb ? describe : describe.skip)('two engines sharing the jobs of one MariaDB database', () => {
  let db: TestDatabase;
  let a: RunningEngine;
  let b: RunningEngine;
  let api: RestClient;
  const clock = new TestClock(T0);
  beforeAll(async () => {
    db = await mariadb!.create();
    a = await startEngine({ dbUrl: db.url, port: 0, clock });
    b = await startEngine({ dbUrl: db.url, port: 0, clock });
    api = new RestClient(a.url);
    // Each instance waits 1 hour, then counts how often its timer ran.
    const xml = bpmn(
      'shared-timers',
      `<bpmn:startEvent id="s" />${flow('f', 's', 'wait')}
       <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       ${flow('f2', 'wait', 'after')}<bpmn:userTask id="after" />${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
    );
    await api.ok(api.deploy({ 'shared-timers.bpmn': xml }));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('runs every due timer exactly once when both engines run their jobs at once', async () => {
    const n = 30;
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push((await api.ok(api.post('/process-definition/key/shared-timers/start', {}))).id);
    clock.advance(3_600_000);
    const [ra, rb] = await Promise.all([a.jobs.runDue(), b.jobs.runDue()]);
    expect(ra.executed + rb.executed).toBe(n);
    expect(ra.failed + rb.failed).toBe(0);
    expect(await api.ok(api.get('/job?processDefinitionKey=shared-timers'))).toEqual([]);
    const acts = await api.ok(api.get('/history/activity-instance?activityId=after'));
    expect(acts).toHaveLength(n);
    expect(new Set(acts.map((x: { processInstanceId: string }) => x.processInstanceId))).toEqual(
      new Set(ids),
    );
  });
});

(mariadb ? describe : describe.skip)('a timer racing the completion of its task on MariaDB', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: RestClient;
  const clock = new TestClock(T0);
  beforeAll(async () => {
    db = await mariadb!.create();
    engine = await startEngine({ dbUrl: db.url, port: 0, clock });
    api = new RestClient(engine.url);
    const xml = bpmn(
      'race',
      `<bpmn:startEvent id="s" />${flow('f', 's', 'work')}<bpmn:userTask id="work" />${flow('f2', 'work', 'done')}<bpmn:userTask id="done" />
       ${flow('f3', 'done', 'e')}<bpmn:endEvent id="e" />
       <bpmn:boundaryEvent id="late" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       ${flow('f4', 'late', 'escalated')}<bpmn:userTask id="escalated" />${flow('f5', 'escalated', 'e2')}<bpmn:endEvent id="e2" />`,
    );
    await api.ok(api.deploy({ 'race.bpmn': xml }));
  });
  afterAll(async () => {
    await engine?.close();
    await db?.drop();
  });

  it('exactly one of the two wins; the loser spends no retry and leaves no incident', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 15; i++)
      ids.push((await api.ok(api.post('/process-definition/key/race/start', {}))).id);
    clock.advance(60_000);
    await Promise.all(
      ids.map(async (pi) => {
        const [task] = await api.ok(api.get(`/task?processInstanceId=${pi}&taskDefinitionKey=work`));
        await Promise.all([api.post(`/task/${task.id}/complete`, {}), engine.jobs.runDue()]);
      }),
    );
    await engine.jobs.runDue();
    for (const pi of ids) {
      const keys = (await api.ok(api.get(`/task?processInstanceId=${pi}`))).map(
        (t: { taskDefinitionKey: string }) => t.taskDefinitionKey,
      );
      expect(keys.length === 1 && (keys[0] === 'done' || keys[0] === 'escalated')).toBe(true);
    }
    expect(await api.ok(api.get('/job?processDefinitionKey=race'))).toEqual([]);
    expect(await api.ok(api.get('/incident'))).toEqual([]);
  });
});
