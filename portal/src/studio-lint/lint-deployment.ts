import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserInputError } from '@motcua/domain';

/**
 * The server's check of a process model before a deploy (issue 9, "Check"): bpmnlint's
 * recommended rules plus our plugin `bpmnlint-plugin-motcua` (the same `.bpmnlintrc` the studio
 * packs for the modeler), each message in Vietnamese. Errors block the deploy, warnings are shown.
 * The XML is parsed with bpmn-moddle and camunda-bpmn-moddle, after a size limit and a refusal of
 * any DOCTYPE (bpmn-moddle's parser resolves no external entities, but a DOCTYPE has no business
 * in BPMN and is where entity tricks start), in a worker thread with a time limit
 * (`bpmnlint-plugin-motcua/lint-worker.mjs`).
 */

const require = createRequire(import.meta.url);
/** The plugin's worker script (plain ESM, run by Node itself — also under jest). */
const LINT_WORKER = pathToFileURL(require.resolve('bpmnlint-plugin-motcua/lint-worker.mjs'));

type WorkerAnswer =
  | { ok: true; findings: Array<{ rule: string; id: string; category: string; message: string }> }
  | { ok: false; reason: 'unreadable' | 'not-bpmn' | 'failed'; detail: string };

/** Largest BPMN file accepted by default: 2 MiB (the generated models are about 60 KB). */
export const DEFAULT_MAX_BPMN_BYTES = 2 * 1024 * 1024;

export interface LintMessage {
  /** The element the message is about (the process id for process-wide findings). */
  id: string;
  /** `motcua/<rule>` for ours, bpmnlint's rule name (`label-required`, …) for the recommended ones. */
  rule: string;
  /** Vietnamese. */
  message: string;
  category: 'error' | 'warn' | 'info';
}

export interface LintResult {
  /** Block the deploy. */
  errors: LintMessage[];
  /** Shown, not blocking (bpmnlint's `warn` and `info`). */
  warnings: LintMessage[];
}

export interface LintDeploymentInput {
  /** The `.bpmn` file as deployed. */
  bpmnXml: string;
  /**
   * The ids of the `.form` files deployed with it (`camunda:formRef` must name one of them).
   * Omitted → the `form-exists` rule checks nothing.
   */
  formIds?: Iterable<string>;
  /**
   * Whether the procedure has a legal clock (the catalogue knows: `generationFacts().legalClock`).
   * Omitted → the model says so itself (the generator's `legalClock` variable at receipt).
   */
  legalClock?: boolean;
  /** Largest XML in bytes (UTF-8). Default DEFAULT_MAX_BPMN_BYTES. */
  maxBytes?: number;
  /** Time limit of the check in ms. Default DEFAULT_LINT_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** The BPMN file cannot be checked at all (too large, a DOCTYPE, not BPMN): a Vietnamese message. */
export class BpmnInputError extends UserInputError {}

/** Default time limit of one check. */
export const DEFAULT_LINT_TIMEOUT_MS = 20_000;

/** Refuses what no procedure model needs before anything parses it: too large, a DOCTYPE or ENTITY. */
export function checkBpmnInput(xml: string, maxBytes = DEFAULT_MAX_BPMN_BYTES): void {
  if (typeof xml !== 'string' || xml.trim() === '') throw new BpmnInputError('Tệp BPMN trống.');
  if (Buffer.byteLength(xml, 'utf8') > maxBytes)
    throw new BpmnInputError(`Tệp BPMN quá lớn (tối đa ${Math.floor(maxBytes / 1024)} KB).`);
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml))
    throw new BpmnInputError('Tệp BPMN không được chứa khai báo DOCTYPE hay ENTITY.');
}

function runWorker(xml: string, rules: Record<string, unknown>, timeoutMs: number): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LINT_WORKER, { workerData: { xml, rules } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new BpmnInputError('Kiểm tra mô hình BPMN quá thời gian cho phép.'));
    }, timeoutMs);
    worker.once('message', (answer: WorkerAnswer) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(answer);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * Lints one process model as it is about to be deployed. Throws BpmnInputError (Vietnamese) when
 * the file cannot be checked; otherwise every finding, in Vietnamese, split into errors and warnings.
 */
export async function lintDeployment(input: LintDeploymentInput): Promise<LintResult> {
  checkBpmnInput(input.bpmnXml, input.maxBytes);
  const rules: Record<string, unknown> = {};
  if (input.formIds !== undefined) rules['motcua/form-exists'] = ['error', { formIds: [...input.formIds] }];
  if (input.legalClock !== undefined)
    rules['motcua/legal-clock-timers'] = ['error', { legalClock: input.legalClock }];
  const answer = await runWorker(input.bpmnXml, rules, input.timeoutMs ?? DEFAULT_LINT_TIMEOUT_MS);
  if (!answer.ok) {
    if (answer.reason === 'unreadable') throw new BpmnInputError(`Không đọc được tệp BPMN: ${answer.detail}`);
    if (answer.reason === 'not-bpmn')
      throw new BpmnInputError('Tệp không phải là một mô hình BPMN 2.0 (thiếu phần tử definitions).');
    throw new Error(`bpmnlint failed: ${answer.detail}`);
  }
  const result: LintResult = { errors: [], warnings: [] };
  for (const f of answer.findings) {
    const category = f.category === 'error' || f.category === 'warn' ? f.category : 'info';
    (category === 'error' ? result.errors : result.warnings).push({
      id: f.id,
      rule: f.rule,
      message: f.message,
      category,
    });
  }
  return result;
}
