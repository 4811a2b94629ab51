import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { T0, useEngine } from './harness.js';

const dialects = await testDatabases();

// A fee that depends on a required decision (a COLLECT SUM): two decision instances per
// evaluation, the required one pointing at the one asked for. Shapes as Operaton 1.0.3 answers.
const dmn = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Defs_dh" name="DH" namespace="http://motcua.test">
  <decision id="dh-fee" name="Lệ phí">
    <informationRequirement id="IR1"><requiredDecision href="#dh-base" /></informationRequirement>
    <decisionTable id="T1" hitPolicy="FIRST">
      <input id="In_Cat" label="Loại"><inputExpression id="IE1" typeRef="string"><text>category</text></inputExpression></input>
      <input id="In_Base" label="Cơ sở"><inputExpression id="IE2" typeRef="integer"><text>base</text></inputExpression></input>
      <output id="Out_Fee" label="Phí" name="fee" typeRef="integer" />
      <rule id="R1"><inputEntry id="a1"><text>"new"</text></inputEntry><inputEntry id="a2"><text>-</text></inputEntry><outputEntry id="o1"><text>base * 2</text></outputEntry></rule>
      <rule id="R2"><inputEntry id="b1"><text>-</text></inputEntry><inputEntry id="b2"><text>-</text></inputEntry><outputEntry id="o2"><text>base</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="dh-base" name="Cơ sở">
    <decisionTable id="T2" hitPolicy="COLLECT" aggregation="SUM">
      <input id="In_N" label="N"><inputExpression id="IE3" typeRef="integer"><text>n</text></inputExpression></input>
      <output id="Out_Base" name="base" typeRef="integer" />
      <rule id="S1"><inputEntry id="c1"><text>&gt; 0</text></inputEntry><outputEntry id="p1"><text>100</text></outputEntry></rule>
      <rule id="S2"><inputEntry id="c2"><text>&gt; 1</text></inputEntry><outputEntry id="p2"><text>50</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
