import { describe, expect, it, beforeAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// The applicant supplements a dossier (receive task); in parallel a payment confirmation arrives
// at a message catch event.
const supplement = bpmn(
  'supplement',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
   ${flow('fa', 'fork', 'waitSupplement')}${flow('fb', 'fork', 'waitPayment')}
   <bpmn:receiveTask id="waitSupplement" messageRef="Msg_Supplement" />
   <bpmn:intermediateCatchEvent id="waitPayment"><bpmn:messageEventDefinition messageRef="Msg_Paid" /></bpmn:intermediateCatchEvent>
   ${flow('fa2', 'waitSupplement', 'review')}<bpmn:userTask id="review" />${flow('fa3', 'review', 'endA')}<bpmn:endEvent id="endA" />
   ${flow('fb2', 'waitPayment', 'endB')}<bpmn:endEvent id="endB" />`,
  '<bpmn:message id="Msg_Supplement" name="HoSoBoSung" /><bpmn:message id="Msg_Paid" name="DaThanhToan" />',
);

describe.each(dialects)('message correlation on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'supplement.bpmn': supplement }));
  });
  const start = (businessKey: string, variables: Record<string, unknown> = {}) =>
    h.api.ok(h.api.post('/process-definition/key/supplement/start', { businessKey, variables }));
  const tasks = async (pi: string) =>
    (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`))).map(
      (t: { taskDefinitionKey: string }) => t.taskDefinitionKey,
    );

  it('delivers a message by business key to the waiting receive task, with variables', async () => {
    const pi = await start('msg-1');
    const res = await h.api.post('/message', {
      messageName: 'HoSoBoSung',
      businessKey: 'msg-1',
      processVariables: { supplementNote: { value: 'Đã bổ sung bản sao CMND', type: 'String' } },
    });
    expect(res.status).toBe(204);
    expect(await tasks(pi.id)).toEqual(['review']);
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.supplementNote.value).toBe('Đã bổ sung bản sao CMND');
    const [act] = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=waitSupplement`),
    );
    expect(act).toMatchObject({ activityType: 'receiveTask', canceled: false });
    expect(act.endTime).not.toBeNull();
  });

  it('delivers by process instance id to a message catch event and returns the result when asked', async () => {
    const pi = await start('msg-2', { amount: { value: 150000, type: 'Long' } });
    const res = await h.api.post('/message', {
      messageName: 'DaThanhToan',
      processInstanceId: pi.id,
      resultEnabled: true,
      variablesInResultEnabled: true,
    });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json');
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({
      resultType: 'Execution',
      processInstance: null,
      execution: { processInstanceId: pi.id, ended: false },
    });
    expect(res.body[0].variables.amount).toEqual({ value: 150000, type: 'Long', valueInfo: {} });
    const acts = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=endB`),
    );
    expect(acts).toHaveLength(1);
  });

  it('matches correlation keys by type and value', async () => {
    const a = await start('msg-3', { dossierNo: { value: 7, type: 'Integer' } });
    await start('msg-3', { dossierNo: { value: 8, type: 'Integer' } });
    const wrong = await h.api.post('/message', {
      messageName: 'HoSoBoSung',
      businessKey: 'msg-3',
      correlationKeys: { dossierNo: { value: '7', type: 'String' } },
    });
    expect(wrong.status).toBe(400);
    const res = await h.api.post('/message', {
      messageName: 'HoSoBoSung',
      businessKey: 'msg-3',
      correlationKeys: { dossierNo: { value: 7, type: 'Long' } },
    });
    expect(res.status).toBe(204);
    expect(await tasks(a.id)).toEqual(['review']);
  });

  it('refuses no match and several matches (unless all) with 400', async () => {
    const none = await h.api.post('/message', { messageName: 'KhongCo' });
    expect(none.status).toBe(400);
    expect(none.body).toEqual({
      type: 'RestException',
      message:
        "Cannot correlate message 'KhongCo': No process definition or execution matches the parameters",
      code: null,
    });
    const p1 = await start('msg-4');
    const p2 = await start('msg-4');
    const several = await h.api.post('/message', { messageName: 'HoSoBoSung', businessKey: 'msg-4' });
    expect(several.status).toBe(400);
    expect(several.body.message).toContain('2 executions match');
    expect(await tasks(p1.id)).toEqual([]);
    const all = await h.api.post('/message', {
      messageName: 'HoSoBoSung',
      businessKey: 'msg-4',
      all: true,
      resultEnabled: true,
    });
    expect(all.status).toBe(200);
    expect(
      all.body.map((r: { execution: { processInstanceId: string } }) => r.execution.processInstanceId).sort(),
    ).toEqual([p1.id, p2.id].sort());
    expect((await h.api.post('/message', {})).status).toBe(400);
    expect(
      (
        await h.api.post('/message', {
          messageName: 'X',
          processVariables: { v: { value: 'x', type: 'Integer' } },
        })
      ).status,
    ).toBe(400);
  });

  it('a deleted instance no longer receives messages', async () => {
    const pi = await start('msg-5');
    await h.api.ok(h.api.call('DELETE', `/process-instance/${pi.id}`));
    expect(
      (await h.api.post('/message', { messageName: 'HoSoBoSung', processInstanceId: pi.id })).status,
    ).toBe(400);
  });

  it('two concurrent correlations of one waiting execution: exactly one delivers', async () => {
    for (let round = 0; round < 3; round++) {
      const pi = await start(`msg-race-${round}`);
      const results = await Promise.all(
        [1, 2].map(() => h.api.post('/message', { messageName: 'HoSoBoSung', processInstanceId: pi.id })),
      );
      expect(results.filter((r) => r.status === 204)).toHaveLength(1);
      const loser = results.find((r) => r.status !== 204)!;
      expect(
        loser.status === 400 || (loser.status === 500 && loser.body.type === 'OptimisticLockingException'),
      ).toBe(true);
      expect(await tasks(pi.id)).toEqual(['review']);
    }
  });
});
