/**
 * History cleanup by time-to-live: `POST /history/cleanup` removes the history of instances that
 * ended more than `historyTimeToLive` days ago, and nothing younger or still running.
 */
import { describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { T0, useEngine } from './harness.js';

const dialects = await testDatabases();
const DAY = 86_400_000;

describe.each(dialects)('history cleanup on $dialect', (factory) => {
  const h = useEngine(factory);

  it('removes the history of instances finished longer ago than the definition time-to-live', async () => {
    const xml = bpmn(
      'ttl',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`,
    ).replace('isExecutable="true"', 'isExecutable="true" camunda:historyTimeToLive="10"');
    expect((await h.api.deploy({ 'ttl.bpmn': xml })).status).toBe(200);
    const start = async () =>
      (await h.api.ok(h.api.post('/process-definition/key/ttl/start', {}))).id as string;
    const complete = async (pi: string) => {
      const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`));
      await h.api.ok(h.api.post(`/task/${task.id}/complete`, {}));
    };
    const old = await start();
    await complete(old); // ends at T0
    h.clock.set(new Date(T0.getTime() + 5 * DAY));
    const young = await start();
    await complete(young); // ends at T0 + 5 days
    const running = await start();

    h.clock.set(new Date(T0.getTime() + 11 * DAY)); // old is 11 days gone, young 6
    expect((await h.api.post('/history/cleanup')).status).toBe(200);
    expect((await h.api.get(`/history/process-instance/${old}`)).status).toBe(404);
    expect(await h.api.ok(h.api.get(`/history/activity-instance/count?processInstanceId=${old}`))).toEqual({
      count: 0,
    });
    expect((await h.api.get(`/history/process-instance/${young}`)).status).toBe(200);
    expect((await h.api.get(`/history/process-instance/${running}`)).status).toBe(200);
    // The audit trail stays: the completion of the removed instance's task is still logged.
    const ops = await h.api.ok(h.api.get(`/history/user-operation?processInstanceId=${old}`));
    expect(ops.map((o: { operationType: string }) => o.operationType)).toContain('Complete');
  });
});
