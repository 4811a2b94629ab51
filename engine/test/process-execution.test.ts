import { describe, expect, it, beforeAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// Exclusive gateway: document order, default flow, no match → error.
const routing = bpmn(
  'routing',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'gw')}
   <bpmn:exclusiveGateway id="gw" default="fDefault" />
   ${flow('fBig', 'gw', 'big', '${amount > 100}')}
   ${flow('fAlsoBig', 'gw', 'alsoBig', '${amount gt 50}')}
   ${flow('fDefault', 'gw', 'small')}
   <bpmn:userTask id="big" />${flow('f1', 'big', 'end')}
   <bpmn:userTask id="alsoBig" />${flow('f2', 'alsoBig', 'end')}
   <bpmn:userTask id="small" />${flow('f3', 'small', 'end')}
   <bpmn:endEvent id="end" />`,
);
const noDefault = bpmn(
  'nodefault',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'gw')}
   <bpmn:exclusiveGateway id="gw" />
   ${flow('fA', 'gw', 'endA', '${x == "a"}')}
   ${flow('fB', 'gw', 'endB', '${x eq "b"}')}
   <bpmn:endEvent id="endA" /><bpmn:endEvent id="endB" />`,
);
// Parallel fork/join with an external task on one path and a user task on the other.
const parallel = bpmn(
  'parallel',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}
   <bpmn:parallelGateway id="fork" />
   ${flow('fa', 'fork', 'taskA')}${flow('fb', 'fork', 'taskB')}
   <bpmn:userTask id="taskA" />
   <bpmn:serviceTask id="taskB" camunda:type="external" camunda:topic="par.b" />
   ${flow('fa2', 'taskA', 'join')}${flow('fb2', 'taskB', 'join')}
   <bpmn:parallelGateway id="join" />
   ${flow('f9', 'join', 'after')}<bpmn:userTask id="after" />${flow('f10', 'after', 'end')}
   <bpmn:endEvent id="end" />`,
);
const wait = bpmn(
  'wait',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'task')}<bpmn:userTask id="task" />${flow('f1', 'task', 'end')}<bpmn:endEvent id="end" />`,
);

