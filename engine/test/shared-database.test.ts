/**
 * Two engine processes on one MySQL/MariaDB database (`npm run engine` twice, or Operaton-style
 * scale-out): definitions deployed by one are executed by the other, a long poll on one is served
 * by its periodic re-check when the other creates the task, and fetches never lock a task twice.
 * SQLite runs a single engine process, so this suite needs MariaDB.
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { RestClient, bpmn, flow } from './rest-client.js';

const mariadb = (await testDatabases()).find((d) => d.dialect === 'mariadb');

(mariadb ? describe : describe.skip)('two engines sharing one MariaDB database', () => {
  let db: TestDatabase;
  let a: RunningEngine;
  let b: RunningEngine;
  let apiA: RestClient;
  let apiB: RestClient;
  beforeAll(async () => {
    db = await mariadb!.create();
    a = await startEngine({ dbUrl: db.url, port: 0 });
    b = await startEngine({ dbUrl: db.url, port: 0 });
    apiA = new RestClient(a.url);
    apiB = new RestClient(b.url);
    const xml = bpmn(
      'shared',
      `<bpmn:startEvent id="s" />${flow('f', 's', 'w')}<bpmn:serviceTask id="w" camunda:type="external" camunda:topic="shared.t" />${flow('f2', 'w', 'u')}<bpmn:userTask id="u" />${flow('f3', 'u', 'e')}<bpmn:endEvent id="e" />`,
    );
    await apiA.ok(apiA.deploy({ 'shared.bpmn': xml }));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('runs on one engine what the other deployed and started', async () => {
    const pi = await apiA.ok(apiA.post('/process-definition/key/shared/start', { businessKey: 'shared-1' }));
    const [task] = await apiB.ok(
      apiB.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 1,
        topics: [{ topicName: 'shared.t', lockDuration: 60_000, businessKey: 'shared-1' }],
      }),
    );
    expect(task.processInstanceId).toBe(pi.id);
    await apiB.ok(apiB.post(`/external-task/${task.id}/complete`, { workerId: 'w' }));
    expect(
      (await apiA.ok(apiA.get(`/task?processInstanceId=${pi.id}`))).map(
        (t: { taskDefinitionKey: string }) => t.taskDefinitionKey,
      ),
    ).toEqual(['u']);
  });

  it('a long poll on one engine finds a task created by the other within its re-check interval', async () => {
    const parked = apiB.post('/external-task/fetchAndLock', {
      workerId: 'w',
      maxTasks: 1,
      asyncResponseTimeout: 10_000,
      topics: [{ topicName: 'shared.t', lockDuration: 60_000, businessKey: 'shared-2' }],
    });
    await new Promise((r) => setTimeout(r, 100));
    const pi = await apiA.ok(apiA.post('/process-definition/key/shared/start', { businessKey: 'shared-2' }));
    // Answered with the task, not empty at the end of its 10 s wait: engine B's re-check of the
    // database found what engine A created (no wall-clock bound here: tests never assert times).
    const res = await parked;
    expect(res.body.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([pi.id]);
  });

  it('concurrent fetches on both engines never lock the same task', async () => {
    for (let i = 0; i < 8; i++)
      await apiA.ok(apiA.post('/process-definition/key/shared/start', { businessKey: 'shared-many' }));
    const body = (workerId: string) => ({
      workerId,
      maxTasks: 4,
      topics: [{ topicName: 'shared.t', lockDuration: 60_000, businessKey: 'shared-many' }],
    });
    const results = await Promise.all([
      apiA.ok(apiA.post('/external-task/fetchAndLock', body('a'))),
      apiB.ok(apiB.post('/external-task/fetchAndLock', body('b'))),
    ]);
    const ids = results.flat().map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(8);
  });
});