const process = bpmn(
  'dh-process',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'Task_Fee')}
   <bpmn:businessRuleTask id="Task_Fee" camunda:decisionRef="dh-fee" camunda:resultVariable="fee" camunda:mapDecisionResult="singleEntry" />
   ${flow('b', 'Task_Fee', 'wait')}<bpmn:userTask id="wait" />${flow('c', 'wait', 'e')}<bpmn:endEvent id="e" />`,
);

describe.each(dialects)('decision history on $dialect', (factory) => {
  const h = useEngine(factory);
  let pi: string;
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'dh.dmn': dmn, 'dh.bpmn': process }));
    // One evaluation through the REST API at T0, one by a business rule task an hour later.
    await h.api.ok(
      h.api.post('/decision-definition/key/dh-fee/evaluate', {
        variables: { category: { value: 'renewal', type: 'String' }, n: { value: 1, type: 'Integer' } },
      }),
    );
    h.clock.advance(3_600_000);
    pi = (
      await h.api.ok(
        h.api.post('/process-definition/key/dh-process/start', {
          variables: { category: { value: 'new', type: 'String' }, n: { value: 2, type: 'Integer' } },
        }),
      )
    ).id;
  });

  it('records the business rule task with its inputs, matched rules and outputs', async () => {
    expect(await h.api.ok(h.api.get(`/process-instance/${pi}/variables/fee`))).toMatchObject({ value: 300 });
    const rows = await h.api.ok(
      h.api.get(
        `/history/decision-instance?processInstanceId=${pi}&includeInputs=true&includeOutputs=true&sortBy=evaluationTime&sortOrder=asc`,
      ),
    );
    expect(rows).toHaveLength(2);
    const [fee, base] = rows[0].decisionDefinitionKey === 'dh-fee' ? rows : [rows[1], rows[0]];
    expect(fee).toMatchObject({
      decisionDefinitionKey: 'dh-fee',
      decisionDefinitionName: 'Lệ phí',
      processDefinitionKey: 'dh-process',
      processInstanceId: pi,
      activityId: 'Task_Fee',
      rootDecisionInstanceId: null,
      evaluationTime: '2026-11-27T11:00:00.000+0000',
    });
    expect(fee.decisionDefinitionId).toMatch(/^dh-fee:/);
    expect(fee.activityInstanceId).toEqual(expect.any(String));
    expect(fee.inputs.map((i: { clauseId: string; value: unknown }) => [i.clauseId, i.value])).toEqual([
      ['In_Base', 150],
      ['In_Cat', 'new'],
    ]);
    expect(fee.outputs).toEqual([
      expect.objectContaining({
        clauseId: 'Out_Fee',
        clauseName: 'Phí',
        ruleId: 'R1',
        ruleOrder: 1,
        variableName: 'fee',
        value: 300,
      }),
    ]);
    expect(base).toMatchObject({ decisionDefinitionKey: 'dh-base', rootDecisionInstanceId: fee.id });
    expect(base.collectResultValue).toBe(150);
    expect(base.outputs.map((o: { ruleId: string; value: number }) => [o.ruleId, o.value])).toEqual([
      ['S1', 100],
      ['S2', 50],
    ]);
  });

  it('records REST evaluations and filters by definition, root, time and id', async () => {
    const count = async (query: string) =>
      (await h.api.ok(h.api.get(`/history/decision-instance/count?${query}`))).count;
    expect(await count('')).toBe(4);
    expect(await count('rootDecisionInstancesOnly=true')).toBe(2);
    expect(await count('decisionDefinitionKey=dh-base')).toBe(2);
    expect(await count('decisionDefinitionKeyIn=dh-base,dh-fee&processInstanceId=' + pi)).toBe(2);
    const t = (ms: number) => encodeURIComponent(new Date(T0.getTime() + ms).toISOString());
    expect(await count(`evaluatedBefore=${t(60_000)}`)).toBe(2);
    expect(await count(`evaluatedAfter=${t(60_000)}`)).toBe(2);
    expect(await count(`evaluatedAfter=${t(-60_000)}&evaluatedBefore=${t(60_000)}`)).toBe(2);

    const [rest] = await h.api.ok(
      h.api.get(`/history/decision-instance?rootDecisionInstancesOnly=true&evaluatedBefore=${t(60_000)}`),
    );
    expect(rest).toMatchObject({
      processInstanceId: null,
      activityId: null,
      decisionDefinitionKey: 'dh-fee',
    });
    expect(rest).not.toHaveProperty('inputs');
    const one = await h.api.ok(h.api.get(`/history/decision-instance/${rest.id}?includeOutputs=true`));
    expect(one.outputs).toEqual([expect.objectContaining({ ruleId: 'R2', value: 100 })]);
    const defId = one.decisionDefinitionId;
    expect(await count(`decisionDefinitionId=${encodeURIComponent(defId)}`)).toBe(2);

    const missing = await h.api.get('/history/decision-instance/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe("Historic decision instance with id 'nope' does not exist");
    expect((await h.api.get('/history/decision-instance?evaluatedAfter=gestern')).status).toBe(400);
  });

  it('deploys a file of several decisions as a decision requirements definition', async () => {
    const drds = await h.api.ok(h.api.get('/decision-requirements-definition?key=Defs_dh'));
    expect(drds).toEqual([
      expect.objectContaining({
        key: 'Defs_dh',
        name: 'DH',
        category: 'http://motcua.test',
        version: 1,
        resource: 'dh.dmn',
      }),
    ]);
    const drd = drds[0];
    expect(drd.id).toMatch(/^Defs_dh:1:/);
    expect(
      await h.api.ok(h.api.get(`/decision-requirements-definition/${encodeURIComponent(drd.id)}`)),
    ).toEqual(drd);
    expect(await h.api.ok(h.api.get('/decision-requirements-definition/key/Defs_dh'))).toEqual(drd);
    const xml = await h.api.ok(h.api.get('/decision-requirements-definition/key/Defs_dh/xml'));
    expect(xml.id).toBe(drd.id);
    expect(xml.dmnXml).toContain('id="Defs_dh"');
    expect(await h.api.ok(h.api.get('/decision-requirements-definition/count?latestVersion=true'))).toEqual({
      count: 1,
    });
    // Its decisions and their history name it.
    const fee = await h.api.ok(h.api.get('/decision-definition/key/dh-fee'));
    expect(fee).toMatchObject({
      decisionRequirementsDefinitionId: drd.id,
      decisionRequirementsDefinitionKey: 'Defs_dh',
    });
    const [row] = await h.api.ok(
      h.api.get(`/history/decision-instance?processInstanceId=${pi}&decisionDefinitionKey=dh-fee`),
    );
    expect(row.decisionRequirementsDefinitionId).toBe(drd.id);
    const byDrd = await h.api.ok(
      h.api.get(
        `/history/decision-instance/count?decisionRequirementsDefinitionId=${encodeURIComponent(drd.id)}`,
      ),
    );
    expect(byDrd.count).toBe(4);
    // Unknown ids and keys, in Operaton's statuses.
    expect((await h.api.get('/decision-requirements-definition/nope')).status).toBe(400);
    const noKey = await h.api.get('/decision-requirements-definition/key/nope');
    expect(noKey.status).toBe(404);
    expect(noKey.body.message).toBe(
      'No matching decision requirements definition with key: nope and no tenant-id',
    );
    // A file with a single decision has none.
    await h.api.ok(
      h.api.deploy({
        'single.dmn': `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Defs_single" name="S" namespace="http://motcua.test">
  <decision id="single" name="S"><literalExpression id="L"><text>1</text></literalExpression><variable name="one" /></decision>
