import { describe, expect, it, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();
const conformance = (name: string) =>
  readFileSync(new URL(`./reference/conformance-bpmn/${name}`, import.meta.url), 'utf8');

// A fee is collected and a permit reserved; when the dossier is refused both are undone, most
// recent first, before the refusal is sent (a compensation end event).
const refund = bpmn(
  'refund',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'collectFee')}
   <bpmn:userTask id="collectFee" />${flow('b', 'collectFee', 'reserve')}<bpmn:userTask id="reserve" />${flow('c', 'reserve', 'decide')}
   <bpmn:exclusiveGateway id="decide" />${flow('ok', 'decide', 'done', '${approved}')}${flow('no', 'decide', 'undoAll', '${!approved}')}
   <bpmn:endEvent id="done" /><bpmn:endEvent id="undoAll"><bpmn:compensateEventDefinition /></bpmn:endEvent>
   <bpmn:boundaryEvent id="cFee" attachedToRef="collectFee"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
   <bpmn:boundaryEvent id="cReserve" attachedToRef="reserve"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
   <bpmn:userTask id="refundFee" isForCompensation="true" /><bpmn:userTask id="release" isForCompensation="true" />
   <bpmn:association id="as1" associationDirection="One" sourceRef="cFee" targetRef="refundFee" />
   <bpmn:association id="as2" associationDirection="One" sourceRef="cReserve" targetRef="release" />`,
);

describe.each(dialects)('compensation on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(
      h.api.deploy({
        'refund.bpmn': refund,
        'compensate.bpmn20.xml': conformance(
          'CompensateEventTest.testCompensateSubprocessWithBoundaryEvent.bpmn20.xml',
        ),
      }),
    );
  });
  const tasks = async (pi: string): Promise<string[]> =>
    (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`)))
      .map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)
      .sort();
  const complete = async (pi: string, key: string, variables: Record<string, unknown> = {}) => {
    const [t] = (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}&taskDefinitionKey=${key}`))) as {
      id: string;
    }[];
    await h.api.ok(h.api.post(`/task/${t!.id}/complete`, { variables }));
  };
  const state = async (pi: string) => (await h.api.ok(h.api.get(`/history/process-instance/${pi}`))).state;

  it('a compensation throw runs the handler of the completed subprocess, then goes on (CompensateEventTest)', async () => {
    const pi = await h.api.ok(h.api.post('/process-definition/key/compensateProcess/start', {}));
    expect(await tasks(pi.id)).toEqual(['undoSubprocess']);
    await complete(pi.id, 'undoSubprocess');
    const [before] = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=beforeEnd`),
    );
    expect(before.endTime).toBeNull();
    const [thrown] = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=throwCompensate`),
    );
    expect(thrown.endTime).not.toBeNull();
  });

  it('a compensation end event undoes every completed activity before the instance ends', async () => {
    const pi = await h.api.ok(h.api.post('/process-definition/key/refund/start', {}));
    await complete(pi.id, 'collectFee');
    await complete(pi.id, 'reserve', { approved: { value: false, type: 'Boolean' } });
    expect(await tasks(pi.id)).toEqual(['refundFee', 'release']);
    await complete(pi.id, 'release');
    expect(await state(pi.id)).toBe('ACTIVE');
    await complete(pi.id, 'refundFee');
    expect(await state(pi.id)).toBe('COMPLETED');
  });

  it('nothing to compensate when approved: the handlers never run', async () => {
    const pi = await h.api.ok(h.api.post('/process-definition/key/refund/start', {}));
    await complete(pi.id, 'collectFee');
    await complete(pi.id, 'reserve', { approved: { value: true, type: 'Boolean' } });
    expect(await state(pi.id)).toBe('COMPLETED');
    const handlers = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=refundFee`),
    );
    expect(handlers).toEqual([]);
  });
});
