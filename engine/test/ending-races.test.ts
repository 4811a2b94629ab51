/**
 * Unrelated instances ending at once must not wait on each other (race-control.ts): the newer
 * instance's ending command is held before commit, then the older one's is started. Their rows
 * are neighbours in every index (ids are time-ordered), so on MariaDB a DELETE that scans a
 * secondary index (by instance, execution or task id) reads into the held command's rows and
 * waits for them (the bench harness saw two such commands deadlock). Each instance owns one kind
 * of row the ending removes: a timer, an async continuation, a message or a signal subscription,
 * a candidate group, an external task. SQLite has one connection: there the second queues.
 */
import { describe, expect, it, beforeAll, afterAll, afterEach } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { TestClock } from '@motcua/engine';
import { RestClient, bpmn, flow, type RestResponse } from './rest-client.js';
import { T0 } from './harness.js';
import { CommitGate, standing, startRaceEngine, type RaceEngine, type WaitProbe } from './race-control.js';

const dialects = await testDatabases();

/** A user task `last` (with `boundary` attached, if any) and the end. */
const endsAtTask = (key: string, task: string, boundary = '', extra = '') =>
  bpmn(
    key,
    `<bpmn:startEvent id="start" />${flow('f0', 'start', 'last')}${task}${boundary}
     ${flow('f1', 'last', 'end')}<bpmn:endEvent id="end" />
     ${boundary ? `${flow('f2', 'b', 'other')}<bpmn:endEvent id="other" />` : ''}`,
    extra,
  );
const userTask = '<bpmn:userTask id="last" />';

const processes = {
  timer: endsAtTask(
    'end-timer',
    userTask,
    '<bpmn:boundaryEvent id="b" attachedToRef="last"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
  ),
  message: endsAtTask(
    'end-message',
    userTask,
    '<bpmn:boundaryEvent id="b" attachedToRef="last"><bpmn:messageEventDefinition messageRef="M" /></bpmn:boundaryEvent>',
    '<bpmn:message id="M" name="end-race-msg" />',
  ),
  signal: endsAtTask(
    'end-signal',
    userTask,
    '<bpmn:boundaryEvent id="b" attachedToRef="last"><bpmn:signalEventDefinition signalRef="S" /></bpmn:boundaryEvent>',
    '<bpmn:signal id="S" name="end-race-signal" />',
  ),
  group: endsAtTask('end-group', '<bpmn:userTask id="last" camunda:candidateGroups="officers,clerks" />'),
  async: endsAtTask('end-async', '<bpmn:userTask id="last" camunda:asyncAfter="true" />'),
  external: bpmn(
    'end-external',
    `<bpmn:startEvent id="start" />${flow('f0', 'start', 'last')}
     <bpmn:serviceTask id="last" camunda:type="external" camunda:topic="end.race" />
     ${flow('f1', 'last', 'end')}<bpmn:endEvent id="end" />`,
  ),
  /** Everything at once, ended by deleting the instance. */
  everything: bpmn(
    'end-everything',
    `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
     ${flow('fa', 'fork', 'last')}${flow('fb', 'fork', 'ext')}${flow('fc', 'fork', 'slow')}
     <bpmn:userTask id="last" camunda:candidateGroups="officers" />
     <bpmn:boundaryEvent id="bt" attachedToRef="last"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
     <bpmn:boundaryEvent id="bm" attachedToRef="last"><bpmn:messageEventDefinition messageRef="M" /></bpmn:boundaryEvent>
     <bpmn:serviceTask id="ext" camunda:type="external" camunda:topic="end.everything" />
     <bpmn:userTask id="slow" camunda:asyncBefore="true" />
     ${flow('f1', 'last', 'e1')}${flow('f2', 'ext', 'e2')}${flow('f3', 'slow', 'e3')}${flow('f4', 'bt', 'e4')}${flow('f5', 'bm', 'e5')}
     <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" /><bpmn:endEvent id="e3" /><bpmn:endEvent id="e4" /><bpmn:endEvent id="e5" />`,
    '<bpmn:message id="M" name="end-everything-msg" />',
  ),
};

