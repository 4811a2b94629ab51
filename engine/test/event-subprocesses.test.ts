import { describe, expect, it, beforeAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { T0, useEngine } from './harness.js';

const dialects = await testDatabases();
const DAY = 24 * 3_600_000;

// A dossier: the officer appraises (inside a subprocess with a 3-day deadline event subprocess),
// then a worker returns the result. At process level: a supplement request (non-interrupting
// message) and a withdrawal (interrupting message); a refusal by the worker (error).
const dossier = bpmn(
  'dossier-events',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'handling')}
   <bpmn:subProcess id="handling">
     <bpmn:startEvent id="hStart" />${flow('h0', 'hStart', 'appraise')}<bpmn:userTask id="appraise" />${flow('h1', 'appraise', 'hEnd')}<bpmn:endEvent id="hEnd" />
     <bpmn:subProcess id="late" triggeredByEvent="true">
       <bpmn:startEvent id="lateStart"><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
       ${flow('l0', 'lateStart', 'apologise')}<bpmn:userTask id="apologise" />${flow('l1', 'apologise', 'lateEnd')}<bpmn:endEvent id="lateEnd" />
     </bpmn:subProcess>
   </bpmn:subProcess>
   ${flow('f1', 'handling', 'result')}<bpmn:serviceTask id="result" camunda:type="external" camunda:topic="dossier.return-result" />${flow('f2', 'result', 'end')}<bpmn:endEvent id="end" />
   <bpmn:subProcess id="supplement" triggeredByEvent="true">
     <bpmn:startEvent id="supStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="M_Sup" /></bpmn:startEvent>
     ${flow('s0', 'supStart', 'checkSupplement')}<bpmn:userTask id="checkSupplement" />${flow('s1', 'checkSupplement', 'supEnd')}<bpmn:endEvent id="supEnd" />
   </bpmn:subProcess>
   <bpmn:subProcess id="withdrawal" triggeredByEvent="true">
     <bpmn:startEvent id="wStart"><bpmn:messageEventDefinition messageRef="M_Withdraw" /></bpmn:startEvent>
     ${flow('w0', 'wStart', 'archive')}<bpmn:userTask id="archive" />${flow('w1', 'archive', 'wEnd')}<bpmn:endEvent id="wEnd" />
   </bpmn:subProcess>
   <bpmn:subProcess id="refusal" triggeredByEvent="true">
     <bpmn:startEvent id="rStart"><bpmn:errorEventDefinition errorRef="E_Refused" camunda:errorCodeVariable="code" /></bpmn:startEvent>
     ${flow('r0', 'rStart', 'notify')}<bpmn:userTask id="notify" />${flow('r1', 'notify', 'rEnd')}<bpmn:endEvent id="rEnd" />
   </bpmn:subProcess>`,
  '<bpmn:message id="M_Sup" name="BoSungHoSo" /><bpmn:message id="M_Withdraw" name="RutHoSo" /><bpmn:error id="E_Refused" errorCode="REFUSED" />',
);

describe.each(dialects)('event subprocesses on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'dossier-events.bpmn': dossier }));
  });
  const start = () => h.api.ok(h.api.post('/process-definition/key/dossier-events/start', {}));
  const tasks = async (pi: string): Promise<string[]> =>
    (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`)))
      .map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)
      .sort();
  const complete = async (pi: string, key: string) => {
    const [t] = (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}&taskDefinitionKey=${key}`))) as {
      id: string;
    }[];
    await h.api.ok(h.api.post(`/task/${t!.id}/complete`, {}));
  };
  const message = (pi: string, messageName: string) =>
    h.api.post('/message', { messageName, processInstanceId: pi });
  const state = async (pi: string) => (await h.api.ok(h.api.get(`/history/process-instance/${pi}`))).state;

  it('a non-interrupting message event subprocess runs beside the main path, as often as it is triggered', async () => {
    const pi = await start();
    expect((await message(pi.id, 'BoSungHoSo')).status).toBe(204);
    expect((await message(pi.id, 'BoSungHoSo')).status).toBe(204);
    expect(await tasks(pi.id)).toEqual(['appraise', 'checkSupplement', 'checkSupplement']);
    await complete(pi.id, 'checkSupplement');
    await complete(pi.id, 'appraise');
    expect(await tasks(pi.id)).toEqual(['checkSupplement']);
    const [ext] = await h.api.ok(h.api.get(`/external-task?processInstanceId=${pi.id}`));
    expect(ext.activityId).toBe('result');
  });

  it('an interrupting message event subprocess cancels everything else; the instance ends with it', async () => {
    const pi = await start();
    expect((await message(pi.id, 'RutHoSo')).status).toBe(204);
    expect(await tasks(pi.id)).toEqual(['archive']);
    const [appraise] = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=appraise`),
    );
    expect(appraise.canceled).toBe(true);
    // The other triggers are gone with the interrupted scope.
    expect((await message(pi.id, 'BoSungHoSo')).status).toBe(400);
    expect(await h.api.ok(h.api.get(`/job?processInstanceId=${pi.id}`))).toEqual([]);
    await complete(pi.id, 'archive');
    expect(await state(pi.id)).toBe('COMPLETED');
  });

  it('a timer event subprocess inside a subprocess interrupts it; the subprocess then completes', async () => {
    h.clock.set(T0);
    const pi = await start();
    const [job] = await h.api.ok(h.api.get(`/job?processInstanceId=${pi.id}`));
    expect(job.dueDate).toBe('2026-11-30T10:00:00.000+0000');
    h.clock.advance(3 * DAY);
    expect(await h.engine.jobs.runDue()).toEqual({ executed: 1, failed: 0 });
    expect(await tasks(pi.id)).toEqual(['apologise']);
    await complete(pi.id, 'apologise');
    const [ext] = await h.api.ok(h.api.get(`/external-task?processInstanceId=${pi.id}`));
    expect(ext.activityId).toBe('result');
  });

  it("an error event subprocess catches a worker's BPMN error", async () => {
    const pi = await start();
    await complete(pi.id, 'appraise');
    const locked = await h.api.ok(
      h.api.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 10,
        topics: [
          {
            topicName: 'dossier.return-result',
            lockDuration: 10_000,
            processDefinitionKey: 'dossier-events',
          },
        ],
      }),
    );
    const mine = locked.find((t: { processInstanceId: string }) => t.processInstanceId === pi.id);
    expect(mine).toBeDefined();
    expect(
      (await h.api.post(`/external-task/${mine.id}/bpmnError`, { workerId: 'w', errorCode: 'REFUSED' }))
        .status,
    ).toBe(204);
    expect(await tasks(pi.id)).toEqual(['notify']);
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.code.value).toBe('REFUSED');
    await complete(pi.id, 'notify');
    expect(await state(pi.id)).toBe('COMPLETED');
  });
});
