/**
 * Conformance — messages and signals (issue 3): `POST /message` by business key, correlationKeys,
 * localCorrelationKeys, processInstanceId, `all`, `resultEnabled`, no match or several matches
 * (400), message start events; `POST /signal` to waiting executions and signal start events.
 * REST only; see targets.ts.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { models, targets, useTarget } from './targets.js';

jest.setTimeout(60_000);

describe.each(targets)('messages and signals against $name', (target) => {
  const s = useTarget(target, 'conf-msg', () => models('confMsg'));
  const str = (value: string) => ({ value, type: 'String' });
  const message = (body: Record<string, unknown>) =>
    s.api.post('/message', { messageName: 'conf-msg-paid', ...body });

  it('by business key, by processInstanceId, by correlationKeys', async () => {
    const bk = s.key();
    const byKey = (await s.start('confMsgWait', {}, bk)).id;
    const byId = (await s.start('confMsgWait')).id;
    const orderA = (await s.start('confMsgWait', { orderId: str(`A-${bk}`) })).id;
    const orderB = (await s.start('confMsgWait', { orderId: str(`B-${bk}`) })).id;
    expect((await message({ businessKey: bk, processVariables: { paidBy: str('ngân hàng') } })).status).toBe(
      204,
    );
    expect(await s.tasks(byKey)).toEqual(['Task_Paid']);
    expect((await s.vars(byKey)).paidBy).toBe('ngân hàng');
    expect((await message({ processInstanceId: byId })).status).toBe(204);
    expect(await s.tasks(byId)).toEqual(['Task_Paid']);
    expect((await message({ correlationKeys: { orderId: str(`B-${bk}`) } })).status).toBe(204);
    expect(await s.tasks(orderB)).toEqual(['Task_Paid']);
    expect(await s.tasks(orderA)).toEqual([]);
  });

  it('localCorrelationKeys match the waiting execution’s local variables', async () => {
    const bk = s.key();
    const one = (await s.start('confMsgLocal', { slotNo: str(`1-${bk}`) })).id;
    const two = (await s.start('confMsgLocal', { slotNo: str(`2-${bk}`) })).id;
    const res = await s.api.post('/message', {
      messageName: 'conf-msg-slot',
      localCorrelationKeys: { slot: str(`2-${bk}`) },
    });
    expect(res.status).toBe(204);
    expect(await s.tasks(two)).toEqual(['Task_Done']);
    expect(await s.tasks(one)).toEqual([]);
    // A process variable of that name does not match a local key.
    const miss = await s.api.post('/message', {
      messageName: 'conf-msg-slot',
      localCorrelationKeys: { slotNo: str(`1-${bk}`) },
    });
    expect(miss.status).toBe(400);
  });

  it('no match or several matches: 400; all: true correlates every match, resultEnabled tells which', async () => {
    const bk = s.key();
    const first = (await s.start('confMsgWait', {}, bk)).id;
    const second = (await s.start('confMsgWait', {}, bk)).id;
    const ambiguous = await message({ businessKey: bk });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.type).toBe('RestException');
    expect(await s.tasks(first)).toEqual([]);
    const none = await message({ businessKey: `${bk}-nobody` });
    expect(none.status).toBe(400);
    const all = await message({ businessKey: bk, all: true, resultEnabled: true });
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(2);
    for (const r of all.body) expect(r.resultType).toBe('Execution');
    expect(
      all.body.map((r: { execution: { processInstanceId: string } }) => r.execution.processInstanceId).sort(),
    ).toEqual([first, second].sort());
    expect(await s.tasks(first)).toEqual(['Task_Paid']);
    expect(await s.tasks(second)).toEqual(['Task_Paid']);
  });

  it('all: true that matches nothing is no error: 204, or an empty list with resultEnabled', async () => {
    const nobody = `${s.key()}-nobody`;
    const silent = await message({ businessKey: nobody, all: true });
    expect(silent.status).toBe(204);
    const listed = await message({ businessKey: nobody, all: true, resultEnabled: true });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([]);
  });

  it('resultEnabled with variablesInResultEnabled answers the correlated execution’s variables', async () => {
    const bk = s.key();
    const pi = (await s.start('confMsgWait', { fee: { value: 150, type: 'Integer' } }, bk)).id;
    const res = await message({
      businessKey: bk,
      processVariables: { paid: { value: true, type: 'Boolean' } },
      resultEnabled: true,
      variablesInResultEnabled: true,
    });
    expect(res.status).toBe(200);
    expect(res.body[0].resultType).toBe('Execution');
    expect(res.body[0].execution.processInstanceId).toBe(pi);
    expect(res.body[0].variables).toMatchObject({
      fee: { value: 150, type: 'Integer' },
      paid: { value: true, type: 'Boolean' },
    });
  });

  it('POST /signal with executionId reaches that execution only', async () => {
    const a = (await s.start('confMsgSignalCatch')).id;
    const b = (await s.start('confMsgSignalCatch')).id;
    const [sub] = await s.api.ok(s.api.get(`/event-subscription?processInstanceId=${a}&eventType=signal`));
    const res = await s.api.post('/signal', { name: 'conf-msg-broadcast', executionId: sub.executionId });
    expect(res.status).toBe(204);
    expect(await s.tasks(a)).toEqual(['Task_Signalled']);
    expect(await s.tasks(b)).toEqual([]);
    // Tidy up: the other instance must not wait for the next broadcast of this file.
    expect((await s.api.post('/signal', { name: 'conf-msg-broadcast' })).status).toBe(204);
    expect(await s.tasks(b)).toEqual(['Task_Signalled']);
  });

  it('a message start event starts an instance with the business key and variables', async () => {
    const bk = s.key();
    const res = await s.api.post('/message', {
      messageName: 'conf-msg-apply',
      businessKey: bk,
      processVariables: { applicant: str('Nguyễn Văn An') },
      resultEnabled: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0].resultType).toBe('ProcessDefinition');
    const pi = res.body[0].processInstance;
    expect(pi).toMatchObject({ businessKey: bk, definitionId: s.definitionIds.get('confMsgStart') });
    expect(await s.tasks(pi.id)).toEqual(['Task_Review']);
    expect((await s.vars(pi.id)).applicant).toBe('Nguyễn Văn An');
    const [hist] = await s.api.ok(s.api.get(`/history/process-instance?processInstanceId=${pi.id}`));
    expect(hist.startActivityId).toBe('Start_Message');
  });

  it('a message start event also starts an instance when correlation keys or an instance id match nothing', async () => {
    const defId = s.definitionIds.get('confMsgStart');
    for (const target of [
      { correlationKeys: { applicant: str('nobody waits') } },
      { processInstanceId: 'no-such-instance' },
    ]) {
      const res = await s.api.post('/message', {
        messageName: 'conf-msg-apply',
        resultEnabled: true,
        ...target,
      });
      expect(res.status).toBe(200);
      expect(res.body[0]).toMatchObject({ resultType: 'ProcessDefinition', execution: null });
      expect(res.body[0].processInstance.definitionId).toBe(defId);
      // Correlation keys are not variables of the new instance.
      expect(await s.vars(res.body[0].processInstance.id)).toEqual({});
    }
  });

  it('POST /signal reaches every waiting execution, with variables; a signal start event starts one', async () => {
    const a = (await s.start('confMsgSignalCatch')).id;
    const b = (await s.start('confMsgSignalCatch')).id;
    const res = await s.api.post('/signal', {
      name: 'conf-msg-broadcast',
      variables: { reason: str('hết hạn') },
    });
    expect(res.status).toBe(204);
    for (const pi of [a, b]) {
      expect(await s.tasks(pi)).toEqual(['Task_Signalled']);
      expect((await s.vars(pi)).reason).toBe('hết hạn');
    }
    const defId = s.definitionIds.get('confMsgSignalStart')!;
    expect((await s.api.post('/signal', { name: 'conf-msg-signal-start' })).status).toBe(204);
    const started = await s.api.ok(s.api.get(`/process-instance?processDefinitionId=${defId}`));
    expect(started).toHaveLength(1);
    expect(await s.tasks(started[0].id)).toEqual(['Task_Started']);
  });
});
