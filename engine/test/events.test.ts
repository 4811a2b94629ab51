import { describe, expect, it, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();
const conformance = (name: string) =>
  readFileSync(new URL(`./reference/conformance-bpmn/${name}`, import.meta.url), 'utf8');

// A ministry-wide stop (signal "TamDung"): waiting dossiers move on; an officer's appraisal gets a
// non-interrupting notice; another process broadcasts the signal from a throw event.
const signals = bpmn(
  'signals',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
   ${flow('f1', 'fork', 'wait')}${flow('f2', 'fork', 'appraise')}
   <bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:intermediateCatchEvent>
   ${flow('f3', 'wait', 'stopped')}<bpmn:userTask id="stopped" />${flow('f4', 'stopped', 'end1')}<bpmn:endEvent id="end1" />
   <bpmn:userTask id="appraise" />${flow('f5', 'appraise', 'end2')}<bpmn:endEvent id="end2" />
   <bpmn:boundaryEvent id="notice" attachedToRef="appraise" cancelActivity="false"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:boundaryEvent>
   ${flow('f6', 'notice', 'read')}<bpmn:userTask id="read" />${flow('f7', 'read', 'end3')}<bpmn:endEvent id="end3" />`,
  '<bpmn:signal id="Sig" name="TamDung" />',
);
const broadcaster = bpmn(
  'broadcaster',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'throw')}
   <bpmn:intermediateThrowEvent id="throw"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:intermediateThrowEvent>
   ${flow('f1', 'throw', 'manual')}<bpmn:manualTask id="manual" />${flow('f2', 'manual', 'end')}<bpmn:endEvent id="end" />`,
  '<bpmn:signal id="Sig" name="TamDung" />',
);

describe.each(dialects)(
  'signals, message start events, event-based gateways, escalations on $dialect',
  (factory) => {
    const h = useEngine(factory);
    beforeAll(async () => {
      await h.api.ok(
        h.api.deploy({
          'signals.bpmn': signals,
          'broadcaster.bpmn': broadcaster,
          'message-start.bpmn20.xml': conformance(
            'MessageCorrelationTest.testMessageStartEventCorrelation.bpmn20.xml',
          ),
          'event-gateway.bpmn20.xml': conformance(
            'EventBasedGatewayTest.testCatchSignalAndMessageAndTimer.bpmn20.xml',
          ),
          'escalation.bpmn20.xml': conformance(
            'EscalationEventTest.testThrowEscalationEventFromEmbeddedSubprocess.bpmn20.xml',
          ),
        }),
      );
    });
    const start = (key: string, variables: Record<string, unknown> = {}) =>
      h.api.ok(h.api.post(`/process-definition/key/${key}/start`, { variables }));
    const tasks = async (pi: string): Promise<string[]> =>
      (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`)))
        .map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)
        .sort();
    const state = async (pi: string) => (await h.api.ok(h.api.get(`/history/process-instance/${pi}`))).state;

    it('POST /signal reaches every waiting catch event and fires non-interrupting boundaries', async () => {
      const a = await start('signals');
      const b = await start('signals');
      const res = await h.api.post('/signal', {
        name: 'TamDung',
        variables: { reason: { value: 'bảo trì', type: 'String' } },
      });
      expect(res.status).toBe(204);
      for (const pi of [a, b]) expect(await tasks(pi.id)).toEqual(['appraise', 'read', 'stopped']);
      const vars = await h.api.ok(h.api.get(`/process-instance/${a.id}/variables`));
      expect(vars.reason.value).toBe('bảo trì');
      // Nobody left waiting at the catch event; the boundary still listens while the task stays.
      expect((await h.api.post('/signal', { name: 'TamDung' })).status).toBe(204);
      expect(await tasks(a.id)).toEqual(['appraise', 'read', 'read', 'stopped']);
      expect((await h.api.post('/signal', {})).status).toBe(400);
    });

    it('a signal throw event in one instance reaches the others in the same transaction', async () => {
      const waiting = await start('signals');
      const thrower = await start('broadcaster');
      expect(await state(thrower.id)).toBe('COMPLETED');
      expect(await tasks(waiting.id)).toEqual(['appraise', 'read', 'stopped']);
      const [manual] = await h.api.ok(
        h.api.get(`/history/activity-instance?processInstanceId=${thrower.id}&activityId=manual`),
      );
      expect(manual.activityType).toBe('manualTask');
    });

    it('a message start event starts an instance when nobody waits (Camunda MessageCorrelationTest)', async () => {
      const res = await h.api.post('/message', {
        messageName: 'newInvoiceMessage',
        businessKey: 'hs-42',
        processVariables: { amount: { value: 500000, type: 'Long' } },
        resultEnabled: true,
      });
      expect(res.status).toBe(200);
      expect(res.body[0]).toMatchObject({ resultType: 'ProcessDefinition', execution: null });
      const pi = res.body[0].processInstance;
      expect(pi).toMatchObject({ businessKey: 'hs-42', ended: false });
      expect(await tasks(pi.id)).toEqual(['task']);
      const [hist] = await h.api.ok(h.api.get(`/history/process-instance?processInstanceId=${pi.id}`));
      expect(hist.startActivityId).toBe('theStart');
      const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
      expect(vars.amount).toEqual({ value: 500000, type: 'Long', valueInfo: {} });
    });

    it('an event-based gateway takes the first event and cancels the others (Camunda EventBasedGatewayTest)', async () => {
      const bySignal = await start('catchSignal');
      const byMessage = await start('catchSignal');
      const byTimer = await start('catchSignal');
      expect(await h.api.ok(h.api.get(`/job?processInstanceId=${bySignal.id}`))).toHaveLength(1);
      expect(
        (await h.api.post('/message', { messageName: 'newInvoice', processInstanceId: byMessage.id })).status,
      ).toBe(204);
      expect(await tasks(byMessage.id)).toEqual(['task3']);
      expect(await h.api.ok(h.api.get(`/job?processInstanceId=${byMessage.id}`))).toEqual([]);
      const [timerJob] = await h.api.ok(h.api.get(`/job?processInstanceId=${byTimer.id}`));
      expect((await h.api.post(`/job/${timerJob.id}/execute`)).status).toBe(204);
      expect(await tasks(byTimer.id)).toEqual(['task1']);
      // Only bySignal still waits for the signal.
      expect((await h.api.post('/signal', { name: 'alert' })).status).toBe(204);
      expect(await tasks(bySignal.id)).toEqual(['task2']);
      expect(await tasks(byTimer.id)).toEqual(['task1']);
      const [gw] = await h.api.ok(
        h.api.get(`/history/activity-instance?processInstanceId=${bySignal.id}&activityId=gw1`),
      );
      expect(gw.endTime).not.toBeNull();
      const caught = await h.api.ok(
        h.api.get(
          `/history/activity-instance?processInstanceId=${bySignal.id}&activityType=intermediateSignalCatch`,
        ),
      );
      expect(caught.map((a: { activityId: string }) => a.activityId)).toEqual(['signalEvent']);
    });

    it('a non-interrupting escalation from a subprocess adds a path (Camunda EscalationEventTest)', async () => {
      const pi = await start('escalationProcess');
      expect(await tasks(pi.id)).toEqual(['taskAfterCatchedEscalation', 'taskInSubprocess']);
    });

    it('refuses script tasks and Java delegates at deployment, naming the element', async () => {
      const xml = bpmn(
        'java-hooks',
        `<bpmn:startEvent id="s" />${flow('a', 's', 'script')}<bpmn:scriptTask id="script" scriptFormat="javascript"><bpmn:script>1</bpmn:script></bpmn:scriptTask>
       ${flow('b', 'script', 'java')}<bpmn:serviceTask id="java" camunda:class="vn.gov.Foo" />${flow('c', 'java', 'e')}<bpmn:endEvent id="e" />`,
      );
      const res = await h.api.deploy({ 'java-hooks.bpmn': xml }, { 'deployment-name': 'hooks' });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain("Element 'script' is a script task: scripts are not run");
      expect(res.body.message).toContain(
        "Element 'java' (bpmn:ServiceTask) uses camunda:class (a Java class)",
      );
    });
  },
);

// Fees: documents are checked always, an expert review when the amount is large, a site visit when
// asked; the inclusive join waits only for the paths actually taken.
const inclusive = bpmn(
  'inclusive',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'split')}
   <bpmn:inclusiveGateway id="split" default="fDocs" />
   ${flow('fDocs', 'split', 'docs')}${flow('fExpert', 'split', 'expert', '${amount > 1000}')}${flow('fVisit', 'split', 'visit', '${visit}')}
   <bpmn:userTask id="docs" />${flow('g1', 'docs', 'merge')}
   <bpmn:userTask id="expert" />${flow('g2', 'expert', 'expert2')}<bpmn:userTask id="expert2" />${flow('g3', 'expert2', 'merge')}
   <bpmn:userTask id="visit" />${flow('g4', 'visit', 'merge')}
   <bpmn:inclusiveGateway id="merge" />${flow('g5', 'merge', 'decide')}<bpmn:userTask id="decide" />${flow('g6', 'decide', 'end')}<bpmn:endEvent id="end" />`,
);

describe.each(dialects)('inclusive gateways on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'inclusive.bpmn': inclusive }));
  });
  const start = (variables: Record<string, unknown>) =>
    h.api.ok(h.api.post('/process-definition/key/inclusive/start', { variables }));
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
  const vars = (amount: number, visit: boolean) => ({
    amount: { value: amount, type: 'Long' },
    visit: { value: visit, type: 'Boolean' },
  });

  it('forks on every true condition and joins only the paths taken', async () => {
    const pi = await start(vars(5000, false));
    expect(await tasks(pi.id)).toEqual(['expert']);
    await complete(pi.id, 'expert');
    expect(await tasks(pi.id)).toEqual(['expert2']);
    await complete(pi.id, 'expert2');
    expect(await tasks(pi.id)).toEqual(['decide']);
    const merges = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=merge`),
    );
    expect(merges.every((m: { endTime: string | null }) => m.endTime !== null)).toBe(true);
  });

  it('waits for a token that can still arrive, however long its path', async () => {
    const pi = await start(vars(5000, true));
    expect(await tasks(pi.id)).toEqual(['expert', 'visit']);
    await complete(pi.id, 'visit');
    expect(await tasks(pi.id)).toEqual(['expert']);
    await complete(pi.id, 'expert');
    expect(await tasks(pi.id)).toEqual(['expert2']);
    await complete(pi.id, 'expert2');
    expect(await tasks(pi.id)).toEqual(['decide']);
    await complete(pi.id, 'decide');
    expect((await h.api.ok(h.api.get(`/history/process-instance/${pi.id}`))).state).toBe('COMPLETED');
  });

  it('takes the default flow when no condition holds', async () => {
    const pi = await start(vars(10, false));
    expect(await tasks(pi.id)).toEqual(['docs']);
    await complete(pi.id, 'docs');
    expect(await tasks(pi.id)).toEqual(['decide']);
  });
});
