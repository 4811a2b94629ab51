import { describe, expect, it, beforeAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// A link jumps across the diagram; the result notice is a message end event sent by a worker.
const linked = bpmn(
  'linked',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'go')}
   <bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition name="ToNotice" /></bpmn:intermediateThrowEvent>
   <bpmn:intermediateCatchEvent id="arrive"><bpmn:linkEventDefinition name="ToNotice" /></bpmn:intermediateCatchEvent>
   ${flow('b', 'arrive', 'notice')}
   <bpmn:endEvent id="notice"><bpmn:messageEventDefinition camunda:type="external" camunda:topic="notify.result" /></bpmn:endEvent>`,
);
// A ministry-wide campaign starts a report process by signal.
const campaign = bpmn(
  'campaign-report',
  `<bpmn:startEvent id="bySignal"><bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent>
   ${flow('a', 'bySignal', 'report')}<bpmn:userTask id="report" />${flow('b', 'report', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:signal id="S" name="ChienDichBaoCao" />',
);
// A called fee procedure refuses with a BPMN error; the caller's boundary catches it.
const caller = bpmn(
  'error-caller',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'call')}<bpmn:callActivity id="call" calledElement="error-callee" />
   ${flow('b', 'call', 'ok')}<bpmn:endEvent id="ok" />
   <bpmn:boundaryEvent id="refused" attachedToRef="call"><bpmn:errorEventDefinition errorRef="E" camunda:errorCodeVariable="code" /></bpmn:boundaryEvent>
   ${flow('c', 'refused', 'handle')}<bpmn:userTask id="handle" />${flow('d', 'handle', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:error id="E" errorCode="FEE_REFUSED" />',
);
const callee = bpmn(
  'error-callee',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'check')}<bpmn:userTask id="check" />${flow('b', 'check', 'fail')}
   <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="E" /></bpmn:endEvent>`,
  '<bpmn:error id="E" errorCode="FEE_REFUSED" />',
);

describe.each(dialects)(
  'link events, signal start, message end as external task, errors across call activities on $dialect',
  (factory) => {
    const h = useEngine(factory);
    beforeAll(async () => {
      await h.api.ok(
        h.api.deploy({
          'linked.bpmn': linked,
          'campaign.bpmn': campaign,
          'caller.bpmn': caller,
          'callee.bpmn': callee,
        }),
      );
    });
    const start = (key: string) => h.api.ok(h.api.post(`/process-definition/key/${key}/start`, {}));
    const state = async (pi: string) => (await h.api.ok(h.api.get(`/history/process-instance/${pi}`))).state;

    it('a link throw continues at its catch; a message end event is an external task', async () => {
      const pi = await start('linked');
      const [task] = await h.api.ok(
        h.api.post('/external-task/fetchAndLock', {
          workerId: 'w',
          maxTasks: 1,
          topics: [{ topicName: 'notify.result', lockDuration: 10_000 }],
        }),
      );
      expect(task).toMatchObject({ activityId: 'notice', processInstanceId: pi.id });
      const acts = await h.api.ok(
        h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&sortBy=startTime&sortOrder=asc`),
      );
      // No historic activity instance for the link events, as Operaton.
      expect(acts.map((a: { activityType: string }) => a.activityType)).toEqual([
        'startEvent',
        'messageEndEvent',
      ]);
      expect((await h.api.post(`/external-task/${task.id}/complete`, { workerId: 'w' })).status).toBe(204);
      expect(await state(pi.id)).toBe('COMPLETED');
    });

    it('a signal starts an instance at its signal start event', async () => {
      expect((await h.api.post('/signal', { name: 'ChienDichBaoCao' })).status).toBe(204);
      const [pi] = await h.api.ok(h.api.get('/process-instance?processDefinitionKey=campaign-report'));
      expect(pi).toBeDefined();
      const [hist] = await h.api.ok(h.api.get(`/history/process-instance?processInstanceId=${pi.id}`));
      expect(hist.startActivityId).toBe('bySignal');
    });

    it("an error end event in a called instance is caught by the call activity's boundary", async () => {
      const pi = await start('error-caller');
      const [child] = await h.api.ok(h.api.get(`/process-instance?superProcessInstance=${pi.id}`));
      const [check] = await h.api.ok(h.api.get(`/task?processInstanceId=${child.id}`));
      expect((await h.api.post(`/task/${check.id}/complete`, {})).status).toBe(204);
      const tasks = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
      expect(tasks.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['handle']);
      expect((await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`))).code.value).toBe(
        'FEE_REFUSED',
      );
      expect(await state(child.id)).toBe('INTERNALLY_TERMINATED');
    });
  },
);

describe.each(dialects)('a receive task without a message on $dialect', (factory) => {
  const h = useEngine(factory);
  it('deploys and waits in the receive task', async () => {
    const xml = bpmn(
      'plain-receive',
      `<bpmn:startEvent id="s" />${flow('a', 's', 'wait')}<bpmn:receiveTask id="wait" />${flow('b', 'wait', 'e')}<bpmn:endEvent id="e" />`,
    );
    await h.api.ok(h.api.deploy({ 'plain-receive.bpmn': xml }));
    const pi = await h.api.ok(h.api.post('/process-definition/key/plain-receive/start', {}));
    const [act] = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=wait`),
    );
    expect(act.endTime).toBeNull();
    expect(act.activityType).toBe('receiveTask');
  });
});

