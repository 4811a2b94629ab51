import { describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// Processes started only by a condition on the variables given to POST /condition (the same
// models and calls were run on Operaton 1.0.3).
const conditional = (id: string, condition: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs_${id}" targetNamespace="http://motcua.test">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="Start_${id}">
      <bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${condition}</bpmn:condition></bpmn:conditionalEventDefinition>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f" sourceRef="Start_${id}" targetRef="review" />
    <bpmn:userTask id="review" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dialects)('POST /condition on $dialect', (factory) => {
  const h = useEngine(factory);
  const temp = (value: number) => ({ temp: { value, type: 'Integer' } });

  it('without any conditional start event deployed, answers ENGINE-13043 as Operaton', async () => {
    const res = await h.api.post('/condition', { variables: temp(5) });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({
      type: 'ProcessEngineException',
      message: 'ENGINE-13043 No subscriptions were found during evaluation of the conditional start events.',
    });
  });

  it('starts the processes whose condition holds, with the variables and business key', async () => {
    await h.api.ok(
      h.api.deploy({
        'hot.bpmn': conditional('cond-hot', '${temp &gt; 30}'),
        'cold.bpmn': conditional('cond-cold', '${temp &lt; 10}'),
        'other.bpmn': conditional('cond-other', '${pressure &gt; 2}'),
      }),
    );
    const started = await h.api.ok(h.api.post('/condition', { variables: temp(5), businessKey: 'HS-1' }));
    expect(started).toEqual([
      expect.objectContaining({ definitionKey: 'cond-cold', businessKey: 'HS-1', ended: false, links: [] }),
    ]);
    const pi = started[0].id;
    expect(await h.api.ok(h.api.get(`/process-instance/${pi}/variables`))).toEqual({
      temp: { type: 'Integer', value: 5, valueInfo: {} },
    });
    const acts = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi}&sortBy=startTime&sortOrder=asc`),
    );
    expect(
      acts.map((a: { activityId: string; activityType: string }) => [a.activityId, a.activityType]),
    ).toEqual([
      ['Start_cond-cold', 'conditionalStartEvent'],
      ['review', 'userTask'],
    ]);
    expect((await h.api.ok(h.api.get(`/history/process-instance/${pi}`))).startActivityId).toBe(
      'Start_cond-cold',
    );

    // Nothing holds (an unknown variable makes a condition false): nothing starts.
    expect(await h.api.ok(h.api.post('/condition', { variables: temp(20) }))).toEqual([]);
    expect(await h.api.ok(h.api.post('/condition', {}))).toEqual([]);
  });

  it('limits the evaluation to one definition when asked, and refuses an unknown one', async () => {
    const [hot] = await h.api.ok(h.api.get('/process-definition?key=cond-hot'));
    expect(
      await h.api.ok(h.api.post('/condition', { variables: temp(5), processDefinitionId: hot.id })),
    ).toEqual([]);
    const started = await h.api.ok(
      h.api.post('/condition', { variables: temp(50), processDefinitionId: hot.id }),
    );
    expect(started.map((s: { definitionId: string }) => s.definitionId)).toEqual([hot.id]);
    const unknown = await h.api.post('/condition', { variables: temp(5), processDefinitionId: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe(
      "no deployed process definition found with id 'nope': processDefinition is null",
    );
    // A process whose only start event is conditional also starts by key, there (as Operaton).
    const byKey = await h.api.ok(h.api.post('/process-definition/key/cond-hot/start', {}));
    expect(byKey.definitionKey).toBe('cond-hot');
  });

  it('only the latest version of a key listens', async () => {
    await h.api.ok(h.api.deploy({ 'cold.bpmn': conditional('cond-cold', '${temp &lt; 0}') }));
    expect(await h.api.ok(h.api.post('/condition', { variables: temp(5) }))).toEqual([]);
    const started = await h.api.ok(h.api.post('/condition', { variables: temp(-5) }));
    expect(started).toHaveLength(1);
    const def = await h.api.ok(
      h.api.get(`/process-definition/${encodeURIComponent(started[0].definitionId)}`),
    );
    expect(def).toMatchObject({ key: 'cond-cold', version: 2 });
  });
});
