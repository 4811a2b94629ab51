import { describe, expect, it, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();
const conformance = (name: string) =>
  readFileSync(new URL(`./reference/conformance-bpmn/${name}`, import.meta.url), 'utf8');

const cond = (c: string, extra = '') =>
  `<bpmn:conditionalEventDefinition${extra}><bpmn:condition xsi:type="bpmn:tFormalExpression">${c}</bpmn:condition></bpmn:conditionalEventDefinition>`;
// The dossier waits until the fee is paid; while the officer reviews, a "complete = false" change
// interrupts the review.
const waits = bpmn(
  'conditional',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'paid')}
   <bpmn:intermediateCatchEvent id="paid">${cond('${paidAmount >= 500000}')}</bpmn:intermediateCatchEvent>
   ${flow('b', 'paid', 'review')}<bpmn:userTask id="review" />${flow('c', 'review', 'e')}<bpmn:endEvent id="e" />
   <bpmn:boundaryEvent id="incomplete" attachedToRef="review">${cond('${complete == false}', ' camunda:variableName="complete"')}</bpmn:boundaryEvent>
   ${flow('d', 'incomplete', 'supplement')}<bpmn:userTask id="supplement" />${flow('f', 'supplement', 'e2')}<bpmn:endEvent id="e2" />`,
);

describe.each(dialects)('conditional events on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(
      h.api.deploy({
        'conditional.bpmn': waits,
        'conditional-sub.bpmn20.xml': conformance(
          'EventSubProcessStartConditionalEventTest.testNonInterruptingVariableConditionWithHistory.bpmn20.xml',
        ),
      }),
    );
  });
  const tasks = async (pi: string): Promise<string[]> =>
    (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`)))
      .map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)
      .sort();
  const setVar = (pi: string, name: string, value: unknown, type: string) =>
    h.api.ok(h.api.post(`/process-instance/${pi}/variables`, { modifications: { [name]: { value, type } } }));

  it('a catch event waits for its condition; a boundary condition on a named variable interrupts', async () => {
    const pi = await h.api.ok(h.api.post('/process-definition/key/conditional/start', {}));
    expect(await tasks(pi.id)).toEqual([]);
    await setVar(pi.id, 'paidAmount', 100000, 'Long');
    expect(await tasks(pi.id)).toEqual([]);
    await setVar(pi.id, 'paidAmount', 500000, 'Long');
    expect(await tasks(pi.id)).toEqual(['review']);
    await setVar(pi.id, 'other', false, 'Boolean'); // not the named variable
    await setVar(pi.id, 'complete', true, 'Boolean');
    expect(await tasks(pi.id)).toEqual(['review']);
    await setVar(pi.id, 'complete', false, 'Boolean');
    expect(await tasks(pi.id)).toEqual(['supplement']);
  });

  it('a catch event already true passes at once', async () => {
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/conditional/start', {
        variables: { paidAmount: { value: 900000, type: 'Long' } },
      }),
    );
    expect(await tasks(pi.id)).toEqual(['review']);
  });

  it('a non-interrupting conditional event subprocess on variable updates (EventSubProcessStartConditionalEventTest)', async () => {
    const pi = await h.api.ok(h.api.post('/process-definition/key/conditionalEventProcess/start', {}));
    expect(await tasks(pi.id)).toEqual(['Task_0grf7zs']);
    await setVar(pi.id, 'variable', 1, 'Integer'); // a create, not an update
    expect(await tasks(pi.id)).toEqual(['Task_0grf7zs']);
    await setVar(pi.id, 'variable', 1, 'Integer');
    expect(await tasks(pi.id)).toEqual(['Task_0grf7zs', 'Task_1k0ye5k']);
  });
});