describe.each(dialects)('process and sequence-flow listeners on $dialect', (factory) => {
  const h = useEngine(factory);
  it('runs expression listeners on the process start and end and on a taken flow', async () => {
    const xml = bpmn(
      'listened',
      `<bpmn:extensionElements>
         <camunda:executionListener event="start" expression="\${execution.setVariable('startedBy', 'listener')}" />
         <camunda:executionListener event="end" expression="\${execution.setVariable('endedBy', 'listener')}" />
       </bpmn:extensionElements>
       <bpmn:startEvent id="s" />
       <bpmn:sequenceFlow id="a" sourceRef="s" targetRef="u"><bpmn:extensionElements>
         <camunda:executionListener event="take" expression="\${execution.setVariable('taken', true)}" />
       </bpmn:extensionElements></bpmn:sequenceFlow>
       <bpmn:userTask id="u" />${flow('b', 'u', 'e')}<bpmn:endEvent id="e" />`,
    );
    await h.api.ok(h.api.deploy({ 'listened.bpmn': xml }));
    const pi = await h.api.ok(h.api.post('/process-definition/key/listened/start', {}));
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.startedBy.value).toBe('listener');
    expect(vars.taken.value).toBe(true);
    const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    await h.api.ok(h.api.post(`/task/${task.id}/complete`, {}));
    const [ended] = await h.api.ok(
      h.api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=endedBy`),
    );
    expect(ended.value).toBe('listener');
  });

  it('refuses a class listener on a sequence flow, naming it', async () => {
    const xml = bpmn(
      'bad-listener',
      `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="a" sourceRef="s" targetRef="e"><bpmn:extensionElements>
         <camunda:executionListener event="take" class="vn.gov.Listener" />
       </bpmn:extensionElements></bpmn:sequenceFlow><bpmn:endEvent id="e" />`,
    );
    const res = await h.api.deploy({ 'bad-listener.bpmn': xml }, { 'deployment-name': 'bad-listener' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("Element 'a': only expression listeners are run by this engine");
  });
});

describe.each(dialects)('escalations across a call activity on $dialect', (factory) => {
  const h = useEngine(factory);
  it("a called instance's escalation reaches the call activity's non-interrupting boundary", async () => {
    const escalation = '<bpmn:escalation id="Esc" escalationCode="LATE" />';
    const parent = bpmn(
      'esc-caller',
      `<bpmn:startEvent id="s" />${flow('a', 's', 'call')}<bpmn:callActivity id="call" calledElement="esc-callee" />
       ${flow('b', 'call', 'e')}<bpmn:endEvent id="e" />
       <bpmn:boundaryEvent id="late" attachedToRef="call" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="Esc" /></bpmn:boundaryEvent>
       ${flow('c', 'late', 'remind')}<bpmn:userTask id="remind" />${flow('d', 'remind', 'e2')}<bpmn:endEvent id="e2" />`,
      escalation,
    );
    const child = bpmn(
      'esc-callee',
      `<bpmn:startEvent id="s" />${flow('a', 's', 'raise')}
       <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="Esc" /></bpmn:intermediateThrowEvent>
       ${flow('b', 'raise', 'work')}<bpmn:userTask id="work" />${flow('c', 'work', 'e')}<bpmn:endEvent id="e" />`,
      escalation,
    );
    await h.api.ok(h.api.deploy({ 'esc-caller.bpmn': parent, 'esc-callee.bpmn': child }));
    const pi = await h.api.ok(h.api.post('/process-definition/key/esc-caller/start', {}));
    const [sub] = await h.api.ok(h.api.get(`/process-instance?superProcessInstance=${pi.id}`));
    const keys = async (id: string) =>
      (await h.api.ok(h.api.get(`/task?processInstanceId=${id}`))).map(
        (t: { taskDefinitionKey: string }) => t.taskDefinitionKey,
      );
    expect(await keys(pi.id)).toEqual(['remind']);
    expect(await keys(sub.id)).toEqual(['work']);
  });
});
