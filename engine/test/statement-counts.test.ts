/**
 * Hot paths stay flat: the statements one call issues must not grow with the data around it
 * (more variables on the instance, more history, more tasks waiting on other topics, more
 * instances). Counts are of statements the engine sends, read from `engine.stats()`, and of its
 * round trips to the database: writes are queued and flushed together before the next read and
 * before COMMIT, one round trip per flush on MariaDB (a multi-statement query).
 */
import { describe, expect, it, beforeAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow, type RestResponse } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// An external task inside a subprocess with an input mapping: what a fetch returns mixes the
// instance's variables and the task scope's own.
const scoped = bpmn(
  'scoped',
  `<bpmn:startEvent id="s" />${flow('f0', 's', 'sub')}
   <bpmn:subProcess id="sub">
     <bpmn:extensionElements><camunda:inputOutput>
       <camunda:inputParameter name="local">\${code}</camunda:inputParameter>
     </camunda:inputOutput></bpmn:extensionElements>
     <bpmn:startEvent id="ss" />${flow('sf0', 'ss', 'work')}
     <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="scoped.work" />${flow('sf1', 'work', 'se')}
     <bpmn:endEvent id="se" />
   </bpmn:subProcess>${flow('f1', 'sub', 'e')}<bpmn:endEvent id="e" />`,
);

const xml = bpmn(
  'flat',
  `<bpmn:startEvent id="s" />${flow('f0', 's', 'work')}<bpmn:serviceTask id="work" camunda:type="external" camunda:topic="flat.work" />
   ${flow('f1', 'work', 'gw')}<bpmn:exclusiveGateway id="gw" default="fNo" />${flow('fYes', 'gw', 'check', '${ok}')}${flow('fNo', 'gw', 'e')}
   <bpmn:userTask id="check" camunda:candidateGroups="mot-cua" />${flow('f2', 'check', 'e')}<bpmn:endEvent id="e" />`,
);