describe.each(dialects)('process execution on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(
      h.api.deploy({
        'routing.bpmn': routing,
        'nodefault.bpmn': noDefault,
        'parallel.bpmn': parallel,
        'wait.bpmn': wait,
      }),
    );
  });

  const start = (key: string, variables: Record<string, unknown> = {}, businessKey?: string) =>
    h.api.post(`/process-definition/key/${key}/start`, { variables, businessKey });
  const activeTaskKeys = async (pi: string) =>
    (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`))).map(
      (t: { taskDefinitionKey: string }) => t.taskDefinitionKey,
    );

  it.each([
    [500, 'big'],
    [70, 'alsoBig'],
    [10, 'small'],
  ])('exclusive gateway routes amount %i to %s (document order, then default)', async (amount, expected) => {
    const pi = await h.api.ok(start('routing', { amount: { value: amount, type: 'Long' } }));
    expect(await activeTaskKeys(pi.id)).toEqual([expected]);
  });

  it('exclusive gateway with no true condition and no default fails the call and starts nothing', async () => {
    const res = await start('nodefault', { x: { value: 'c', type: 'String' } }, 'nodefault-c');
    expect(res.status).toBe(500);
    expect(res.body.type).toBe('RestException');
    expect(res.body.message).toContain("No outgoing sequence flow for the element with id 'gw'");
    expect(
      await h.api.ok(h.api.get('/history/process-instance?processInstanceBusinessKey=nodefault-c')),
    ).toEqual([]);
  });

  it('an unknown variable in a condition is a Camunda-style error', async () => {
    const res = await start('nodefault', {});
    expect(res.status).toBe(500);
    expect(res.body.message).toContain(
      'Unknown property used in expression: ${x == "a"}. Cause: Cannot resolve identifier \'x\'',
    );
  });

  it('forks and joins parallel paths, continuing once after both arrive', async () => {
    const pi = await h.api.ok(start('parallel'));
    expect(await activeTaskKeys(pi.id)).toEqual(['taskA']);
    const [ext] = await h.api.ok(
      h.api.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 1,
        topics: [{ topicName: 'par.b', lockDuration: 10000 }],
      }),
    );
    expect(ext.processInstanceId).toBe(pi.id);
    const [taskA] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    await h.api.ok(h.api.post(`/task/${taskA.id}/complete`, {}));
    expect(await activeTaskKeys(pi.id)).toEqual([]); // waiting at the join
    await h.api.ok(h.api.post(`/external-task/${ext.id}/complete`, { workerId: 'w' }));
    expect(await activeTaskKeys(pi.id)).toEqual(['after']);

    const acts = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&sortBy=startTime&sortOrder=asc`),
    );
    const ids = acts.map((a: { activityId: string }) => a.activityId);
    expect(ids.filter((id: string) => id === 'join')).toHaveLength(2); // one per arriving token
    expect(ids.filter((id: string) => id === 'after')).toHaveLength(1);
    expect(acts.find((a: { activityId: string }) => a.activityId === 'fork')).toMatchObject({
      activityType: 'parallelGateway',
      canceled: false,
    });
    expect(
      acts.every(
        (a: { activityId: string; endTime: string | null }) => a.activityId === 'after' || a.endTime !== null,
      ),
    ).toBe(true);

    const [after] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    await h.api.ok(h.api.post(`/task/${after.id}/complete`, {}));
    const hist = await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`));
    expect(hist).toMatchObject({
      state: 'COMPLETED',
      startActivityId: 'start',
      processDefinitionKey: 'parallel',
    });
    expect(hist.endTime).not.toBeNull();
    expect((await h.api.get(`/process-instance/${pi.id}`)).status).toBe(404);
  });

  it('round-trips every supported variable type', async () => {
    const vars = {
      s: { value: 'Hồ sơ', type: 'String', valueInfo: {} },
      b: { value: true, type: 'boolean' },
      sh: { value: 12, type: 'short' },
      i: { value: 2147483647, type: 'Integer' },
      l: { value: 9007199254740991, type: 'LONG' },
      d: { value: 1.5, type: 'Double' },
      dt: { value: '2026-11-27T17:00:00.000+0700', type: 'Date' },
      n: { value: null, type: 'Null' },
      j: { value: '{"a":[1,2]}', type: 'Json' },
      untyped: { value: 5 },
    };
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/wait/start', { variables: vars, withVariablesInReturn: true }),
    );
    expect(pi.variables.s).toEqual({ value: 'Hồ sơ', type: 'String', valueInfo: {} });
    const got = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(got).toEqual({
      s: { value: 'Hồ sơ', type: 'String', valueInfo: {} },
      b: { value: true, type: 'Boolean', valueInfo: {} },
      sh: { value: 12, type: 'Short', valueInfo: {} },
      i: { value: 2147483647, type: 'Integer', valueInfo: {} },
      l: { value: 9007199254740991, type: 'Long', valueInfo: {} },
      d: { value: 1.5, type: 'Double', valueInfo: {} },
      dt: { value: '2026-11-27T10:00:00.000+0000', type: 'Date', valueInfo: {} },
      n: { value: null, type: 'Null', valueInfo: {} },
      j: { value: '{"a":[1,2]}', type: 'Json', valueInfo: {} },
      untyped: { value: 5, type: 'Integer', valueInfo: {} },
    });
    expect(await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables/dt`))).toEqual(got.dt);
  });

  it.each([
    [{ value: 'abc', type: 'Integer' }],
    [{ value: 2147483648, type: 'Integer' }],
    [{ value: 'yes', type: 'Boolean' }],
    [{ value: '27/11/2026', type: 'Date' }],
    [{ value: '{not json', type: 'Json' }],
    [{ value: 1, type: 'Object' }],
  ])('refuses the ill-typed value %j with 400 InvalidRequestException', async (value) => {
    const res = await h.api.post('/process-definition/key/wait/start', { variables: { v: value } });
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/json');
    expect(res.body.type).toBe('InvalidRequestException');
    expect(res.body.message).toMatch(/^Cannot instantiate process definition wait: /);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await h.api.call('POST', '/process-definition/key/wait/start', undefined, '{"variables": ');
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/json');
    expect(res.body.type).toBe('JsonParseException');
  });

  it('queries process instances by business key, definition key and variable value', async () => {
    const a = await h.api.ok(
      start(
        'wait',
        {
          dossierCode: { value: 'ATBXHN-261127-00001', type: 'String' },
          approved: { value: true, type: 'Boolean' },
        },
        'dossier-a',
      ),
    );
    await h.api.ok(
      start('wait', { dossierCode: { value: 'ATBXHN-261127-00002', type: 'String' } }, 'dossier-b'),
    );
    expect(
      (await h.api.ok(h.api.get('/process-instance?businessKey=dossier-a'))).map((p: { id: string }) => p.id),
    ).toEqual([a.id]);
    expect(
      (await h.api.ok(h.api.get('/process-instance?variables=dossierCode_eq_ATBXHN-261127-00001'))).map(
        (p: { id: string }) => p.id,
      ),
    ).toEqual([a.id]);
    expect(
      (
        await h.api.ok(h.api.get('/process-instance?processDefinitionKey=wait&variables=approved_eq_true'))
      ).map((p: { id: string }) => p.id),
    ).toEqual([a.id]);
    expect(await h.api.ok(h.api.get('/process-instance?superProcessInstance=' + a.id))).toEqual([]);
    expect(
      (await h.api.ok(h.api.get('/process-instance/count?processDefinitionKey=wait'))).count,
    ).toBeGreaterThanOrEqual(2);
    expect((await h.api.get('/process-instance?variables=bad')).status).toBe(400);

    const hv = await h.api.ok(
      h.api.get(`/history/variable-instance?variableName=dossierCode&variableValue=ATBXHN-261127-00001`),
    );
    expect(hv).toHaveLength(1);
    expect(hv[0]).toMatchObject({
      processInstanceId: a.id,
      value: 'ATBXHN-261127-00001',
      type: 'String',
      state: 'CREATED',
    });
    const byPi = await h.api.ok(h.api.get(`/history/variable-instance?processInstanceId=${a.id}`));
    expect(byPi.map((v: { name: string }) => v.name).sort()).toEqual(['approved', 'dossierCode']);
  });

  it('filters historic process instances by finished/unfinished and key', async () => {
    const pi = await h.api.ok(start('wait', {}, 'hist-1'));
    const unfinished = await h.api.ok(
      h.api.get('/history/process-instance?unfinished=true&processInstanceBusinessKey=hist-1'),
    );
    expect(unfinished.map((p: { id: string }) => p.id)).toEqual([pi.id]);
    const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    h.clock.advance(60_000);
    await h.api.ok(h.api.post(`/task/${task.id}/complete`, {}));
    const finished = await h.api.ok(
      h.api.get(
        '/history/process-instance?finished=true&processDefinitionKey=wait&processInstanceId=' + pi.id,
      ),
    );
    expect(finished).toHaveLength(1);
    expect(finished[0].durationInMillis).toBe(60_000);
    expect(
      await h.api.ok(h.api.get('/history/process-instance?unfinished=true&processInstanceId=' + pi.id)),
    ).toEqual([]);
    const acts = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=task&finished=true`),
    );
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({ activityType: 'userTask', taskId: task.id, durationInMillis: 60_000 });
    expect((await h.api.get('/history/process-instance/nope')).status).toBe(404);
  });
  it('sets, replaces and deletes variables of a running instance, keeping history', async () => {
    const pi = await h.api.ok(
      start('wait', { keep: { value: 'x', type: 'String' }, gone: { value: 1, type: 'Integer' } }),
    );
    expect(
      (
        await h.api.post(`/process-instance/${pi.id}/variables`, {
          modifications: { keep: { value: 'y', type: 'String' }, added: { value: true, type: 'Boolean' } },
          deletions: ['gone'],
        })
      ).status,
    ).toBe(204);
    expect(
      (await h.api.put(`/process-instance/${pi.id}/variables/note`, { value: 'Ghi chú', type: 'String' }))
        .status,
    ).toBe(204);
    expect(
      (await h.api.put(`/process-instance/${pi.id}/variables/bad`, { value: 'x', type: 'Integer' })).status,
    ).toBe(400);
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(Object.keys(vars).sort()).toEqual(['added', 'keep', 'note']);
    expect(vars.keep.value).toBe('y');
    expect((await h.api.call('DELETE', `/process-instance/${pi.id}/variables/note`)).status).toBe(204);
    expect((await h.api.get(`/process-instance/${pi.id}/variables/note`)).status).toBe(404);
    const hist = await h.api.ok(h.api.get(`/history/variable-instance?processInstanceId=${pi.id}`));
    const states = Object.fromEntries(
      hist.map((v: { name: string; state: string; value: unknown }) => [v.name, [v.state, v.value]]),
    );
    expect(states).toEqual({
      keep: ['CREATED', 'y'],
      gone: ['DELETED', 1],
      added: ['CREATED', true],
      note: ['DELETED', 'Ghi chú'],
    });
    expect((await h.api.post('/process-instance/nope/variables', { modifications: {} })).status).toBe(404);
  });

  it('deletes a running instance: runtime gone, history EXTERNALLY_TERMINATED with canceled activities', async () => {
    const pi = await h.api.ok(start('parallel', {}, 'to-delete'));
    const res = await h.api.call(
      'DELETE',
      `/process-instance/${pi.id}?deleteReason=${encodeURIComponent('Người nộp rút hồ sơ')}`,
    );
    expect(res.status).toBe(204);
    expect((await h.api.get(`/process-instance/${pi.id}`)).status).toBe(404);
    expect(await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`))).toEqual([]);
    expect(await h.api.ok(h.api.get(`/external-task?processInstanceId=${pi.id}`))).toEqual([]);
    const hist = await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`));
    expect(hist).toMatchObject({ state: 'EXTERNALLY_TERMINATED', deleteReason: 'Người nộp rút hồ sơ' });
    const canceled = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&canceled=true`),
    );
    expect(canceled.map((a: { activityId: string }) => a.activityId).sort()).toEqual(['taskA', 'taskB']);
    expect((await h.api.call('DELETE', `/process-instance/${pi.id}`)).status).toBe(404);
  });
});
