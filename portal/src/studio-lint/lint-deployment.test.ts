import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it, jest } from '@jest/globals';
import { TOPICS, generateCatalogue, loadCatalogue, loadProcedureDescriptions } from '@motcua/processes';
import { BpmnInputError, lintDeployment, type LintMessage, type LintResult } from './lint-deployment.js';

// Each check runs in a worker thread: generous, never asserted.
jest.setTimeout(120_000);

/** A process model without diagram (bpmnlint's `no-bpmndi` fires on it: filter by rule). */
function model(body: string, processExtras = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Test" targetNamespace="http://motcua.test">
  <bpmn:process id="Process_Test" name="Thử" isExecutable="true">${processExtras}
    <bpmn:startEvent id="StartEvent_Submitted" name="Nộp"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
}

/** start → one element (the given XML, id `X`, flows Flow_1 in, Flow_2 out) → end. */
function oneStep(element: string): string {
  return model(`${element}
    <bpmn:endEvent id="EndEvent_Done" name="Xong"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Submitted" targetRef="X" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="X" targetRef="EndEvent_Done" />`);
}

const userTask = (attrs: string) =>
  oneStep(
    `<bpmn:userTask id="X" name="Thẩm định" ${attrs}><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:userTask>`,
  );
const GOOD_TASK =
  'camunda:candidateGroups="chuyen-vien" camunda:formRef="f-appraise" camunda:formRefBinding="deployment"';
const serviceTask = (attrs: string) =>
  oneStep(
    `<bpmn:serviceTask id="X" name="Tiếp nhận" ${attrs}><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:serviceTask>`,
  );

const of = (r: LintResult, rule: string): Array<Pick<LintMessage, 'id' | 'message' | 'category'>> =>
  [...r.errors, ...r.warnings]
    .filter((m) => m.rule === rule)
    .map(({ id, message, category }) => ({ id, message, category }));

