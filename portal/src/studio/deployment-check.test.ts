import { describe, expect, it } from '@jest/globals';
import { basicDeploymentChecker } from './deployment-check.js';

const model = (body: string, attrs = 'isExecutable="true" camunda:historyTimeToLive="P30D"') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
  <bpmn:process id="p" ${attrs}>${body}</bpmn:process>
</bpmn:definitions>`;
const task = (extra: string) =>
  `<bpmn:startEvent id="s" camunda:formRef="f-start"/><bpmn:userTask id="t" name="Thẩm định" ${extra}/><bpmn:endEvent id="e"/>`;
const rules = async (xml: string, formIds = ['f-start', 'f-task']) => {
  const r = await basicDeploymentChecker({ bpmnXml: xml, formIds, dmnXml: null });
  return { errors: r.errors.map((f) => f.rule), warnings: r.warnings.map((f) => f.rule), all: r };
};

describe('the studio check before deploy', () => {
  it('passes a model whose user task has a candidate group and an existing form', async () => {
    expect(await rules(model(task('camunda:candidateGroups="g" camunda:formRef="f-task"')))).toMatchObject({
      errors: [],
      warnings: [],
    });
  });

  it('user task without candidate group, user or assignee: error in Vietnamese', async () => {
    const r = await rules(model(task('camunda:formRef="f-task"')));
    expect(r.errors).toEqual(['user-task-candidate-group']);
    expect(r.all.errors[0]!.message).toBe(
      'Nhiệm vụ người dùng “Thẩm định” (t) chưa có nhóm xử lý (Candidate groups).',
    );
    expect((await rules(model(task('camunda:assignee="u" camunda:formRef="f-task"')))).errors).toEqual([]);
  });

  it('user task without a form, and a form reference that is not in the draft', async () => {
    expect((await rules(model(task('camunda:candidateGroups="g"')))).errors).toEqual(['user-task-form']);
    expect((await rules(model(task('camunda:candidateGroups="g" camunda:formRef="khac"')))).errors).toEqual([
      'form-exists',
    ]);
  });

  it('not executable, no end event, no history time to live', async () => {
    const ok = task('camunda:candidateGroups="g" camunda:formRef="f-task"');
    expect((await rules(model(ok, 'isExecutable="false" camunda:historyTimeToLive="P1D"'))).errors).toEqual([
      'executable',
    ]);
    expect((await rules(model(ok.replace('<bpmn:endEvent id="e"/>', '')))).errors).toEqual([
      'end-event-required',
    ]);
    expect((await rules(model(ok, 'isExecutable="true"'))).warnings).toEqual(['history-time-to-live']);
  });

  it('refuses a DOCTYPE (entities) and an unreadable file with a Vietnamese message', async () => {
    const xxe = model(task('')).replace(
      '<bpmn:definitions',
      '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><bpmn:definitions',
    );
    await expect(rules(xxe)).rejects.toThrow(/DOCTYPE/);
    await expect(rules('<bpmn:definitions')).rejects.toThrow(/không đọc được/);
    await expect(rules(model('x'.repeat(3 * 1024 * 1024)))).rejects.toThrow(/quá lớn/);
  });
});
