import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// An appraisal task an officer can send back (BPMN error) or escalate to the head of the
// department (non-interrupting escalation); what each answer does was observed on Operaton 1.0.3.
const appraisal = bpmn(
  'tl-appraisal',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'appraise')}<bpmn:userTask id="appraise" />${flow('b', 'appraise', 'e')}<bpmn:endEvent id="e" />
   <bpmn:boundaryEvent id="sendBack" attachedToRef="appraise">
     <bpmn:errorEventDefinition errorRef="Err_Incomplete" camunda:errorCodeVariable="code" camunda:errorMessageVariable="reason" />
   </bpmn:boundaryEvent>${flow('c', 'sendBack', 'supplement')}<bpmn:userTask id="supplement" />${flow('d', 'supplement', 'e2')}<bpmn:endEvent id="e2" />
   <bpmn:boundaryEvent id="toHead" attachedToRef="appraise" cancelActivity="false">
     <bpmn:escalationEventDefinition escalationRef="Esc_Head" />
   </bpmn:boundaryEvent>${flow('g', 'toHead', 'headReview')}<bpmn:userTask id="headReview" />${flow('h', 'headReview', 'e3')}<bpmn:endEvent id="e3" />`,
  `<bpmn:error id="Err_Incomplete" errorCode="INCOMPLETE" /><bpmn:escalation id="Esc_Head" escalationCode="HEAD" />`,
);
const plain = bpmn(
  'tl-plain',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'review')}<bpmn:userTask id="review" />${flow('b', 'review', 'e')}<bpmn:endEvent id="e" />`,
);

describe.each(dialects)('task bpmnError, bpmnEscalation and delete on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'appraisal.bpmn': appraisal, 'plain.bpmn': plain }));
  });
  const start = async (key: string) =>
    (await h.api.ok(h.api.post(`/process-definition/key/${key}/start`, {}))).id as string;
  const tasksOf = async (pi: string) =>
    (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}&sortBy=name&sortOrder=asc`))) as {
      id: string;
      taskDefinitionKey: string;
    }[];
  const keysOf = async (pi: string) => (await tasksOf(pi)).map((t) => t.taskDefinitionKey).sort();

  it('an escalation reaches the non-interrupting boundary event; a BPMN error the error boundary', async () => {
    const pi = await start('tl-appraisal');
    const [task] = await tasksOf(pi);
    const esc = await h.api.post(`/task/${task!.id}/bpmnEscalation`, {
      escalationCode: 'HEAD',
      variables: { level: { value: 2, type: 'Integer' } },
    });
    expect(esc.status).toBe(204);
    expect(await keysOf(pi)).toEqual(['appraise', 'headReview']);

    const err = await h.api.post(`/task/${task!.id}/bpmnError`, {
      errorCode: 'INCOMPLETE',
      errorMessage: 'Thiếu bản sao giấy phép',
      variables: { missing: { value: 'giấy phép', type: 'String' } },
    });
    expect(err.status).toBe(204);
    expect(await keysOf(pi)).toEqual(['headReview', 'supplement']);
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi}/variables`));
    expect(vars).toMatchObject({
      level: { type: 'Integer', value: 2 },
      missing: { type: 'String', value: 'giấy phép' },
      code: { type: 'String', value: 'INCOMPLETE' },
      reason: { type: 'String', value: 'Thiếu bản sao giấy phép' },
    });
    const [hist] = await h.api.ok(h.api.get(`/history/task?taskId=${task!.id}`));
    expect(hist).toMatchObject({ deleteReason: 'deleted' });
    expect(hist.endTime).not.toBeNull();
    const [act] = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi}&activityId=appraise`),
    );
    expect(act.canceled).toBe(true);

    // Who threw what, in the operation log.
    const log = await h.api.ok(h.api.get(`/history/user-operation?taskId=${task!.id}`));
    const entries = log.map((e: { operationType: string; property: string; newValue: string }) => [
      e.operationType,
      e.property,
      e.newValue,
    ]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['HandleEscalation', 'escalationCode', 'HEAD'],
        ['HandleBpmnError', 'errorCode', 'INCOMPLETE'],
        ['HandleBpmnError', 'errorMessage', 'Thiếu bản sao giấy phép'],
      ]),
    );
  });

  it('an uncaught BPMN error ends the token; an uncaught escalation is refused and changes nothing', async () => {
    const pi = await start('tl-plain');
    const [task] = await tasksOf(pi);
    const esc = await h.api.post(`/task/${task!.id}/bpmnEscalation`, {
      escalationCode: 'NOPE',
      variables: { leaked: { value: true, type: 'Boolean' } },
    });
    expect(esc.status).toBe(500);
    expect(esc.body.type).toBe('ProcessEngineException');
    expect(esc.body.message).toContain("escalationCode 'NOPE', but no escalation handler was defined");
    expect(await keysOf(pi)).toEqual(['review']);
    expect(await h.api.ok(h.api.get(`/process-instance/${pi}/variables`))).not.toHaveProperty('leaked');

    expect((await h.api.post(`/task/${task!.id}/bpmnError`, { errorCode: 'NOPE' })).status).toBe(204);
    expect((await h.api.ok(h.api.get(`/history/process-instance/${pi}`))).state).toBe('COMPLETED');
  });

  it('answers as Operaton for a missing code, an unknown task and a process task to delete', async () => {
    const pi = await start('tl-plain');
    const [task] = await tasksOf(pi);
    const noCode = await h.api.post(`/task/${task!.id}/bpmnError`, {});
    expect(noCode.status).toBe(400);
    expect(noCode.body).toMatchObject({ type: 'RestException', message: 'errorCode is null' });
    for (const path of ['/task/nope/bpmnError', '/task/nope/bpmnEscalation']) {
      const res = await h.api.post(path, { errorCode: 'X', escalationCode: 'X' });
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('Cannot find task with id nope: task is null');
    }
    const del = await h.api.call('DELETE', `/task/${task!.id}`);
    expect(del.status).toBe(500);
    expect(del.body).toMatchObject({
      type: 'ProcessEngineException',
      message: 'The task cannot be deleted because is part of a running process',
    });
    expect(await keysOf(pi)).toEqual(['review']);
    expect((await h.api.call('DELETE', '/task/nope')).status).toBe(204);
  });
});
