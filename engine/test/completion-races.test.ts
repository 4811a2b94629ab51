/**
 * Competing reports on one task (race-control.ts): the same external task completed twice at
 * once (a worker retrying on a timeout), complete against handleFailure and unlock, and one user
 * task completed twice. The winner commits, the loser gets a clean Camunda answer, nothing is
 * lost or done twice. On MariaDB the loser also runs through the window where it read the task
 * before the winner committed and the task's execution after (the winner ended it): there it
 * answered 500 ProcessEngineException "Execution … does not exist"; it must lose the race as
 * Camunda's commands do (500 OptimisticLockingException, which clients retry). On SQLite the
 * one connection serialises the two: the loser sees the winner's work (the task is gone: 404).
 */
import { describe, expect, it, beforeAll, afterAll, afterEach } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { TestClock } from '@motcua/engine';
import { RestClient, bpmn, flow, type RestResponse } from './rest-client.js';
import { T0 } from './harness.js';
import {
  CommitGate,
  isOptimisticLock,
  standing,
  startRaceEngine,
  tableStall,
  type RaceEngine,
  type WaitProbe,
} from './race-control.js';

const dialects = await testDatabases();

const external = bpmn(
  'report-race',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'w')}<bpmn:serviceTask id="w" camunda:type="external" camunda:topic="report.race" />${flow('f1', 'w', 'after')}<bpmn:userTask id="after" />${flow('f2', 'after', 'end')}<bpmn:endEvent id="end" />`,
);
/** The external task is the instance's last step: completing it removes its execution. */
const externalLast = bpmn(
  'report-end',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'w')}<bpmn:serviceTask id="w" camunda:type="external" camunda:topic="report.end" />${flow('f1', 'w', 'end')}<bpmn:endEvent id="end" />`,
);
const single = bpmn(
  'complete-race',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'task')}<bpmn:userTask id="task" />${flow('f1', 'task', 'end')}<bpmn:endEvent id="end" />`,
);

const answer = (r: RestResponse) => [r.status, r.body?.type];

describe.each(dialects)('competing reports on one task on $dialect', (factory) => {
  const gate = new CommitGate();
  const clock = new TestClock(T0);
  let fixture: RaceEngine;
  let api: RestClient;
  let waits: WaitProbe;
  let stall: Awaited<ReturnType<typeof tableStall>> | null = null;
  const mariadb = factory.dialect === 'mariadb';
  const itOnMariaDb: typeof it = mariadb ? it : ((() => undefined) as unknown as typeof it);

  beforeAll(async () => {
    fixture = await startRaceEngine(factory, {
      gate,
      clock,
      deploy: { 'external.bpmn': external, 'last.bpmn': externalLast, 'single.bpmn': single },
    });
    ({ api, waits } = fixture);
    if (mariadb) stall = await tableStall(fixture.db.url);
  });
  afterEach(() => gate.releaseAll());
  afterAll(async () => {
    gate.releaseAll();
    await stall?.close();
    await fixture?.close();
  });

  /** A started instance whose external task worker `w` has locked. */
  const lockedTask = async (): Promise<{ pi: string; id: string }> => {
    const pi = await api.ok(api.post('/process-definition/key/report-race/start', {}));
    const locked = await api.ok(
      api.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 1,
        topics: [{ topicName: 'report.race', lockDuration: 60_000, processDefinitionKey: 'report-race' }],
      }),
    );
    expect(locked.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([pi.id]);
    return { pi: pi.id, id: locked[0].id };
  };
  const complete = (id: string, n: number) =>
    api.post(`/external-task/${id}/complete`, {
      workerId: 'w',
      variables: { n: { value: n, type: 'Integer' } },
    });
  const failure = (id: string) =>
    api.post(`/external-task/${id}/failure`, {
      workerId: 'w',
      errorMessage: 'down',
      retries: 2,
      retryTimeout: 0,
    });
  const unlock = (id: string) => api.post(`/external-task/${id}/unlock`, {});

  /** Holds `first` before commit, runs `second` until it waits for it, and lets both go. */
  async function race<A, B>(
    first: () => Promise<A>,
    second: () => Promise<B>,
    options: { stallTable?: string } = {},
  ): Promise<[A, B]> {
    const a = gate.holdNext();
    const one = first();
    await a.reached;
    if (options.stallTable) await stall!.arm(options.stallTable);
    const b = gate.holdNext();
    const two = second();
    expect(await standing(two, b, options.stallTable ? stall!.probe : waits)).toBe('waiting');
    b.release(); // it never reached its hold: disarm it, so it commits when it gets there
    a.release();
    const won = await one;
    if (options.stallTable) await stall!.lift();
    return [won, await two];
  }

  /** The instance moved past the external task exactly once, with the winner's variable. */
  const movedOnce = async (pi: string, n: number[]) => {
    const after = await api.ok(
      api.get(`/history/activity-instance?processInstanceId=${pi}&activityId=after`),
    );
    expect(after).toHaveLength(1);
    const tasks = await api.ok(api.get(`/task?processInstanceId=${pi}`));
    expect(tasks.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['after']);
    const vars = await api.ok(api.get(`/history/variable-instance?processInstanceId=${pi}&variableName=n`));
    expect(vars.map((v: { value: number }) => v.value)).toEqual(n);
    const log = await api.ok(api.get(`/history/external-task-log?processInstanceId=${pi}&successLog=true`));
    expect(log).toHaveLength(1);
    expect(await api.ok(api.get(`/external-task?processInstanceId=${pi}`))).toEqual([]);
  };

  it('one external task completed twice at once: the second waits on the task row and loses', async () => {
    const { pi, id } = await lockedTask();
    const [won, lost] = await race(
      () => complete(id, 1),
      () => complete(id, 2),
    );
    expect(won.status).toBe(204);
    if (mariadb) expect(isOptimisticLock(lost)).toBe(true);
    else expect(answer(lost)).toEqual([404, 'InvalidRequestException']);
    await movedOnce(pi, [1]);
  });

  // MariaDB only: on SQLite the engine's one connection serialises the two commands, so the second
  // cannot read the task before the first commits (the case above covers SQLite's order). Not
  // registered there, rather than skipped: CI runs every registered test.
  itOnMariaDb(
    'one external task completed twice, the second reading the task before and its execution after the first commits',
    async () => {
      const pi = await api.ok(api.post('/process-definition/key/report-end/start', {}));
      const [locked] = await api.ok(
        api.post('/external-task/fetchAndLock', {
          workerId: 'w',
          maxTasks: 1,
          topics: [{ topicName: 'report.end', lockDuration: 60_000 }],
        }),
      );
      const [won, lost] = await race(
        () => complete(locked.id, 1),
        () => complete(locked.id, 2),
        { stallTable: 'eng_execution' },
      );
      expect(won.status).toBe(204);
      expect(isOptimisticLock(lost)).toBe(true);
      expect(lost.body.message).toMatch(/was removed by another transaction/);
      const [hist] = await api.ok(api.get(`/history/process-instance?processInstanceId=${pi.id}`));
      expect(hist.state).toBe('COMPLETED');
      const vars = await api.ok(
        api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=n`),
      );
      expect(vars.map((v: { value: number }) => v.value)).toEqual([1]);
      const log = await api.ok(
        api.get(`/history/external-task-log?processInstanceId=${pi.id}&successLog=true`),
      );
      expect(log).toHaveLength(1);
    },
  );

  it('complete against handleFailure of one external task: the completion wins, the failure is refused', async () => {
    const { pi, id } = await lockedTask();
    const [won, lost] = await race(
      () => complete(id, 1),
      () => failure(id),
    );
    expect(won.status).toBe(204);
    if (mariadb) expect(isOptimisticLock(lost)).toBe(true);
    else expect(answer(lost)).toEqual([404, 'InvalidRequestException']);
    await movedOnce(pi, [1]);
    const failed = await api.ok(
      api.get(`/history/external-task-log?processInstanceId=${pi}&failureLog=true`),
    );
    expect(failed).toEqual([]);
  });

  it('unlock against complete of one external task: the unlock wins, the completion is refused', async () => {
    const { pi, id } = await lockedTask();
    const [won, lost] = await race(
      () => unlock(id),
      () => complete(id, 1),
    );
    expect(won.status).toBe(204);
    if (mariadb) expect(isOptimisticLock(lost)).toBe(true);
    // Serialised: the task is no longer locked by the worker (Camunda's refusal).
    else {
      expect(answer(lost)).toEqual([400, 'InvalidRequestException']);
      expect(lost.body.message).toMatch(/It is locked by worker 'null'/);
    }
    const [task] = await api.ok(api.get(`/external-task?processInstanceId=${pi}`));
    expect([task.workerId, task.lockExpirationTime]).toEqual([null, null]);
    // Still there to fetch and complete once.
    const again = await lockedTaskOf(pi);
    expect((await complete(again, 3)).status).toBe(204);
    await movedOnce(pi, [3]);
  });

  const lockedTaskOf = async (pi: string): Promise<string> => {
    const locked = await api.ok(
      api.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 5,
        topics: [{ topicName: 'report.race', lockDuration: 60_000, processDefinitionKey: 'report-race' }],
      }),
    );
    const mine = locked.filter((t: { processInstanceId: string }) => t.processInstanceId === pi);
    expect(mine).toHaveLength(1);
    return mine[0].id;
  };

  itOnMariaDb(
    'one user task completed twice, the second reading the task before and its execution after the first commits',
    async () => {
      const pi = await api.ok(api.post('/process-definition/key/complete-race/start', {}));
      const [task] = await api.ok(api.get(`/task?processInstanceId=${pi.id}`));
      const completeTask = (by: number) =>
        api.post(`/task/${task.id}/complete`, { variables: { by: { value: by, type: 'Integer' } } });
      const [won, lost] = await race(
        () => completeTask(1),
        () => completeTask(2),
        { stallTable: 'eng_execution' },
      );
      expect(won.status).toBe(204);
      expect(isOptimisticLock(lost)).toBe(true);
      const [hist] = await api.ok(api.get(`/history/process-instance?processInstanceId=${pi.id}`));
      expect(hist.state).toBe('COMPLETED');
      const by = await api.ok(
        api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=by`),
      );
      expect(by.map((v: { value: number }) => v.value)).toEqual([1]);
      const ended = await api.ok(
        api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=end`),
      );
      expect(ended).toHaveLength(1);
    },
  );
});
