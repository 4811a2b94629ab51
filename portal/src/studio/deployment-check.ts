import { flowElements, parseBpmn, processesOf, type ModdleNode } from './bpmn-parse.js';

/** One finding of the server-side check, its message in Vietnamese. */
export interface CheckFinding {
  /** The BPMN element it is about (null for the whole model). */
  elementId: string | null;
  rule: string;
  message: string;
}

export interface CheckResult {
  errors: CheckFinding[];
  warnings: CheckFinding[];
}

/** What is checked before a deploy: the draft's model and the ids of the forms deployed with it. */
export interface CheckInput {
  bpmnXml: string;
  formIds: string[];
  dmnXml: string | null;
}

/**
 * The studio's check before deploy. The deploy path depends on this type only, so the full
 * bpmnlint plugin (recommended rules + motcua's Vietnamese rules) plugs in as one line in
 * `studio-deps.ts`.
 */
export type DeploymentChecker = (input: CheckInput) => Promise<CheckResult>;

const label = (el: ModdleNode) => (el.name ? `“${el.name}” (${el.id})` : `${el.id}`);

/**
 * The studio's own minimal rules, used until the bpmnlint plugin is wired in: an executable
 * process, every user task with a candidate group (or user / assignee) and a form, every
 * `camunda:formRef` naming a form of the draft, and at least one end event. Parsing refuses
 * DOCTYPE/entities and oversized files (bpmn-parse.ts).
 */
export const basicDeploymentChecker: DeploymentChecker = async (input) => {
  const definitions = await parseBpmn(input.bpmnXml);
  const errors: CheckFinding[] = [];
  const warnings: CheckFinding[] = [];
  const forms = new Set(input.formIds);
  const processes = processesOf(definitions);
  if (!processes.length)
    errors.push({
      elementId: null,
      rule: 'process-required',
      message: 'Mô hình chưa có quy trình (process).',
    });
  for (const p of processes) {
    if (!p.get('isExecutable'))
      errors.push({
        elementId: p.id ?? null,
        rule: 'executable',
        message: `Quy trình ${label(p)} chưa được đánh dấu "thực thi được" (isExecutable).`,
      });
    if (!p.get('camunda:historyTimeToLive'))
      warnings.push({
        elementId: p.id ?? null,
        rule: 'history-time-to-live',
        message: `Quy trình ${label(p)} chưa có thời gian lưu lịch sử (historyTimeToLive).`,
      });
  }
  const elements = flowElements(definitions);
  if (processes.length && !elements.some((e) => e.$type === 'bpmn:EndEvent'))
    errors.push({
      elementId: null,
      rule: 'end-event-required',
      message: 'Quy trình chưa có sự kiện kết thúc.',
    });
  for (const el of elements) {
    const formRef = el.get('camunda:formRef') as string | undefined;
    if (el.$type === 'bpmn:UserTask') {
      const groups = el.get('camunda:candidateGroups') as string | undefined;
      const users = el.get('camunda:candidateUsers') as string | undefined;
      const assignee = el.get('camunda:assignee') as string | undefined;
      if (!groups?.trim() && !users?.trim() && !assignee?.trim())
        errors.push({
          elementId: el.id ?? null,
          rule: 'user-task-candidate-group',
          message: `Nhiệm vụ người dùng ${label(el)} chưa có nhóm xử lý (Candidate groups).`,
        });
      if (!formRef)
        errors.push({
          elementId: el.id ?? null,
          rule: 'user-task-form',
          message: `Nhiệm vụ người dùng ${label(el)} chưa có biểu mẫu (Form reference).`,
        });
    }
    if (formRef && !forms.has(formRef))
      errors.push({
        elementId: el.id ?? null,
        rule: 'form-exists',
        message: `${label(el)} tham chiếu biểu mẫu “${formRef}” không có trong bản nháp.`,
      });
  }
  return { errors, warnings };
};
