import { describe, expect, it, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();
const conformance = (name: string) =>
  readFileSync(new URL(`./reference/conformance-bpmn/${name}`, import.meta.url), 'utf8');

// A procedure that calls the fee sub-procedure with everything and its own business key.
const caller = bpmn(
  'caller',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fees')}
   <bpmn:callActivity id="fees" calledElement="fee-procedure">
     <bpmn:extensionElements><camunda:in variables="all" /><camunda:in businessKey="\${code}-fee" /><camunda:out variables="all" /></bpmn:extensionElements>
   </bpmn:callActivity>
   ${flow('f1', 'fees', 'after')}<bpmn:userTask id="after" />${flow('f2', 'after', 'end')}<bpmn:endEvent id="end" />
   <bpmn:boundaryEvent id="withdraw" attachedToRef="fees"><bpmn:messageEventDefinition messageRef="M" /></bpmn:boundaryEvent>
   ${flow('f3', 'withdraw', 'withdrawn')}<bpmn:endEvent id="withdrawn" />`,
  '<bpmn:message id="M" name="Rut" />',
);
const fee = bpmn(
  'fee-procedure',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'pay')}<bpmn:userTask id="pay" />${flow('b', 'pay', 'e')}<bpmn:endEvent id="e" />`,
);

describe.each(dialects)('call activities on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(
      h.api.deploy({
        'caller.bpmn': caller,
        'fee.bpmn': fee,
        'sub-io.bpmn20.xml': conformance('CallActivity.testSubProcessDataInputOutput.bpmn20.xml'),
        'simple.bpmn20.xml': conformance('simpleSubProcess.bpmn20.xml'),
      }),
    );
  });
  const start = (key: string, variables: Record<string, unknown> = {}) =>
    h.api.ok(h.api.post(`/process-definition/key/${key}/start`, { variables }));
  const only = async (query: string) => {
    const list = await h.api.ok(h.api.get(`/task?${query}`));
    expect(list).toHaveLength(1);
    return list[0];
  };
  const complete = (id: string, variables: Record<string, unknown> = {}) =>
    h.api.ok(h.api.post(`/task/${id}/complete`, { variables }));
  const childOf = async (pi: string) => {
    const [child] = await h.api.ok(h.api.get(`/process-instance?superProcessInstance=${pi}`));
    return child;
  };

  it('passes variables in and out by source, target and expression (Camunda CallActivity test)', async () => {
    const pi = await start('subProcessDataInputOutput', {
      superVariable: { value: 'Hello from the super process.', type: 'String' },
    });
    const child = await childOf(pi.id);
    expect(child.definitionId).toMatch(/^simpleSubProcess:/);
    const subVars = await h.api.ok(h.api.get(`/process-instance/${child.id}/variables`));
    expect(subVars.subVariable.value).toBe('Hello from the super process.');
    const inChild = await only(`processInstanceId=${child.id}`);
    await complete(inChild.id, { subVariable: { value: 'Hello from sub process.', type: 'String' } });
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.superVariable.value).toBe('Hello from sub process.');
    expect(vars.hisLocalVariable).toBeUndefined();
    const t1 = await only(`processInstanceId=${pi.id}`);
    expect(t1.taskDefinitionKey).toBe('userTask1');
    await complete(t1.id, { x: { value: 5, type: 'Integer' } });
    const child2 = await childOf(pi.id);
    expect((await h.api.ok(h.api.get(`/process-instance/${child2.id}/variables`))).y.value).toBe(10);
    await complete((await only(`processInstanceId=${child2.id}`)).id);
    expect((await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`))).z.value).toBe(15);
    const [hist] = await h.api.ok(h.api.get(`/history/process-instance?processInstanceId=${child2.id}`));
    expect(hist).toMatchObject({ superProcessInstanceId: pi.id, state: 'COMPLETED' });
  });

  it('variables="all" both ways and a business key expression', async () => {
    const pi = await start('caller', { code: { value: 'HS-7', type: 'String' } });
    const child = await childOf(pi.id);
    expect(child.businessKey).toBe('HS-7-fee');
    await complete((await only(`processInstanceId=${child.id}`)).id, {
      paid: { value: true, type: 'Boolean' },
    });
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.paid.value).toBe(true);
    expect((await only(`processInstanceId=${pi.id}`)).taskDefinitionKey).toBe('after');
  });

  it('interrupting the call activity, or deleting the caller, cancels the called instance', async () => {
    const a = await start('caller', { code: { value: 'HS-8', type: 'String' } });
    const childA = await childOf(a.id);
    expect((await h.api.post('/message', { messageName: 'Rut', processInstanceId: a.id })).status).toBe(204);
    expect((await h.api.ok(h.api.get(`/history/process-instance/${childA.id}`))).state).toBe(
      'INTERNALLY_TERMINATED',
    );
    expect((await h.api.ok(h.api.get(`/history/process-instance/${a.id}`))).state).toBe('COMPLETED');

    const b = await start('caller', { code: { value: 'HS-9', type: 'String' } });
    const childB = await childOf(b.id);
    expect((await h.api.call('DELETE', `/process-instance/${b.id}`)).status).toBe(204);
    expect((await h.api.get(`/process-instance/${childB.id}`)).status).toBe(404);
    expect(await h.api.ok(h.api.get(`/task?processInstanceId=${childB.id}`))).toEqual([]);
  });
});