describe.each(dialects)('instances ending at once on $dialect', (factory) => {
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
      deploy: Object.fromEntries(Object.entries(processes).map(([k, xml]) => [`${k}.bpmn`, xml])),
    });
    ({ api, waits } = fixture);
  });
  afterEach(() => gate.releaseAll());
  afterAll(async () => {
    await fixture?.close();
  });

  /** Two instances started one after the other (older first). */
  const startTwo = async (key: string): Promise<[string, string]> => {
    const older = await api.ok(api.post(`/process-definition/key/${key}/start`, {}));
    const newer = await api.ok(api.post(`/process-definition/key/${key}/start`, {}));
    return [older.id, newer.id];
  };
  const taskOf = async (pi: string): Promise<string> => {
    const [task] = await api.ok(api.get(`/task?processInstanceId=${pi}`));
    return task.id;
  };

  /**
   * Holds `end(newer)` before commit, starts `end(older)`, and expects it to reach its own commit
   * on MariaDB (no wait on the newer's rows); then lets both commit.
   */
  async function endAtOnce(
    [older, newer]: [string, string],
    end: (pi: string) => Promise<RestResponse | unknown>,
  ): Promise<[unknown, unknown]> {
    const a = gate.holdNext();
    const first = end(newer);
    await a.reached;
    const b = gate.holdNext();
    const second = end(older);
    expect(await standing(second, b, waits)).toBe(mariadb ? 'held' : 'waiting');
    b.release();
    a.release();
    return [await first, await second];
  }

  const expectEnded = async (pis: string[], state = 'COMPLETED') => {
    for (const pi of pis) {
      const [hist] = await api.ok(api.get(`/history/process-instance?processInstanceId=${pi}`));
      expect(hist.state).toBe(state);
      expect(await api.ok(api.get(`/job?processInstanceId=${pi}`))).toEqual([]);
      expect(await api.ok(api.get(`/event-subscription?processInstanceId=${pi}`))).toEqual([]);
      expect(await api.ok(api.get(`/external-task?processInstanceId=${pi}`))).toEqual([]);
      expect(await api.ok(api.get(`/task?processInstanceId=${pi}`))).toEqual([]);
    }
  };
  const completeTask = async (pi: string) => api.post(`/task/${await taskOf(pi)}/complete`, {});
  const statuses = (rs: unknown[]) => rs.map((r) => (r as RestResponse).status);

  it.each([
    ['a boundary timer', 'end-timer'],
    ['a message subscription', 'end-message'],
    ['a signal subscription', 'end-signal'],
    ['candidate groups', 'end-group'],
  ] as const)('completing the last task of instances owning %s', async (_label, key) => {
    const pis = await startTwo(key);
    expect(statuses(await endAtOnce(pis, completeTask))).toEqual([204, 204]);
    await expectEnded(pis);
    const links = await api.ok(
      api.get(`/history/identity-link-log?processDefinitionKey=${key}&type=candidate`),
    );
    expect(links.filter((l: { operationType: string }) => l.operationType === 'delete')).toHaveLength(
      key === 'end-group' ? 4 : 0,
    );
  });

  it('async continuations after the last task, run at once', async () => {
    const pis = await startTwo('end-async');
    for (const pi of pis) expect((await completeTask(pi)).status).toBe(204);
    const jobOf = async (pi: string) =>
      (await api.ok(api.get(`/job?processInstanceId=${pi}`)))[0].id as string;
    const jobs = new Map([
      [pis[0], await jobOf(pis[0])],
      [pis[1], await jobOf(pis[1])],
    ]);
    await endAtOnce(pis, (pi) => fixture.engine.jobs.execute(jobs.get(pi)!));
    await expectEnded(pis);
  });

  it('external tasks completed at once by their workers', async () => {
    const pis = await startTwo('end-external');
    const locked = await api.ok(
      api.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 10,
        topics: [{ topicName: 'end.race', lockDuration: 60_000 }],
      }),
    );
    const taskFor = new Map(
      locked.map((t: { processInstanceId: string; id: string }) => [t.processInstanceId, t.id]),
    );
    const complete = (pi: string) =>
      api.post(`/external-task/${taskFor.get(pi)}/complete`, { workerId: 'w' });
    expect(statuses(await endAtOnce(pis, complete))).toEqual([204, 204]);
    await expectEnded(pis);
  });

  it('deleting instances that own all of these at once', async () => {
    const pis = await startTwo('end-everything');
    const remove = (pi: string) => api.call('DELETE', `/process-instance/${pi}`);
    expect(statuses(await endAtOnce(pis, remove))).toEqual([204, 204]);
    await expectEnded(pis, 'EXTERNALLY_TERMINATED');
  });
});
