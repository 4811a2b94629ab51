import { describe, expect, it, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { T0, useEngine } from './harness.js';

const dialects = await testDatabases();
const conformance = (name: string) =>
  readFileSync(new URL(`./reference/conformance-bpmn/${name}`, import.meta.url), 'utf8');
const HOUR = 3_600_000;

// Appraisal as an embedded subprocess: two officers in parallel, then a join; a deadline on the
// whole subprocess; a worker inside may refuse (BPMN error caught on the subprocess).
const appraisal = bpmn(
  'appraisal',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
   <bpmn:subProcess id="sub">
     <bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'fork')}<bpmn:parallelGateway id="fork" />
     ${flow('s1', 'fork', 'expertA')}${flow('s2', 'fork', 'expertB')}
     <bpmn:userTask id="expertA" />${flow('s3', 'expertA', 'join')}
     <bpmn:userTask id="expertB" />${flow('s4', 'expertB', 'join')}
     <bpmn:parallelGateway id="join" />${flow('s5', 'join', 'check')}
     <bpmn:serviceTask id="check" camunda:type="external" camunda:topic="appraisal.check">
       <bpmn:extensionElements><camunda:inputOutput>
         <camunda:inputParameter name="dossier">\${code}</camunda:inputParameter>
         <camunda:inputParameter name="reviewers"><camunda:list><camunda:value>A</camunda:value><camunda:value>\${reviewer}</camunda:value></camunda:list></camunda:inputParameter>
         <camunda:outputParameter name="checkResult">\${result}</camunda:outputParameter>
       </camunda:inputOutput></bpmn:extensionElements>
     </bpmn:serviceTask>
     ${flow('s6', 'check', 'subEnd')}<bpmn:endEvent id="subEnd" />
   </bpmn:subProcess>
   ${flow('f1', 'sub', 'decide')}<bpmn:userTask id="decide" />${flow('f2', 'decide', 'end')}<bpmn:endEvent id="end" />
   <bpmn:boundaryEvent id="deadline" attachedToRef="sub"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   ${flow('f3', 'deadline', 'apologise')}<bpmn:userTask id="apologise" />${flow('f4', 'apologise', 'lateEnd')}<bpmn:endEvent id="lateEnd" />
   <bpmn:boundaryEvent id="refused" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="Err_Refused" camunda:errorCodeVariable="why" /></bpmn:boundaryEvent>
   ${flow('f5', 'refused', 'refusedEnd')}<bpmn:endEvent id="refusedEnd" />`,
  '<bpmn:error id="Err_Refused" errorCode="REFUSED" />',
);

describe.each(dialects)('scopes, subprocesses and variables on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(
      h.api.deploy({
        'appraisal.bpmn': appraisal,
        'error-sub.bpmn': conformance(
          'BoundaryErrorEventTest.testCatchErrorOnSubprocessSetsErrorVariables.bpmn',
        ),
        'terminate.bpmn': conformance('TerminateEndEventTest.testProcessTerminate.bpmn'),
        'io.bpmn': conformance('InputOutputTest.testInputNested.bpmn'),
      }),
    );
  });
  const start = (key: string, variables: Record<string, unknown> = {}) =>
    h.api.ok(h.api.post(`/process-definition/key/${key}/start`, { variables }));
  const taskList = (pi: string) => h.api.ok(h.api.get(`/task?processInstanceId=${pi}`));
  const tasks = async (pi: string): Promise<string[]> =>
    (await taskList(pi)).map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey).sort();
  const completeAll = async (pi: string, key: string) => {
    for (const t of await taskList(pi))
      if (t.taskDefinitionKey === key) await h.api.ok(h.api.post(`/task/${t.id}/complete`, {}));
  };
  const acts = (pi: string, activityId: string) =>
    h.api.ok(h.api.get(`/history/activity-instance?processInstanceId=${pi}&activityId=${activityId}`));
  const fetch = (topic: string) =>
    h.api.ok(
      h.api.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 1,
        topics: [{ topicName: topic, lockDuration: 60_000 }],
      }),
    );
  const startAppraisal = () =>
    start('appraisal', {
      code: { value: 'BXHN-261127-00001', type: 'String' },
      reviewer: { value: 'B', type: 'String' },
    });

  it('runs a subprocess with a parallel fork and join inside, then leaves it', async () => {
    const pi = await startAppraisal();
    expect(await tasks(pi.id)).toEqual(['expertA', 'expertB']);
    const [sub] = await acts(pi.id, 'sub');
    const [a] = await acts(pi.id, 'expertA');
    expect(a.parentActivityInstanceId).toBe(sub.id);
    expect(sub.parentActivityInstanceId).toBe(pi.id);
    await completeAll(pi.id, 'expertA');
    await completeAll(pi.id, 'expertB');
    expect(await tasks(pi.id)).toEqual([]);

    // The worker sees the input mappings (locals of the task's scope) and the instance's variables.
    const [locked] = await fetch('appraisal.check');
    expect(locked.variables.dossier).toEqual({ value: 'BXHN-261127-00001', type: 'String', valueInfo: {} });
    expect(JSON.parse(locked.variables.reviewers.value)).toEqual(['A', 'B']);
    expect(locked.variables.code.value).toBe('BXHN-261127-00001');
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.dossier).toBeUndefined();
    await h.api.ok(
      h.api.post(`/external-task/${locked.id}/complete`, {
        workerId: 'w',
        localVariables: { result: { value: 'đạt', type: 'String' } },
      }),
    );
    // The output mapping lands on the process instance; the locals are gone.
    const after = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(after.checkResult).toEqual({ value: 'đạt', type: 'String', valueInfo: {} });
    expect(after.dossier).toBeUndefined();
    expect(await tasks(pi.id)).toEqual(['decide']);
    const [subDone] = await acts(pi.id, 'sub');
    expect(subDone).toMatchObject({ canceled: false });
    expect(subDone.endTime).not.toBeNull();
  });

  it('a timer on the subprocess cancels everything inside it', async () => {
    h.clock.set(T0);
    const pi = await startAppraisal();
    await completeAll(pi.id, 'expertA');
    h.clock.advance(24 * HOUR);
    expect(await h.engine.jobs.runDue()).toEqual({ executed: 1, failed: 0 });
    expect(await tasks(pi.id)).toEqual(['apologise']);
    const [sub] = await acts(pi.id, 'sub');
    const [b] = await acts(pi.id, 'expertB');
    expect(sub.canceled).toBe(true);
    expect(b.canceled).toBe(true);
    const [histB] = await h.api.ok(
      h.api.get(`/history/task?processInstanceId=${pi.id}&taskDefinitionKey=expertB`),
    );
    expect(histB.deleteReason).toBe('deleted');
    await completeAll(pi.id, 'apologise');
    expect((await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`))).state).toBe('COMPLETED');
  });

  it("a worker's BPMN error inside the subprocess is caught by the subprocess's boundary", async () => {
    h.clock.set(T0);
    const pi = await startAppraisal();
    await completeAll(pi.id, 'expertA');
    await completeAll(pi.id, 'expertB');
    const [locked] = await fetch('appraisal.check');
    const res = await h.api.post(`/external-task/${locked.id}/bpmnError`, {
      workerId: 'w',
      errorCode: 'REFUSED',
    });
    expect(res.status).toBe(204);
    const hist = await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`));
    expect(hist.state).toBe('COMPLETED');
    expect(await acts(pi.id, 'refusedEnd')).toHaveLength(1);
    const [why] = await h.api.ok(
      h.api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=why`),
    );
    expect(why.value).toBe('REFUSED');
    const [check] = await acts(pi.id, 'check');
    expect(check.canceled).toBe(true);
    expect(await h.api.ok(h.api.get(`/job?processInstanceId=${pi.id}`))).toEqual([]);
  });

  it('an error end event in a subprocess sets the error variables (Camunda BoundaryErrorEventTest)', async () => {
    const pi = await start('Process_1');
    expect(await tasks(pi.id)).toEqual(['UserTask_1']);
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.errorVariable).toEqual({ value: 'error1', type: 'String', valueInfo: {} });
    const [sub] = await acts(pi.id, 'SubProcess_1');
    expect(sub.canceled).toBe(true);
  });

  it('a terminate end event cancels the other paths and ends the instance (Camunda TerminateEndEventTest)', async () => {
    const pi = await start('terminateEndEventExample');
    expect(await tasks(pi.id)).toEqual(['preNormalTerminateTask', 'preTerminateTask']);
    await completeAll(pi.id, 'preTerminateTask');
    expect(await tasks(pi.id)).toEqual([]);
    const hist = await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`));
    expect(hist.state).toBe('COMPLETED');
    const [terminate] = await acts(pi.id, 'EndEvent_2');
    expect(terminate).toMatchObject({ activityType: 'terminateEndEvent', completeScope: true });
    const [other] = await acts(pi.id, 'preNormalTerminateTask');
    expect(other.canceled).toBe(true);
    expect(other.endTime).not.toBeNull();
  });

  it('nested camunda:map and camunda:list input parameters, with expression keys (Camunda InputOutputTest)', async () => {
    const pi = await start('testProcess', { exprKey: { value: 'b', type: 'String' } });
    // The locals are on the receive task's scope, not on the instance.
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(Object.keys(vars)).toEqual(['exprKey']);
    const locals = await h.api.ok(
      h.api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=var1`),
    );
    expect(locals).toHaveLength(1);
    expect(locals[0].type).toBe('Json');
    expect(JSON.parse(locals[0].value)).toEqual({
      a: ['stringInListNestedInMap', 'b'],
      b: 'stringValueWithExprKey',
    });
    const [var2] = await h.api.ok(
      h.api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=var2`),
    );
    expect(var2.value).toBe('stringConstantValue');
    expect(var2.executionId).not.toBe(pi.id);
  });

  it('expressions call methods: dateTime() for due dates, Spin on Json, execution.getVariable', async () => {
    h.clock.set(T0);
    const xml = bpmn(
      'expr-calls',
      `<bpmn:startEvent id="s" />${flow('a', 's', 'gw')}<bpmn:exclusiveGateway id="gw" default="no" />
       ${flow('yes', 'gw', 'review', "${S(payload).prop('complete').boolValue() && execution.getVariable('fee') > 0}")}
       ${flow('no', 'gw', 'e2')}<bpmn:endEvent id="e2" />
       <bpmn:userTask id="review" name="Thẩm định \${payload.applicant.trim()}" camunda:dueDate="\${dateTime().plusDays(10).toDate()}" />
       ${flow('b', 'review', 'e')}<bpmn:endEvent id="e" />`,
    );
    await h.api.ok(h.api.deploy({ 'expr-calls.bpmn': xml }, { 'deployment-name': 'expr-calls' }));
    const pi = await start('expr-calls', {
      payload: { value: JSON.stringify({ complete: true, applicant: ' Trần Thị Bình ' }), type: 'Json' },
      fee: { value: 200000, type: 'Long' },
    });
    const [task] = await taskList(pi.id);
    expect(task).toMatchObject({ name: 'Thẩm định Trần Thị Bình', due: '2026-12-07T10:00:00.000+0000' });
  });

  it('a message to a receive task with input mappings ends its scope and the instance', async () => {
    const xml = bpmn(
      'io-receive',
      `<bpmn:startEvent id="s" />${flow('a', 's', 'wait')}
       <bpmn:receiveTask id="wait" messageRef="M"><bpmn:extensionElements><camunda:inputOutput>
         <camunda:inputParameter name="count">\${n + 1}</camunda:inputParameter>
         <camunda:outputParameter name="n">\${count * 10}</camunda:outputParameter>
       </camunda:inputOutput></bpmn:extensionElements></bpmn:receiveTask>
       ${flow('b', 'wait', 'e')}<bpmn:endEvent id="e" />`,
      '<bpmn:message id="M" name="Go" />',
    );
    await h.api.ok(h.api.deploy({ 'io-receive.bpmn': xml }, { 'deployment-name': 'io-receive' }));
    const pi = await start('io-receive', { n: { value: 4, type: 'Integer' } });
    const res = await h.api.post('/message', {
      messageName: 'Go',
      processInstanceId: pi.id,
      resultEnabled: true,
      variablesInResultEnabled: true,
    });
    expect(res.status).toBe(200);
    const [n] = await h.api.ok(
      h.api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=n`),
    );
    // EL arithmetic on integers yields a Long (as on Operaton), which replaces the Integer.
    expect(n).toMatchObject({ value: 50, type: 'Long' });
    expect((await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`))).state).toBe('COMPLETED');
  });
});
