import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { RestClient, bpmn, flow } from './rest-client.js';

const dialects = await testDatabases();

describe.each(dialects)('smoke on $dialect', (factory) => {
  let engine: RunningEngine;
  let api: RestClient;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    engine = await startEngine({ dbUrl: db.url, port: 0, clock: new TestClock(new Date('2026-11-27T10:00:00Z')) });
    api = new RestClient(engine.url);
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  it('deploys, starts and completes a user task and an external task', async () => {
    const xml = bpmn(
      'smoke',
      `<bpmn:startEvent id="start" />
       ${flow('f1', 'start', 'ut')}
       <bpmn:userTask id="ut" name="Check" camunda:candidateGroups="mot-cua" />
       ${flow('f2', 'ut', 'ext')}
       <bpmn:serviceTask id="ext" camunda:type="external" camunda:topic="t1" />
       ${flow('f3', 'ext', 'end')}
       <bpmn:endEvent id="end" />`,
    );
    const dep = await api.deploy({ 'smoke.bpmn': xml });
    expect(dep.status).toBe(200);
    const pi = await api.ok(api.post('/process-definition/key/smoke/start', { businessKey: 'bk1', variables: { a: { value: 1, type: 'Integer' } } }));
    const tasks = await api.ok(api.get(`/task?candidateGroup=mot-cua`));
    expect(tasks).toHaveLength(1);
    await api.ok(api.post(`/task/${tasks[0].id}/complete`, { variables: { ok: { value: true, type: 'Boolean' } } }));
    const locked = await api.ok(api.post('/external-task/fetchAndLock', { workerId: 'w', maxTasks: 5, topics: [{ topicName: 't1', lockDuration: 1000 }] }));
    expect(locked).toHaveLength(1);
    expect(locked[0].variables.ok).toEqual({ value: true, type: 'Boolean', valueInfo: {} });
    await api.ok(api.post(`/external-task/${locked[0].id}/complete`, { workerId: 'w' }));
    const hist = await api.ok(api.get(`/history/process-instance/${pi.id}`));
    expect(hist.state).toBe('COMPLETED');
  });
});