describe('lintDeployment: motcua rules, one passing and one failing model each', () => {
  it('user-task-candidate-group', async () => {
    expect(
      of(await lintDeployment({ bpmnXml: userTask(GOOD_TASK) }), 'motcua/user-task-candidate-group'),
    ).toEqual([]);
    const r = await lintDeployment({
      bpmnXml: userTask('camunda:formRef="f-appraise" camunda:formRefBinding="deployment"'),
    });
    expect(of(r, 'motcua/user-task-candidate-group')).toEqual([
      {
        id: 'X',
        category: 'error',
        message: 'Nhiệm vụ người dùng chưa có nhóm xử lý (camunda:candidateGroups).',
      },
    ]);
  });

  it('user-task-form', async () => {
    expect(of(await lintDeployment({ bpmnXml: userTask(GOOD_TASK) }), 'motcua/user-task-form')).toEqual([]);
    const r = await lintDeployment({ bpmnXml: userTask('camunda:candidateGroups="chuyen-vien"') });
    expect(of(r, 'motcua/user-task-form')).toEqual([
      { id: 'X', category: 'error', message: 'Nhiệm vụ người dùng chưa gắn biểu mẫu (camunda:formRef).' },
    ]);
  });

  it('form-ref-binding (a warning)', async () => {
    expect(of(await lintDeployment({ bpmnXml: userTask(GOOD_TASK) }), 'motcua/form-ref-binding')).toEqual([]);
    const r = await lintDeployment({
      bpmnXml: userTask('camunda:candidateGroups="chuyen-vien" camunda:formRef="f-appraise"'),
    });
    expect(of(r, 'motcua/form-ref-binding')).toEqual([
      {
        id: 'X',
        category: 'warn',
        message:
          'Biểu mẫu nên được gắn với binding "deployment" để mỗi phiên bản quy trình dùng đúng biểu mẫu được triển khai cùng nó.',
      },
    ]);
    expect(r.warnings.map((m) => m.rule)).toContain('motcua/form-ref-binding');
  });

  it('external-task-topic: only topics our workers handle', async () => {
    const ok = await lintDeployment({
      bpmnXml: serviceTask(`camunda:type="external" camunda:topic="${TOPICS.receiveDossier}"`),
    });
    expect(of(ok, 'motcua/external-task-topic')).toEqual([]);
    const unknown = await lintDeployment({
      bpmnXml: serviceTask('camunda:type="external" camunda:topic="payment.request-fee"'),
    });
    expect(of(unknown, 'motcua/external-task-topic')).toEqual([
      { id: 'X', category: 'error', message: 'Topic "payment.request-fee" không có worker nào xử lý.' },
    ]);
    const none = await lintDeployment({ bpmnXml: serviceTask('camunda:type="external"') });
    expect(of(none, 'motcua/external-task-topic')).toEqual([
      { id: 'X', category: 'error', message: 'Tác vụ ngoài chưa có topic (camunda:topic).' },
    ]);
  });

  it('the topic list is generated from TOPICS of @motcua/processes (npm run build regenerates it)', () => {
    const require = createRequire(import.meta.url);
    expect(require('bpmnlint-plugin-motcua/generated/topics.js')).toEqual(TOPICS);
  });

  it('form-exists: every formRef names a form of the deployment', async () => {
    const bpmnXml = userTask(GOOD_TASK);
    expect(of(await lintDeployment({ bpmnXml, formIds: ['f-appraise'] }), 'motcua/form-exists')).toEqual([]);
    // Without the deployment's forms the rule cannot know, and says nothing.
    expect(of(await lintDeployment({ bpmnXml }), 'motcua/form-exists')).toEqual([]);
    const r = await lintDeployment({ bpmnXml, formIds: new Set(['f-other']) });
    expect(of(r, 'motcua/form-exists')).toEqual([
      { id: 'X', category: 'error', message: 'Biểu mẫu "f-appraise" không có trong gói triển khai.' },
    ]);
  });

  it('path-to-end: a loop without exit is reported on each of its nodes', async () => {
    expect(of(await lintDeployment({ bpmnXml: userTask(GOOD_TASK) }), 'motcua/path-to-end')).toEqual([]);
    const looping = model(`
      <bpmn:exclusiveGateway id="Gateway_Split" name="Chia" default="Flow_2"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing><bpmn:outgoing>Flow_3</bpmn:outgoing></bpmn:exclusiveGateway>
      <bpmn:endEvent id="EndEvent_Done" name="Xong"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
      <bpmn:userTask id="UserTask_A" name="A" ${GOOD_TASK}><bpmn:incoming>Flow_3</bpmn:incoming><bpmn:incoming>Flow_5</bpmn:incoming><bpmn:outgoing>Flow_4</bpmn:outgoing></bpmn:userTask>
      <bpmn:userTask id="UserTask_B" name="B" ${GOOD_TASK}><bpmn:incoming>Flow_4</bpmn:incoming><bpmn:outgoing>Flow_5</bpmn:outgoing></bpmn:userTask>
      <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Submitted" targetRef="Gateway_Split" />
      <bpmn:sequenceFlow id="Flow_2" sourceRef="Gateway_Split" targetRef="EndEvent_Done" />
      <bpmn:sequenceFlow id="Flow_3" sourceRef="Gateway_Split" targetRef="UserTask_A"><bpmn:conditionExpression>\${x}</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Flow_4" sourceRef="UserTask_A" targetRef="UserTask_B" />
      <bpmn:sequenceFlow id="Flow_5" sourceRef="UserTask_B" targetRef="UserTask_A" />`);
    const message = 'Từ phần tử này không có đường đi nào tới sự kiện kết thúc.';
    expect(of(await lintDeployment({ bpmnXml: looping }), 'motcua/path-to-end')).toEqual([
      { id: 'UserTask_A', category: 'error', message },
      { id: 'UserTask_B', category: 'error', message },
    ]);
  });

  it('legal-clock-timers: due dates, reminder and apology when the procedure has a legal clock', async () => {
    const clock = `<bpmn:extensionElements><camunda:executionListener expression="\${execution.setVariable(&quot;legalClock&quot;, '{}')}" event="start" /></bpmn:extensionElements>`;
    // The generated 1.009846 has a legal clock and all of it.
    const generated = readFileSync(
      new URL('../../../processes/generated/most-chung-chi-nhan-vien-buc-xa/process.bpmn', import.meta.url),
      'utf8',
    );
    expect(generated).toContain('&quot;legalClock&quot;');
    expect(of(await lintDeployment({ bpmnXml: generated }), 'motcua/legal-clock-timers')).toEqual([]);
    // A model marking its legal clock (the generator's listener) without due date or timers.
    const bare = model(
      `<bpmn:userTask id="X" name="Thẩm định" ${GOOD_TASK}><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:userTask>
      <bpmn:endEvent id="EndEvent_Done" name="Xong"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Submitted" targetRef="X" />
      <bpmn:sequenceFlow id="Flow_2" sourceRef="X" targetRef="EndEvent_Done" />`,
      clock,
    );
    const expected = [
      {
        id: 'X',
        category: 'error',
        message:
          'Thủ tục có thời hạn giải quyết: nhiệm vụ người dùng này chưa có hạn xử lý (camunda:dueDate).',
      },
      {
        id: 'Process_Test',
        category: 'error',
        message:
          'Thủ tục có thời hạn giải quyết nhưng chưa có bộ hẹn giờ nhắc hạn (sự kiện hẹn giờ dẫn tới tác vụ notify.escalate).',
      },
      {
        id: 'Process_Test',
        category: 'error',
        message:
          'Thủ tục có thời hạn giải quyết nhưng chưa có bộ hẹn giờ quá hạn gửi văn bản xin lỗi (sự kiện hẹn giờ dẫn tới tác vụ dossier.apology).',
      },
    ];
    expect(of(await lintDeployment({ bpmnXml: bare }), 'motcua/legal-clock-timers')).toEqual(expected);
    // The caller (the catalogue) may say it instead of the model: on, and off.
    expect(
      of(
        await lintDeployment({ bpmnXml: userTask(GOOD_TASK), legalClock: true }),
        'motcua/legal-clock-timers',
      ),
    ).toEqual(expected);
    expect(
      of(await lintDeployment({ bpmnXml: bare, legalClock: false }), 'motcua/legal-clock-timers'),
    ).toEqual([]);
  });

  it("bpmnlint's recommended rules report in Vietnamese", async () => {
    const r = await lintDeployment({
      bpmnXml: oneStep(
        `<bpmn:task id="X"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:task>`,
      ),
    });
    expect(of(r, 'label-required')).toEqual([
      { id: 'X', category: 'error', message: 'Phần tử chưa có tên.' },
    ]);
    expect(of(r, 'no-bpmndi')).toContainEqual({
      id: 'X',
      category: 'error',
      message: 'Phần tử chưa có thông tin sơ đồ (BPMNDI).',
    });
    const english = /\b(is|are|has|must|missing|element)\b/i;
    for (const m of [...r.errors, ...r.warnings])
      expect([m.rule, english.test(m.message)]).toEqual([m.rule, false]);
  });
});

