/**
 * The logs the store writes itself keep every event even when the clock stands still (a
 * TestClock, or two events in one millisecond), in the order they happened.
 */
import { describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

describe.each(dialects)('history logs under a frozen clock on $dialect', (factory) => {
  const h = useEngine(factory);

  it('logs two failures of one external task at the same instant, in order', async () => {
    const xml = bpmn(
      'logs',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'w')}<bpmn:serviceTask id="w" camunda:type="external" camunda:topic="logs.work" />${flow('f2', 'w', 'e')}<bpmn:endEvent id="e" />`,
    );
    expect((await h.api.deploy({ 'logs.bpmn': xml })).status).toBe(200);
    const pi = (await h.api.ok(h.api.post('/process-definition/key/logs/start', {}))).id as string;
    const fetch = () =>
      h.api.ok(
        h.api.post('/external-task/fetchAndLock', {
          workerId: 'w1',
          maxTasks: 1,
          topics: [{ topicName: 'logs.work', lockDuration: 1000 }],
        }),
      );
    const [task] = await fetch();
    for (const message of ['lần 1', 'lần 2']) {
      const res = await h.api.post(`/external-task/${task.id}/failure`, {
        workerId: 'w1',
        errorMessage: message,
        retries: 2,
        retryTimeout: 0,
      });
      expect(res.status).toBe(204);
      await fetch();
    }
    const log = await h.api.ok(
      h.api.get(`/history/external-task-log?processInstanceId=${pi}&sortBy=timestamp&sortOrder=asc`),
    );
    expect(
      log.map((l: { failureLog: boolean; errorMessage: string | null }) =>
        l.failureLog ? l.errorMessage : 'x',
      ),
    ).toEqual(['x', 'lần 1', 'lần 2']);
  });
});
