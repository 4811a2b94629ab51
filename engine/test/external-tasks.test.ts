import { describe, expect, it, beforeAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// Receipt step with an error boundary (the skeleton's DOSSIER_REJECTED) and a catch-all.
const receipt = bpmn(
  'receipt',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'receive')}
   <bpmn:serviceTask id="receive" camunda:type="external" camunda:topic="dossier.receive" camunda:taskPriority="\${prio}">
     <bpmn:extensionElements><camunda:properties><camunda:property name="unit" value="ATBXHN" /></camunda:properties></bpmn:extensionElements>
   </bpmn:serviceTask>
   <bpmn:boundaryEvent id="rejected" attachedToRef="receive">
     <bpmn:errorEventDefinition errorRef="Error_Rejected" camunda:errorCodeVariable="code" camunda:errorMessageVariable="why" />
   </bpmn:boundaryEvent>
   <bpmn:boundaryEvent id="anyError" attachedToRef="receive"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
   ${flow('f1', 'receive', 'check')}<bpmn:userTask id="check" />${flow('f2', 'check', 'end')}<bpmn:endEvent id="end" />
   ${flow('f3', 'rejected', 'endRejected')}<bpmn:endEvent id="endRejected" />
   ${flow('f4', 'anyError', 'endOther')}<bpmn:endEvent id="endOther" />`,
  '<bpmn:error id="Error_Rejected" name="Rejected" errorCode="DOSSIER_REJECTED" />',
);
const plain = bpmn(
  'plain',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'work')}<bpmn:serviceTask id="work" camunda:type="external" camunda:topic="plain.work" />${flow('f1', 'work', 'end')}<bpmn:endEvent id="end" />`,
);