describe('lintDeployment: input it refuses (Vietnamese, nothing parsed)', () => {
  it('a DOCTYPE or ENTITY', async () => {
    const xml = userTask(GOOD_TASK).replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    );
    await expect(lintDeployment({ bpmnXml: xml })).rejects.toThrow(
      new BpmnInputError('Tệp BPMN không được chứa khai báo DOCTYPE hay ENTITY.'),
    );
  });

  it('a file over the size limit', async () => {
    const big = `${userTask(GOOD_TASK)}<!-- ${'x'.repeat(3000)} -->`;
    await expect(lintDeployment({ bpmnXml: big, maxBytes: 2048 })).rejects.toThrow(
      'Tệp BPMN quá lớn (tối đa 2 KB).',
    );
  });

  it('not XML, or not BPMN', async () => {
    await expect(lintDeployment({ bpmnXml: '<bpmn:definitions' })).rejects.toThrow(
      /^Không đọc được tệp BPMN/,
    );
    await expect(lintDeployment({ bpmnXml: '   ' })).rejects.toThrow('Tệp BPMN trống.');
  });
});

describe('every catalogue procedure lints without errors', () => {
  const legalClockOf = new Map(
    loadProcedureDescriptions().map((d) => [d.description.id, d.generation.legalClock !== null]),
  );
  const formIds = (forms: Record<string, string>) =>
    Object.entries(forms)
      .filter(([name]) => name.endsWith('.form'))
      .map(([, content]) => (JSON.parse(content) as { id: string }).id);

  it('the generated models (every current catalogue procedure), with their forms and the catalogue legal clock', async () => {
    const { generated } = generateCatalogue();
    // Every description but the superseded versions (kept for history, never generated).
    expect(generated.length).toBe(
      loadProcedureDescriptions().filter((d) => d.description.status?.kind !== 'superseded').length,
    );
    const findings: Record<string, LintMessage[]> = {};
    for (const g of generated) {
      const r = await lintDeployment({
        bpmnXml: g.files['process.bpmn']!,
        formIds: formIds(g.files),
        legalClock: legalClockOf.get(g.descriptionId)!,
      });
      if (r.errors.length || r.warnings.length) findings[g.key] = [...r.errors, ...r.warnings];
    }
    expect(findings).toEqual({});
  });

  it('the hand-modelled ones, with their forms (legal clock as the model marks it)', async () => {
    const hand = loadCatalogue();
    expect(hand.length).toBeGreaterThan(0);
    for (const e of hand) {
      const r = await lintDeployment({ bpmnXml: e.bpmnXml, formIds: Object.keys(e.forms) });
      expect([e.key, r]).toEqual([e.key, { errors: [], warnings: [] }]);
    }
  });

  it('known gap: the hand-modelled 1.009846 has no dossier-life timers, though the catalogue gives it a legal clock', async () => {
    const skeleton = loadCatalogue().find((e) => e.code === '1.009846')!;
    expect(legalClockOf.get('1.009846')).toBe(true);
    const r = await lintDeployment({ bpmnXml: skeleton.bpmnXml, legalClock: true });
    expect(new Set(r.errors.map((m) => m.rule))).toEqual(new Set(['motcua/legal-clock-timers']));
  });
});