describe.each(dialects)('statements per call on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'flat.bpmn': xml, 'scoped.bpmn': scoped }));
  });

  const counted = async <T>(call: () => Promise<RestResponse<T>>) => {
    const before = h.engine.stats();
    const res = await call();
    if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    const after = h.engine.stats();
    return {
      body: res.body,
      statements: after.statements - before.statements,
      roundTrips: after.roundTrips - before.roundTrips,
    };
  };

  /** One dossier through start, fetch, complete and the user task, with `extraVars` variables. */
  const run = async (businessKey: string, extraVars: number) => {
    const variables: Record<string, unknown> = {};
    for (let i = 0; i < extraVars; i++) variables[`field${i}`] = { value: `giá trị ${i}`, type: 'String' };
    const start = await counted(() =>
      h.api.post('/process-definition/key/flat/start', { businessKey, variables }),
    );
    const fetch = await counted(() =>
      h.api.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 1,
        topics: [{ topicName: 'flat.work', lockDuration: 60_000, businessKey, variables: ['ok'] }],
      }),
    );
    const [task] = fetch.body as { id: string }[];
    const complete = await counted(() =>
      h.api.post(`/external-task/${task!.id}/complete`, {
        workerId: 'w',
        variables: { ok: { value: true, type: 'Boolean' } },
      }),
    );
    const inbox = await counted(() =>
      h.api.get(`/task?candidateGroup=mot-cua&processInstanceBusinessKey=${businessKey}`),
    );
    const [userTask] = inbox.body as { id: string }[];
    const done = await counted(() => h.api.post(`/task/${userTask!.id}/complete`, {}));
    const calls = { start, fetch, complete, inbox, done };
    const statements = Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, v.statements]));
    const roundTrips = Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, v.roundTrips]));
    return { statements, roundTrips };
  };

  it('start, fetchAndLock, complete and the inbox cost the same with more data around', async () => {
    const { statements: small, roundTrips: smallTrips } = await run('flat-small', 2);
    // More around it: more variables on the instance, more instances, tasks waiting on another topic.
    for (let i = 0; i < 10; i++)
      await h.api.ok(h.api.post('/process-definition/key/flat/start', { businessKey: `noise-${i}` }));
    const { statements: big, roundTrips: bigTrips } = await run('flat-big', 30);
    // New variables are written as one multi-row INSERT per table: more of them cost nothing more.
    // On MariaDB the instance's end deletes its variables one row per statement (by primary key:
    // an IN list or an instance-id range waits on the neighbouring instance's rows), so there the
    // last call costs one statement more per variable: 3 (field0, field1, ok) against 31.
    const mariadb = factory.dialect === 'mariadb';
    expect(big).toEqual({ ...small, done: small.done + (mariadb ? 28 : 0) });
    // The counts themselves (BEGIN and COMMIT not included), so a statement added to a hot path
    // fails here. fetchAndLock on MySQL locks the task its look before the transaction found with
    // a SELECT … FOR UPDATE SKIP LOCKED (SQLite: no look on a fetch's first attempt, one SELECT
    // in the transaction; with the look it was 5);
    // before, the transaction read its candidates again first (6 on MariaDB). Before issue 15's
    // cuts: start 14, complete 21, done 20. The instance's end adds one to the finished count (db's
    // finished-instance-count.ts) after its other writes: done was 19 and 17 before it; on MariaDB
    // it goes in the flush before COMMIT, no round trip more. start was 10 while the new root
    // execution went as an INSERT and then an UPDATE of the same row: an update of a row whose
    // INSERT is still queued now rewrites that INSERT (db's EngineTx.update), one statement less.
    // done read the instance's jobs and event subscriptions at its end (20 and 18): this process
    // has no element that makes any (mayHoldJobsOrSubscriptions), so there are none to read.
    expect(small).toEqual({
      start: 9,
      fetch: mariadb ? 5 : 4,
      complete: 17,
      inbox: 1,
      done: mariadb ? 18 : 16,
    });
    // Round trips (BEGIN and COMMIT included) do not grow with the data either, not even the
    // MariaDB deletes above: a command's writes between two reads go in one flush. On SQLite, in
    // process, each statement is its own trip. On MariaDB, before the writes were queued: start 12,
    // fetch 8, complete 19, done 21 (49 with 30 variables); before START TRANSACTION rode with the
    // first read and COMMIT with the last flush (FoldedTransaction): start 4, fetch 8, complete 8,
    // done 10. Now start is its definition read and one flush (with START TRANSACTION and COMMIT);
    // fetch the look outside the transaction (which finds the candidates with their executions and
    // instances), the lock with, behind it in the same trip, the execution and its instance's
    // variables (CommandContext.findFetchableExternalTasks; before, a trip of their own: fetch 4)
    // and the flush; complete and done read the task, then the execution
    // with the variables and, in the same trip, what ending the task and its activity reads next
    // (its incidents or identity links, its activity instance: read ahead, EngineTx's
    // findTogetherAhead; before, a trip each: complete 5, done 7), and the flush (done's end of
    // the instance read its jobs and subscriptions in a trip of their own before, 2 before that). The task itself goes in that same first trip, since this engine process knows its
    // execution, instance and activity instance from writing it (db's task-keys.ts; before: complete
    // 3, done 4, the task read alone first).
    expect(bigTrips).toEqual(smallTrips);
    if (mariadb) expect(smallTrips).toEqual({ start: 2, fetch: 3, complete: 2, inbox: 1, done: 2 });
    else expect(smallTrips).toEqual({ start: 11, fetch: 6, complete: 19, inbox: 1, done: 18 });
  });

  it('a completion that ends its instance writes no runtime row for the variables it sets', async () => {
    // The variables set by the command that ends the instance would be inserted and deleted by that
    // same command: only their history is written (db's queued-inserts.ts). Before: the INSERT of
    // the runtime rows and, on MariaDB, a DELETE per variable (5 statements more for two, SQLite 3).
    const endWith = async (businessKey: string, variables: Record<string, unknown>) => {
      const pi = (await h.api.ok(
        h.api.post('/process-definition/key/flat/start', {
          businessKey,
          variables: { ok: { value: true, type: 'Boolean' } },
        }),
      )) as { id: string };
      const [task] = (await h.api.ok(
        h.api.post('/external-task/fetchAndLock', {
          workerId: 'w',
          maxTasks: 1,
          topics: [{ topicName: 'flat.work', lockDuration: 60_000, businessKey }],
        }),
      )) as { id: string }[];
      await h.api.ok(h.api.post(`/external-task/${task!.id}/complete`, { workerId: 'w' }));
      const [userTask] = (await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`))) as { id: string }[];
      const done = await counted(() => h.api.post(`/task/${userTask!.id}/complete`, { variables }));
      const history = (await h.api.ok(
        h.api.get(`/history/variable-instance?processInstanceId=${pi.id}`),
      )) as { name: string; value: unknown }[];
      const runtime = await h.api.ok(h.api.get(`/variable-instance?processInstanceIdIn=${pi.id}`));
      return { done, history, runtime };
    };
    const plain = await endWith('ends-plain', {});
    const two = await endWith('ends-two', {
      note: { value: 'xong', type: 'String' },
      score: { value: 7, type: 'Integer' },
    });
    expect(two.done.statements).toBe(plain.done.statements + 2); // their history and details
    // MariaDB: in the same round trips; SQLite: one per statement.
    expect(two.done.roundTrips).toBe(plain.done.roundTrips + (factory.dialect === 'mariadb' ? 0 : 2));
    expect(two.runtime).toEqual([]);
    expect(Object.fromEntries(two.history.map((v) => [v.name, v.value]))).toEqual({
      ok: true,
      note: 'xong',
      score: 7,
    });
  });

  it('a fetchAndLock that locks several tasks reads their executions and variables together', async () => {
    const mariadb = factory.dialect === 'mariadb';
    const fetchScoped = (maxTasks: number) =>
      counted(() =>
        h.api.post('/external-task/fetchAndLock', {
          workerId: `w${maxTasks}`,
          maxTasks,
          topics: [{ topicName: 'scoped.work', lockDuration: 60_000 }],
        }),
      );
    const startScoped = async (code: string) =>
      (
        (await h.api.ok(
          h.api.post('/process-definition/key/scoped/start', {
            businessKey: code,
            variables: {
              code: { value: code, type: 'String' },
              [`only-${code}`]: { value: 1, type: 'Integer' },
            },
          }),
        )) as { id: string }
      ).id;
    await startScoped('one');
    const one = await fetchScoped(1);
    // On MariaDB the look, the lock with the execution, its process instance (the subprocess scope's
    // parent) and the instance's variables read behind it in the same trip, and the flush with the
    // UPDATE and COMMIT (CommandContext.findFetchableExternalTasks). Before: 6 statements, 5 trips
    // (the lock alone, then the execution with the variables, then the process instance on its own).
    if (mariadb)
      expect({ statements: one.statements, roundTrips: one.roundTrips }).toEqual({
        statements: 5,
        roundTrips: 3,
      });
    const codes = ['a', 'b', 'c', 'd'];
    const instanceOf = new Map<string, string>();
    for (const code of codes) instanceOf.set(await startScoped(code), code);
    const four = await fetchScoped(10);
    const tasks = four.body as { processInstanceId: string; variables: Record<string, { value: unknown }> }[];
    expect(tasks).toHaveLength(4);
    // Each task sees its own instance's variables and its own scope's input mapping, no other's.
    for (const t of tasks) {
      const code = instanceOf.get(t.processInstanceId)!;
      expect(Object.keys(t.variables).sort()).toEqual(['code', 'local', `only-${code}`].sort());
      expect(t.variables.code!.value).toBe(code);
      expect(t.variables.local!.value).toBe(code);
    }
    // Four tasks cost what one does but for each task's lock: its UPDATE (on MariaDB queued into
    // the flush that carries the COMMIT). On MariaDB the four are locked by one SELECT … FOR
    // UPDATE SKIP LOCKED by primary keys (work-queries.ts; before, one per task, a round trip
    // each). The executions (with the subprocess scope above each) and the variables are read
    // together: before, each task read its own (SQLite 18 statements for four, MariaDB 21).
    expect(four.statements).toBe(one.statements + 3);
    expect(four.roundTrips).toBe(one.roundTrips + (mariadb ? 0 : 3));
  });
});
