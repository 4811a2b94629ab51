import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// Regression (issue 5): deleting a CALLED instance left its caller waiting forever in the call
// activity. Operaton cancels the call activity instance in the caller, as a modification would.
const lone = bpmn(
  'del-caller-lone',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'call')}
   <bpmn:callActivity id="call" calledElement="del-child" />
   ${flow('f1', 'call', 'end')}<bpmn:endEvent id="end" />`,
);
const forked = bpmn(
  'del-caller-forked',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
   ${flow('f1', 'fork', 'call')}${flow('f2', 'fork', 'review')}
   <bpmn:callActivity id="call" calledElement="del-child" />${flow('f3', 'call', 'afterCall')}
   <bpmn:userTask id="afterCall" />${flow('f4', 'afterCall', 'end1')}<bpmn:endEvent id="end1" />
   <bpmn:userTask id="review" />${flow('f5', 'review', 'end2')}<bpmn:endEvent id="end2" />`,
);
const child = bpmn(
  'del-child',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'pay')}<bpmn:userTask id="pay" />${flow('b', 'pay', 'e')}<bpmn:endEvent id="e" />`,
);

describe.each(dialects)('deleting a called process instance on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'lone.bpmn': lone, 'forked.bpmn': forked, 'child.bpmn': child }));
  });
  const start = (key: string) => h.api.ok(h.api.post(`/process-definition/key/${key}/start`, {}));
  const childOf = async (pi: string) => {
    const list = await h.api.ok(h.api.get(`/process-instance?superProcessInstance=${pi}`));
    expect(list).toHaveLength(1);
    return list[0];
  };
  const callActivityHistory = async (pi: string) => {
    const [act] = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi}&activityId=call`),
    );
    return act;
  };

  it('cancels the call activity, and a caller left without tokens ends', async () => {
    const caller = await start('del-caller-lone');
    const called = await childOf(caller.id);
    expect((await h.api.call('DELETE', `/process-instance/${called.id}?deleteReason=withdrawn`)).status).toBe(
      204,
    );

    expect((await h.api.ok(h.api.get(`/history/process-instance/${called.id}`))).state).toBe(
      'EXTERNALLY_TERMINATED',
    );
    expect((await h.api.get(`/process-instance/${caller.id}`)).status).toBe(404);
    const hist = await h.api.ok(h.api.get(`/history/process-instance/${caller.id}`));
    expect(hist.state).toBe('EXTERNALLY_TERMINATED');
    expect(hist.endTime).not.toBeNull();
    const act = await callActivityHistory(caller.id);
    expect(act.canceled).toBe(true);
    expect(act.endTime).not.toBeNull();
  });

  it('leaves the caller running on its other paths', async () => {
    const caller = await start('del-caller-forked');
    const called = await childOf(caller.id);
    expect((await h.api.call('DELETE', `/process-instance/${called.id}`)).status).toBe(204);

    const tree = await h.api.ok(h.api.get(`/process-instance/${caller.id}/activity-instances`));
    expect(tree.childActivityInstances.map((a: { activityId: string }) => a.activityId)).toEqual(['review']);
    expect((await callActivityHistory(caller.id)).canceled).toBe(true);
    // The flow after the call activity is not taken: the instance ends with its last path.
    const [review] = await h.api.ok(h.api.get(`/task?processInstanceId=${caller.id}`));
    expect(review.taskDefinitionKey).toBe('review');
    await h.api.ok(h.api.post(`/task/${review.id}/complete`, {}));
    expect((await h.api.ok(h.api.get(`/history/process-instance/${caller.id}`))).state).toBe('COMPLETED');
  });
});
