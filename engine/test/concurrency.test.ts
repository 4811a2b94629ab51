import { describe, expect, it, beforeAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow, type RestResponse } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

const single = bpmn(
  'race-single',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'task')}<bpmn:userTask id="task" />${flow('f1', 'task', 'next')}<bpmn:userTask id="next" />${flow('f2', 'next', 'end')}<bpmn:endEvent id="end" />`,
);
const join = bpmn(
  'race-join',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
   ${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 'b')}<bpmn:userTask id="a" /><bpmn:userTask id="b" />
   ${flow('fa2', 'a', 'join')}${flow('fb2', 'b', 'join')}<bpmn:parallelGateway id="join" />
   ${flow('f9', 'join', 'after')}<bpmn:userTask id="after" />${flow('f10', 'after', 'end')}<bpmn:endEvent id="end" />`,
);
const ends = bpmn(
  'race-ends',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
   ${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 'b')}<bpmn:userTask id="a" /><bpmn:userTask id="b" />
   ${flow('fa2', 'a', 'endA')}${flow('fb2', 'b', 'endB')}<bpmn:endEvent id="endA" /><bpmn:endEvent id="endB" />`,
);

const isOptimisticLock = (r: RestResponse) =>
  r.status === 500 && r.body.type === 'OptimisticLockingException' && r.body.code === 1;

describe.each(dialects)('concurrency on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'single.bpmn': single, 'join.bpmn': join, 'ends.bpmn': ends }));
  });
  const tasksOf = async (pi: string) => h.api.ok(h.api.get(`/task?processInstanceId=${pi}`));

  it('two concurrent completes of the same task: exactly one succeeds, one continuation', async () => {
    for (let round = 0; round < 5; round++) {
      const pi = await h.api.ok(h.api.post('/process-definition/key/race-single/start', {}));
      const [task] = await tasksOf(pi.id);
      const results = await Promise.all(
        [1, 2].map((n) =>
          h.api.post(`/task/${task.id}/complete`, { variables: { by: { value: n, type: 'Integer' } } }),
        ),
      );
      const ok = results.filter((r) => r.status === 204);
      expect(ok).toHaveLength(1);
      // The loser saw either the row gone (404) or a lost revision check (OptimisticLockingException).
      const loser = results.find((r) => r.status !== 204)!;
      expect(loser.status === 404 || isOptimisticLock(loser)).toBe(true);
      const after = await tasksOf(pi.id);
      expect(after.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['next']);
      const acts = await h.api.ok(
        h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=next`),
      );
      expect(acts).toHaveLength(1);
      const details = await h.api.ok(
        h.api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=by`),
      );
      expect(details).toHaveLength(1);
    }
  });

  /** Completes a task, retrying when it lost an optimistic-locking race (what a client should do). */
  const completeWithRetry = async (taskId: string) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const r = await h.api.post(`/task/${taskId}/complete`, {});
      if (r.status === 204) return attempt;
      if (!isOptimisticLock(r)) throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
    }
    throw new Error('never completed');
  };

  it('concurrent arrivals at a parallel join continue exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const pi = await h.api.ok(h.api.post('/process-definition/key/race-join/start', {}));
      const tasks = await tasksOf(pi.id);
      expect(tasks).toHaveLength(2);
      await Promise.all(tasks.map((t: { id: string }) => completeWithRetry(t.id)));
      const after = await tasksOf(pi.id);
      expect(after.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['after']);
      expect(
        await h.api.ok(h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=after`)),
      ).toHaveLength(1);
      expect(
        await h.api.ok(
          h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=join&unfinished=true`),
        ),
      ).toEqual([]);
    }
  });

  it('concurrent ends of the last two paths end the instance exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const pi = await h.api.ok(h.api.post('/process-definition/key/race-ends/start', {}));
      const tasks = await tasksOf(pi.id);
      await Promise.all(tasks.map((t: { id: string }) => completeWithRetry(t.id)));
      const hist = await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`));
      expect(hist.state).toBe('COMPLETED');
      expect((await h.api.get(`/process-instance/${pi.id}`)).status).toBe(404);
    }
  });

  it('two workers fetching the same topic at once never lock the same task', async () => {
    const created: string[] = [];
    const xml = bpmn(
      'race-fetch',
      `<bpmn:startEvent id="start" />${flow('f0', 'start', 'w')}<bpmn:serviceTask id="w" camunda:type="external" camunda:topic="race.fetch" />${flow('f1', 'w', 'end')}<bpmn:endEvent id="end" />`,
    );
    await h.api.ok(h.api.deploy({ 'race-fetch.bpmn': xml }));
    for (let i = 0; i < 6; i++)
      created.push((await h.api.ok(h.api.post('/process-definition/key/race-fetch/start', {}))).id);
    const fetches = await Promise.all(
      ['w1', 'w2', 'w3'].map((workerId) =>
        h.api.ok(
          h.api.post('/external-task/fetchAndLock', {
            workerId,
            maxTasks: 3,
            topics: [{ topicName: 'race.fetch', lockDuration: 60_000 }],
          }),
        ),
      ),
    );
    const ids = fetches.flat().map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(6);
  });
});