describe.each(dialects)('external tasks on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'receipt.bpmn': receipt, 'plain.bpmn': plain }));
  });
  const startReceipt = (businessKey: string, prio = 0) =>
    h.api.ok(
      h.api.post('/process-definition/key/receipt/start', {
        businessKey,
        variables: {
          prio: { value: prio, type: 'Integer' },
          applicant: { value: 'Nguyễn Văn A', type: 'String' },
          secret: { value: 'x', type: 'String' },
        },
      }),
    );
  const startPlain = (businessKey: string) =>
    h.api.ok(h.api.post('/process-definition/key/plain/start', { businessKey }));
  const fetch = (
    workerId: string,
    topicName: string,
    extra: Record<string, unknown> = {},
    lockDuration = 60_000,
    maxTasks = 10,
  ) =>
    h.api.ok(
      h.api.post('/external-task/fetchAndLock', {
        workerId,
        maxTasks,
        topics: [{ topicName, lockDuration, ...extra }],
      }),
    );
  const activeTasks = async (pi: string) =>
    (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`))).map(
      (t: { taskDefinitionKey: string }) => t.taskDefinitionKey,
    );

  it('fetchAndLock answers complete LockedExternalTaskDtos with only the requested variables', async () => {
    const pi = await startReceipt('et-1', 5);
    const res = await h.api.post('/external-task/fetchAndLock', {
      workerId: 'w1',
      maxTasks: 1,
      usePriority: true,
      topics: [
        {
          topicName: 'dossier.receive',
          lockDuration: 30_000,
          variables: ['applicant'],
          businessKey: 'et-1',
          includeExtensionProperties: true,
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json');
    expect(res.body).toHaveLength(1);
    const t = res.body[0];
    expect(Object.keys(t).sort()).toEqual(
      [
        'activityId',
        'activityInstanceId',
        'errorMessage',
        'errorDetails',
        'executionId',
        'id',
        'lockExpirationTime',
        'processDefinitionId',
        'processDefinitionKey',
        'processDefinitionVersionTag',
        'processInstanceId',
        'tenantId',
        'retries',
        'suspended',
        'workerId',
        'priority',
        'topicName',
        'businessKey',
        'variables',
        'extensionProperties',
        'createTime',
      ].sort(),
    );
    expect(t).toMatchObject({
      activityId: 'receive',
      processInstanceId: pi.id,
      processDefinitionKey: 'receipt',
      topicName: 'dossier.receive',
      workerId: 'w1',
      priority: 5,
      retries: null,
      businessKey: 'et-1',
      lockExpirationTime: '2026-11-27T10:00:30.000+0000',
      variables: { applicant: { value: 'Nguyễn Văn A', type: 'String', valueInfo: {} } },
      extensionProperties: { unit: 'ATBXHN' },
    });
    // Locked: nobody else gets it.
    expect(await fetch('w2', 'dossier.receive', { businessKey: 'et-1' })).toEqual([]);
    const all = await fetch('w2', 'unknown.topic');
    expect(all).toEqual([]);
  });

  it('an expired lock makes the task fetchable again; the old worker may no longer complete it', async () => {
    await startPlain('et-2');
    const [first] = await fetch('w1', 'plain.work', { businessKey: 'et-2' }, 10_000);
    expect(await fetch('w2', 'plain.work', { businessKey: 'et-2' })).toEqual([]);
    h.clock.advance(10_001);
    const [again] = await fetch('w2', 'plain.work', { businessKey: 'et-2', variables: [] }, 10_000);
    expect(again.id).toBe(first.id);
    expect(again.variables).toEqual({});
    const stale = await h.api.post(`/external-task/${first.id}/complete`, { workerId: 'w1' });
    expect(stale.status).toBe(400);
    expect(stale.body.message).toContain("It is locked by worker 'w2'");
    expect((await h.api.post(`/external-task/${first.id}/complete`, { workerId: 'w2' })).status).toBe(204);
    expect((await h.api.post(`/external-task/${first.id}/complete`, { workerId: 'w2' })).status).toBe(404);
  });

  it('failure with retries counts down; 0 retries opens an incident; setting retries resolves it', async () => {
    const pi = await startPlain('et-3');
    const [task] = await fetch('w1', 'plain.work', { businessKey: 'et-3' });
    const fail = (retries: number, retryTimeout: number) =>
      h.api.post(`/external-task/${task.id}/failure`, {
        workerId: 'w1',
        errorMessage: 'Cổng DVC không phản hồi',
        errorDetails: 'stack…',
        retries,
        retryTimeout,
      });
    expect((await fail(1, 5000)).status).toBe(204);
    expect(await fetch('w1', 'plain.work', { businessKey: 'et-3' })).toEqual([]); // waits retryTimeout
    h.clock.advance(5001);
    const [retry] = await fetch('w1', 'plain.work', { businessKey: 'et-3' });
    expect(retry).toMatchObject({
      id: task.id,
      retries: 1,
      errorMessage: 'Cổng DVC không phản hồi',
      errorDetails: 'stack…',
    });
    expect((await fail(0, 0)).status).toBe(204);
    h.clock.advance(1);
    expect(await fetch('w1', 'plain.work', { businessKey: 'et-3' })).toEqual([]); // no retries left
    const [incident] = await h.api.ok(h.api.get(`/incident?processInstanceId=${pi.id}`));
    expect(incident).toMatchObject({
      incidentType: 'failedExternalTask',
      configuration: task.id,
      activityId: 'work',
      incidentMessage: 'Cổng DVC không phản hồi',
    });
    const details = await h.api.get(`/external-task/${task.id}/errorDetails`);
    expect(details.status).toBe(200);
    expect(details.body).toBe('stack…');
    expect((await h.api.ok(h.api.get(`/external-task/${task.id}`))).retries).toBe(0);

    expect((await h.api.put(`/external-task/${task.id}/retries`, { retries: -1 })).status).toBe(400);
    expect((await h.api.put(`/external-task/${task.id}/retries`, { retries: 2 })).status).toBe(204);
    expect(await h.api.ok(h.api.get(`/incident?processInstanceId=${pi.id}`))).toEqual([]);
    const [back] = await fetch('w1', 'plain.work', { businessKey: 'et-3' });
    expect(back).toMatchObject({ id: task.id, retries: 2 });
    expect(
      (
        await h.api.post(`/external-task/${task.id}/failure`, {
          workerId: 'w1',
          retries: -1,
          retryTimeout: 0,
        })
      ).status,
    ).toBe(400);
  });

  it('bpmnError with a matching code is caught by its boundary event and sets the error variables', async () => {
    const pi = await startReceipt('et-4');
    const [task] = await fetch('w1', 'dossier.receive', { businessKey: 'et-4' });
    const res = await h.api.post(`/external-task/${task.id}/bpmnError`, {
      workerId: 'w1',
      errorCode: 'DOSSIER_REJECTED',
      errorMessage: 'Thủ tục tạm dừng tiếp nhận',
      variables: { rejectionReason: { value: 'paused', type: 'String' } },
    });
    expect(res.status).toBe(204);
    const hist = await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`));
    expect(hist.state).toBe('COMPLETED');
    const acts = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&sortBy=startTime&sortOrder=asc`),
    );
    expect(acts.map((a: { activityId: string }) => a.activityId)).toEqual([
      'start',
      'receive',
      'rejected',
      'endRejected',
    ]);
    expect(acts[1]).toMatchObject({ activityType: 'serviceTask', canceled: true });
    expect(acts[2]).toMatchObject({ activityType: 'boundaryError', canceled: false });
    const vars = await h.api.ok(h.api.get(`/history/variable-instance?processInstanceId=${pi.id}`));
    const byName = Object.fromEntries(vars.map((v: { name: string; value: unknown }) => [v.name, v.value]));
    expect(byName).toMatchObject({
      code: 'DOSSIER_REJECTED',
      why: 'Thủ tục tạm dừng tiếp nhận',
      rejectionReason: 'paused',
    });
  });

  it('bpmnError with another code goes to the catch-all boundary event', async () => {
    const pi = await startReceipt('et-5');
    const [task] = await fetch('w1', 'dossier.receive', { businessKey: 'et-5' });
    expect(
      (await h.api.post(`/external-task/${task.id}/bpmnError`, { workerId: 'w1', errorCode: 'OTHER' }))
        .status,
    ).toBe(204);
    const acts = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=endOther`),
    );
    expect(acts).toHaveLength(1);
  });

  it('an uncaught bpmnError ends the execution (Camunda 7 default), here the whole instance', async () => {
    const pi = await startPlain('et-6');
    const [task] = await fetch('w1', 'plain.work', { businessKey: 'et-6' });
    expect(
      (await h.api.post(`/external-task/${task.id}/bpmnError`, { workerId: 'w1', errorCode: 'NOPE' })).status,
    ).toBe(204);
    const hist = await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`));
    expect(hist.state).toBe('COMPLETED');
    expect(
      await h.api.ok(h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=end`)),
    ).toEqual([]);
  });

  it('complete moves the token on with the worker variables', async () => {
    const pi = await startReceipt('et-7');
    const [task] = await fetch('w1', 'dossier.receive', { businessKey: 'et-7' });
    await h.api.ok(
      h.api.post(`/external-task/${task.id}/complete`, {
        workerId: 'w1',
        variables: {
          dossierCode: { value: 'ATBXHN-261127-00001', type: 'string' },
          receivedAt: { value: '2026-11-27T10:00:00.000+0000', type: 'date' },
        },
      }),
    );
    expect(await activeTasks(pi.id)).toEqual(['check']);
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.dossierCode).toEqual({ value: 'ATBXHN-261127-00001', type: 'String', valueInfo: {} });
    expect(vars.receivedAt.type).toBe('Date');
  });

  it('checks the worker and the id: 400 for another worker, 404 for an unknown task', async () => {
    await startPlain('et-8');
    const [task] = await fetch('w1', 'plain.work', { businessKey: 'et-8' });
    for (const action of ['complete', 'failure', 'bpmnError', 'extendLock']) {
      const res = await h.api.post(`/external-task/${task.id}/${action}`, {
        workerId: 'intruder',
        retries: 0,
        retryTimeout: 0,
        errorCode: 'X',
        newDuration: 1000,
      });
      expect([action, res.status, res.body.type]).toEqual([action, 400, 'InvalidRequestException']);
      const unknown = await h.api.post(`/external-task/unknown/${action}`, {
        workerId: 'w1',
        retries: 0,
        retryTimeout: 0,
        errorCode: 'X',
        newDuration: 1000,
      });
      expect([action, unknown.status, unknown.body.message]).toEqual([
        action,
        404,
        'External task with id unknown does not exist',
      ]);
    }
    expect((await h.api.get('/external-task/unknown')).status).toBe(404);
    expect((await h.api.post(`/external-task/${task.id}/complete`, {})).status).toBe(400); // no workerId
  });

  it('extendLock, lock and unlock', async () => {
    await startPlain('et-9');
    const [task] = await fetch('w1', 'plain.work', { businessKey: 'et-9' }, 1000);
    expect(
      (await h.api.post(`/external-task/${task.id}/extendLock`, { workerId: 'w1', newDuration: 60_000 }))
        .status,
    ).toBe(204);
    h.clock.advance(2000);
    expect(await fetch('w2', 'plain.work', { businessKey: 'et-9' })).toEqual([]); // extended
    expect(
      (await h.api.post(`/external-task/${task.id}/lock`, { workerId: 'w2', lockDuration: 1000 })).status,
    ).toBe(400);
    expect((await h.api.post(`/external-task/${task.id}/unlock`)).status).toBe(204);
    expect((await h.api.ok(h.api.get(`/external-task/${task.id}`))).workerId).toBeNull();
    expect(
      (await h.api.post(`/external-task/${task.id}/lock`, { workerId: 'w2', lockDuration: 1000 })).status,
    ).toBe(204);
    expect(
      (await h.api.post(`/external-task/${task.id}/lock`, { workerId: 'w2', lockDuration: 0 })).status,
    ).toBe(400);
    h.clock.advance(1001);
    const expired = await h.api.post(`/external-task/${task.id}/extendLock`, {
      workerId: 'w2',
      newDuration: 1000,
    });
    expect(expired.status).toBe(400);
    expect(expired.body.message).toBe('Cannot extend a lock that expired');
  });

  it('long polling: parks, wakes when a task is created, answers [] at timeout, refuses > 1800000', async () => {
    const before = Date.now();
    expect(await fetch('w1', 'poll.none', { asyncResponseTimeout: undefined })).toEqual([]);
    const empty = await h.api.ok(
      h.api.post('/external-task/fetchAndLock', {
        workerId: 'w1',
        maxTasks: 1,
        asyncResponseTimeout: 300,
        topics: [{ topicName: 'poll.none', lockDuration: 1000 }],
      }),
    );
    expect(empty).toEqual([]);
    expect(Date.now() - before).toBeGreaterThanOrEqual(290);

    const parked = h.api.post('/external-task/fetchAndLock', {
      workerId: 'w1',
      maxTasks: 1,
      asyncResponseTimeout: 20_000,
      topics: [{ topicName: 'plain.work', lockDuration: 1000, businessKey: 'et-poll' }],
    });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const pi = await startPlain('et-poll');
    const res = await parked;
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0].processInstanceId).toBe(pi.id);
    expect(Date.now() - t0).toBeLessThan(900); // woken, not the 1 s re-check

    const tooLong = await h.api.post('/external-task/fetchAndLock', {
      workerId: 'w1',
      maxTasks: 1,
      asyncResponseTimeout: 1_800_001,
      topics: [],
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.type).toBe('InvalidRequestException');
  });

  it('long polls parked on the same topic share their periodic re-checks of the database', async () => {
    // Four workers parked 2.5 s on a topic with nothing to fetch. Each looks for itself when it
    // arrives and once more at the end of its wait; in between its re-checks (two or three, once
    // a second) are one look for all four. Each on its own, as before, that was 4 × 4 looks.
    const before = h.engine.stats().statements;
    const parked = await Promise.all(
      ['p1', 'p2', 'p3', 'p4'].map((workerId) =>
        h.api.ok(
          h.api.post('/external-task/fetchAndLock', {
            workerId,
            maxTasks: 2,
            asyncResponseTimeout: 2500,
            topics: [{ topicName: 'poll.shared', lockDuration: 1000 }],
          }),
        ),
      ),
    );
    expect(parked).toEqual([[], [], [], []]);
    const looks = h.engine.stats().statements - before;
    expect(looks).toBeGreaterThanOrEqual(4 + 2);
    expect(looks).toBeLessThanOrEqual(4 + 3 + 4);
  });

  it('validates fetchAndLock input', async () => {
    expect((await h.api.post('/external-task/fetchAndLock', { maxTasks: 1, topics: [] })).status).toBe(400);
    expect(
      (
        await h.api.post('/external-task/fetchAndLock', {
          workerId: 'w',
          maxTasks: 1,
          topics: [{ topicName: 'x' }],
        })
      ).status,
    ).toBe(400);
    expect(
      (await h.api.post('/external-task/fetchAndLock', { workerId: 'w', maxTasks: 'many', topics: [] }))
        .status,
    ).toBe(400);
  });
  it('filters fetchable tasks by process variables', async () => {
    const a = await startReceipt('et-pv-a');
    await startReceipt('et-pv-b');
    await h.api.ok(
      h.api.put(`/process-instance/${a.id}/variables/unit`, { value: 'ATBXHN', type: 'String' }),
    );
    const locked = await fetch('w1', 'dossier.receive', { processVariables: { unit: 'ATBXHN' } });
    expect(locked.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([a.id]);
    expect(await fetch('w1', 'dossier.receive', { processVariables: { unit: 'NONE' } })).toEqual([]);
  });
});
