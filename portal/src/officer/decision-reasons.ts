import type { FieldError, FormSchema } from '@motcua/forms';

/**
 * The law asks for reasons with every negative decision (Decree 118/2025/NĐ-CP: a refusal is
 * answered in writing "nêu rõ lý do"; a supplement request names what is missing). form-js cannot
 * make a field required only for one answer without FEEL, and the server does not trust the
 * browser anyway, so these rules run on the server when an officer completes a task, after the
 * form's own validation. Each rule: the task, the answer that needs a reason, the reason's field.
 */
interface ReasonRule {
  taskDefinitionKey: string;
  /** True when the answer is negative and needs a reason. */
  needsReason: (values: Record<string, unknown>) => boolean;
  reasonField: string;
  message: string;
}

/** A reason shorter than this says nothing ("không", "x"). */
export const MIN_REASON_LENGTH = 10;

export const REASON_RULES: ReasonRule[] = [
  {
    taskDefinitionKey: 'UserTask_ApproveDossier',
    needsReason: (v) => v.approved === false,
    reasonField: 'decisionNote',
    message: `Vui lòng nêu rõ lý do không phê duyệt (ít nhất ${MIN_REASON_LENGTH} ký tự): lý do được ghi trong văn bản từ chối gửi tổ chức, cá nhân.`,
  },
  {
    taskDefinitionKey: 'UserTask_CheckCompleteness',
    needsReason: (v) => v.complete === false,
    reasonField: 'completenessNote',
    message: `Vui lòng nêu rõ thành phần còn thiếu, chưa hợp lệ hoặc lý do không tiếp nhận (ít nhất ${MIN_REASON_LENGTH} ký tự).`,
  },
  {
    taskDefinitionKey: 'UserTask_AppraiseDossier',
    needsReason: (v) => v.recommendation === 'refuse' || v.recommendation === false,
    reasonField: 'appraisalNote',
    message: `Vui lòng nêu rõ lý do đề nghị không cấp (ít nhất ${MIN_REASON_LENGTH} ký tự).`,
  },
];

function labelOf(form: FormSchema | null, key: string): string {
  const c = form?.components.find((x) => x.key === key);
  return c?.label ?? key;
}

/** The missing reasons of a task's answer (empty when none is missing or the form has no such field). */
export function missingReasons(
  taskDefinitionKey: string,
  values: Record<string, unknown>,
  form: FormSchema | null,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const rule of REASON_RULES) {
    if (rule.taskDefinitionKey !== taskDefinitionKey || !rule.needsReason(values)) continue;
    // A form without the reason's field cannot give one; the rule is for forms that ask it.
    if (form && !form.components.some((c) => c.key === rule.reasonField)) continue;
    const reason = values[rule.reasonField];
    if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH)
      errors.push({ field: rule.reasonField, label: labelOf(form, rule.reasonField), message: rule.message });
  }
  return errors;
}
