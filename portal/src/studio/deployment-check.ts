import { lintDeployment, type LintMessage } from '../studio-lint/lint-deployment.js';

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
 * The studio's check before deploy. The deploy path depends on this type only (`studioChecker`
 * in studio-module.ts picks the implementation).
 */
export type DeploymentChecker = (input: CheckInput) => Promise<CheckResult>;

/**
 * The check: bpmnlint's recommended rules plus bpmnlint-plugin-motcua (`lintDeployment`, its
 * messages in Vietnamese), on the model and the ids of the forms deployed with it.
 */
export const motcuaDeploymentChecker: DeploymentChecker = async (input) => {
  const result = await lintDeployment({ bpmnXml: input.bpmnXml, formIds: input.formIds });
  const finding = (m: LintMessage): CheckFinding => ({
    elementId: m.id || null,
    rule: m.rule,
    message: m.message,
  });
  return { errors: result.errors.map(finding), warnings: result.warnings.map(finding) };
};