</definitions>`,
      }),
    );
    expect(await h.api.ok(h.api.get('/decision-requirements-definition/count'))).toEqual({ count: 1 });
  });

  it('serves the DMN XML of a decision definition by id and by key', async () => {
    const byKey = await h.api.ok(h.api.get('/decision-definition/key/dh-base/xml'));
    expect(byKey.id).toMatch(/^dh-base:/);
    expect(byKey.dmnXml).toContain('<decision id="dh-base" name="Cơ sở">');
    const byId = await h.api.ok(h.api.get(`/decision-definition/${encodeURIComponent(byKey.id)}/xml`));
    expect(byId).toEqual(byKey);
    const unknownKey = await h.api.get('/decision-definition/key/nope/xml');
    expect(unknownKey.status).toBe(404);
    expect(unknownKey.body).toMatchObject({
      type: 'RestException',
      message: 'No matching decision definition with key: nope and no tenant-id',
    });
    expect((await h.api.get('/decision-definition/nope/xml')).status).toBe(404);
  });

  it('answers the tenant twins, diagrams (none) and DRD statistics', async () => {
    await h.api.ok(h.api.deploy({ 'dh.dmn': dmn }, { 'deployment-name': 'tenant', 'tenant-id': 'so-hn' }));
    const ofTenant = await h.api.ok(h.api.get('/decision-definition/key/dh-fee/tenant-id/so-hn'));
    expect(ofTenant).toMatchObject({ key: 'dh-fee', tenantId: 'so-hn' });
    expect(ofTenant.decisionRequirementsDefinitionId).toMatch(/^Defs_dh:2:/);
    expect((await h.api.ok(h.api.get('/decision-definition/key/dh-fee/tenant-id/so-hn/xml'))).id).toBe(
      ofTenant.id,
    );
    const result = await h.api.ok(
      h.api.post('/decision-definition/key/dh-fee/tenant-id/so-hn/evaluate', {
        variables: { category: { value: 'new', type: 'String' }, n: { value: 1, type: 'Integer' } },
      }),
    );
    expect(result).toEqual([{ fee: { type: 'Integer', value: 200, valueInfo: {} } }]);
    const noTenant = await h.api.get('/decision-definition/key/dh-fee/tenant-id/nope');
    expect(noTenant.status).toBe(404);
    expect(noTenant.body.message).toBe(
      'No matching decision definition with key: dh-fee and tenant-id: nope',
    );

    for (const path of [
      `/decision-definition/${encodeURIComponent(ofTenant.id)}/diagram`,
      '/decision-definition/key/dh-fee/diagram',
      '/decision-definition/key/dh-fee/tenant-id/so-hn/diagram',
      '/decision-requirements-definition/key/Defs_dh/diagram',
      '/decision-requirements-definition/key/Defs_dh/tenant-id/so-hn/diagram',
    ])
      expect((await h.api.get(path)).status).toBe(204);
    expect((await h.api.get('/decision-definition/nope/diagram')).status).toBe(404);

    const [drd] = await h.api.ok(
      h.api.get('/decision-requirements-definition?key=Defs_dh&withoutTenantId=true'),
    );
    expect(
      (await h.api.get(`/decision-requirements-definition/${encodeURIComponent(drd.id)}/diagram`)).status,
    ).toBe(204);
    const stats = (q = '') =>
      h.api.ok(
        h.api.get(`/history/decision-requirements-definition/${encodeURIComponent(drd.id)}/statistics${q}`),
      );
    expect(await stats()).toEqual([
      { decisionDefinitionKey: 'dh-base', evaluations: 2 },
      { decisionDefinitionKey: 'dh-fee', evaluations: 2 },
    ]);
    const [root] = await h.api.ok(
      h.api.get(`/history/decision-instance?processInstanceId=${pi}&rootDecisionInstancesOnly=true`),
    );
    expect(await stats(`?decisionInstanceId=${root.id}`)).toEqual([
      { decisionDefinitionKey: 'dh-base', evaluations: 1 },
      { decisionDefinitionKey: 'dh-fee', evaluations: 1 },
    ]);
    expect((await h.api.get('/history/decision-requirements-definition/nope/statistics')).status).toBe(500);
  });

  it("goes with the instance's history; REST evaluations stay", async () => {
    expect((await h.api.call('DELETE', `/process-instance/${pi}`)).status).toBe(204);
    expect((await h.api.call('DELETE', `/history/process-instance/${pi}`)).status).toBe(204);
    const count = async (q: string) =>
      (await h.api.ok(h.api.get(`/history/decision-instance/count?${q}`))).count;
    expect(await count(`processInstanceId=${pi}`)).toBe(0);
    expect(await count('decisionDefinitionKey=dh-fee')).toBe(2); // at T0 and for the tenant
  });
});
