import { describe, expect, it, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();
const conformance = (name: string) =>
  readFileSync(new URL(`./reference/conformance-bpmn/${name}`, import.meta.url), 'utf8');

const dmn = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="fees" name="fees" namespace="http://motcua.test">${body}</definitions>`;
const rule = (id: string, inputs: string[], outputs: string[]) =>
  `<rule id="${id}">${inputs.map((t) => `<inputEntry><text>${t}</text></inputEntry>`).join('')}${outputs
    .map((t) => `<outputEntry><text>${t}</text></outputEntry>`)
    .join('')}</rule>`;
const table = (
  id: string,
  hitPolicy: string,
  aggregation: string | null,
  outputValues: string,
  rules: string,
) =>
  `<decision id="${id}" name="${id}"><decisionTable id="t_${id}" hitPolicy="${hitPolicy}"${aggregation ? ` aggregation="${aggregation}"` : ''}>
     <input id="${id}_i1" label="Loại hồ sơ"><inputExpression id="${id}_e1" typeRef="string"><text>kind</text></inputExpression></input>
     <input id="${id}_i2" label="Số người"><inputExpression id="${id}_e2" typeRef="integer"><text>people</text></inputExpression></input>
     <output id="${id}_o1" name="fee" typeRef="integer">${outputValues}</output>${rules}</decisionTable></decision>`;
// Fees of a radiation-worker certificate: by dossier kind and number of workers.
const fees = dmn(
  table(
    'fee-unique',
    'UNIQUE',
    null,
    '',
    rule('u1', ['"new"', '&lt;= 10'], ['500000']) +
      rule('u2', ['"new"', '&gt; 10'], ['1000000']) +
      rule('u3', ['"renew"', '-'], ['250000']),
  ) +
    table(
      'fee-overlap',
      'UNIQUE',
      null,
      '',
      rule('o1', ['-', '-'], ['1']) + rule('o2', ['"new"', '-'], ['2']),
    ) +
    table(
      'fee-first',
      'FIRST',
      null,
      '',
      rule('f1', ['-', '&gt; 5'], ['900000']) + rule('f2', ['-', '-'], ['100000']),
    ) +
    table(
      'fee-sum',
      'COLLECT',
      'SUM',
      '',
      rule('s1', ['-', '&gt;= 1'], ['100000']) + rule('s2', ['"new"', '-'], ['50000']),
    ) +
    table(
      'fee-priority',
      'PRIORITY',
      null,
      '<outputValues><text>300,200,100</text></outputValues>',
      rule('p1', ['-', '-'], ['100']) +
        rule('p2', ['-', '&gt; 1'], ['300']) +
        rule('p3', ['-', '-'], ['200']),
    ) +
    `<decision id="fee-total" name="fee-total"><informationRequirement><requiredDecision href="#fee-unique" /></informationRequirement>
       <variable name="total" /><literalExpression><text>fee * 1.1</text></literalExpression></decision>`,
);
const feeProcess = bpmn(
  'fee-process',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'compute')}
   <bpmn:businessRuleTask id="compute" camunda:decisionRef="invoice-assign-approver" camunda:mapDecisionResult="collectEntries" camunda:resultVariable="groups" />
   ${flow('b', 'compute', 'e')}<bpmn:endEvent id="e" />`,
);

describe.each(dialects)('DMN decisions on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(
      h.api.deploy({
        'decision-ref.bpmn20.xml': conformance('DmnBusinessRuleTaskTest.testDecisionRef.bpmn20.xml'),
        'decision-okay.dmn': conformance('DmnBusinessRuleTaskTest.testDecisionOkay.dmn'),
        'invoiceBusinessDecisions.dmn': conformance('invoiceBusinessDecisions.dmn'),
        'fees.dmn': fees,
        'fee-process.bpmn': feeProcess,
      }),
    );
  });
  const evaluate = (key: string, variables: Record<string, unknown>) =>
    h.api.post(`/decision-definition/key/${key}/evaluate`, { variables });
  const vars = (kind: string, people: number) => ({
    kind: { value: kind, type: 'String' },
    people: { value: people, type: 'Integer' },
  });

  it('a business rule task maps a single entry into its result variable (DmnBusinessRuleTaskTest.testDecisionRef)', async () => {
    const pi = await h.api.ok(h.api.post('/process-definition/key/testProcess/start', {}));
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(vars.result).toEqual({ value: 'okay', type: 'String', valueInfo: {} });
  });

  it('a DRD: the required decision feeds a COLLECT table (invoiceBusinessDecisions)', async () => {
    const small = await evaluate('invoice-assign-approver', {
      amount: { value: 100, type: 'Double' },
      invoiceCategory: { value: 'Misc', type: 'String' },
    });
    expect(small.status).toBe(200);
    expect(small.body).toEqual([
      { result: { value: 'accounting', type: 'String', valueInfo: {} } },
      { result: { value: 'sales', type: 'String', valueInfo: {} } },
    ]);
    const big = await h.api.ok(
      evaluate('invoice-assign-approver', {
        amount: { value: 5000, type: 'Double' },
        invoiceCategory: { value: 'Misc', type: 'String' },
      }),
    );
    expect(big).toEqual([{ result: { value: 'management', type: 'String', valueInfo: {} } }]);
  });

  it('hit policies UNIQUE, FIRST, COLLECT SUM and PRIORITY; a literal expression over a required decision', async () => {
    expect(await h.api.ok(evaluate('fee-unique', vars('new', 12)))).toEqual([
      { fee: { value: 1000000, type: 'Integer', valueInfo: {} } },
    ]);
    expect(await h.api.ok(evaluate('fee-unique', vars('other', 1)))).toEqual([]);
    // Two matching rules in a UNIQUE table are an error.
    const broken = await evaluate('fee-overlap', vars('new', 5));
    expect(broken.status).toBe(500);
    expect(broken.body.message).toContain("DMN-03001 Hit policy 'UNIQUE' only allows a single rule to match");
    expect((await h.api.ok(evaluate('fee-first', vars('new', 8))))[0].fee.value).toBe(900000);
    expect((await h.api.ok(evaluate('fee-sum', vars('new', 3))))[0].fee.value).toBe(150000);
    expect((await h.api.ok(evaluate('fee-priority', vars('new', 3))))[0].fee.value).toBe(300);
    expect((await h.api.ok(evaluate('fee-priority', vars('new', 1))))[0].fee.value).toBe(200);
    const total = await h.api.ok(evaluate('fee-total', vars('renew', 1)));
    expect(total[0].total.value).toBeCloseTo(275000);
  });

  it('collectEntries in a process; unknown keys are 404', async () => {
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/fee-process/start', {
        variables: {
          amount: { value: 100, type: 'Double' },
          invoiceCategory: { value: 'Misc', type: 'String' },
        },
      }),
    );
    const [groups] = await h.api.ok(
      h.api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=groups`),
    );
    expect(JSON.parse(groups.value)).toEqual(['accounting', 'sales']);
    expect((await evaluate('nope', {})).status).toBe(404);
    const defs = await h.api.ok(h.api.get('/decision-definition?key=fee-unique'));
    expect(defs[0]).toMatchObject({ key: 'fee-unique', version: 1, resource: 'fees.dmn' });
  });

  it('refuses a broken DMN at deployment', async () => {
    const res = await h.api.deploy(
      { 'broken.dmn': dmn('<decision id="x"><context /></decision>') },
      { 'deployment-name': 'broken' },
    );
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('ParseException');
    expect(res.body.message).toContain("Decision 'x'");
  });
});
