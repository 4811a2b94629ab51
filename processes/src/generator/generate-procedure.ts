import { createHash } from 'node:crypto';
import type { ProcedureDescription } from '../catalogue/procedure-description.js';
import { slugifyVi } from '../catalogue/csv/slug.js';
import { writeBpmn } from './bpmn-xml.js';
import {
  appraisalBlock,
  completenessBlock,
  deadlinePathsBlock,
  decisionAndReturnBlock,
  extraStepBlock,
  extraStepDeadlinePrefixes,
  feeBlock,
  mainClockBlock,
  paymentBlock,
  receiptBlock,
  submissionBlock,
  withdrawalBlock,
} from './dossier-life-blocks.js';
import { feeDecisionTable } from './fee-dmn.js';
import {
  applicationForm,
  appraiseForm,
  approveForm,
  checkCompletenessForm,
  extraStepForm,
  supplementForm,
} from './forms.js';
import { describeLegalClock } from '../deadlines/legal-clock.js';
import { ProcessGraph } from './process-graph.js';
import { generationFacts, withStandardDossierLife } from './standard-dossier-life.js';

/** What the generator writes for one procedure: file name → content (`process.bpmn`, `*.form`, `fee.dmn`). */
export interface GeneratedProcedure {
  key: string;
  descriptionId: string;
  files: Record<string, string>;
}

/**
 * Why a description cannot be generated; empty = it can. A description without sourced steps gets
 * the standard dossier life (`withStandardDossierLife`); one whose own steps leave out a step of
 * that life is refused rather than completed by guessing where the missing step goes.
 */
export function generationProblems(d: ProcedureDescription): string[] {
  const problems: string[] = [];
  const kinds = new Set(d.steps.map((s) => s.kind));
  if (d.steps.length > 0)
    for (const k of [
      'receive',
      'completeness-check',
      'appraisal',
      'leader-approval',
      'result-return',
    ] as const)
      if (!kinds.has(k)) problems.push(`no "${k}" step`);
  const seen = new Set<string>();
  for (const s of d.steps) {
    if (seen.has(s.kind)) problems.push(`step "${s.kind}" listed twice`);
    seen.add(s.kind);
  }
  return problems;
}

/**
 * `processKey` when the description has one, else `most-<slug>`: the slug of the id when the id is
 * already a slug of the name, else (a national code) of the name without its "Thủ tục" prefix.
 */
export function generatedProcessKey(d: ProcedureDescription): string {
  if (d.processKey) return d.processKey;
  const base = d.code === d.id ? d.name.vi.replace(/^thủ tục\s+/i, '') : d.id;
  const slug = slugifyVi(base, 60);
  // Two long names can share their first 60 characters (a procedure and its provincial variant):
  // a cut slug gets a short digest of the whole description id, so keys stay unique and stable.
  if (slug === slugifyVi(base, 1000)) return `most-${slug}`;
  const digest = createHash('sha256').update(d.id).digest('hex').slice(0, 6);
  return `most-${slugifyVi(base, 52)}-${digest}`;
}

export class GenerationError extends Error {
  constructor(
    readonly descriptionId: string,
    readonly problems: string[],
  ) {
    super(`${descriptionId}: cannot generate: ${problems.join('; ')}`);
    this.name = 'GenerationError';
  }
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/**
 * The electronic result is signed before it is returned (Decree 45/2020/NĐ-CP: an electronic
 * result carries the issuing unit's digital signature), in every generated procedure: a
 * description that names its own signing step keeps its name. A platform step, not a legal fact
 * of the procedure, so nothing is flagged. The `signing.sign-result` worker does it.
 */
const SIGNING_STEP: ProcedureDescription['steps'][number] = {
  kind: 'signing',
  nameVi: 'Ký số kết quả điện tử',
  optional: false,
};

/**
 * Procedure description → BPMN (Camunda 7, with diagram), form-js forms and, for tiered fees, a
 * DMN fee table. Pure and deterministic: no clock, no random ids. Unknown steps and form fields
 * are the standard dossier life's (flagged in the model's comment and in `generationFacts`).
 */
export function generateProcedure(description: ProcedureDescription): GeneratedProcedure {
  const problems = generationProblems(description);
  if (problems.length) throw new GenerationError(description.id, problems);
  const facts = generationFacts(description);
  const d = withStandardDossierLife(description);
  const key = generatedProcessKey(d);
  const step = (kind: string) => d.steps.find((s) => s.kind === kind);
  const graph = new ProcessGraph();
  const ctx = { graph, key, description: d, facts };

  const appraisal = step('appraisal')!;
  const extra = d.steps.filter((s) => ['expert-council', 'site-inspection', 'consultation'].includes(s.kind));
  const files: Record<string, string> = {};

  let at = submissionBlock(ctx);
  at = receiptBlock(ctx, at, step('receive')!);
  const check = completenessBlock(ctx, at, step('completeness-check')!);
  let condition: string | undefined = check.completeCondition;
  at = check.complete;
  const dmn = feeDecisionTable(key, d);
  if (dmn) {
    at = feeBlock(ctx, at, condition);
    condition = undefined;
    files['fee.dmn'] = dmn;
  }
  if (facts.paymentStep) {
    at = paymentBlock(ctx, at, condition);
    condition = undefined;
  }
  if (facts.mainClockStep) {
    at = mainClockBlock(ctx, at, condition);
    condition = undefined;
  }
  at = appraisalBlock(ctx, at, appraisal, condition);
  for (const s of extra) at = extraStepBlock(ctx, at, s, appraisal.candidateGroup ?? 'chuyen-vien');
  decisionAndReturnBlock(
    ctx,
    at,
    step('leader-approval')!,
    step('result-return')!,
    step('signing') ?? SIGNING_STEP,
  );
  deadlinePathsBlock(ctx, ['', ...extra.flatMap(extraStepDeadlinePrefixes), 'ApproveDossier']);
  withdrawalBlock(ctx);

  files['process.bpmn'] = writeBpmn(graph, {
    key,
    name: d.name.vi,
    comment: [
      `  ${d.name.vi}${d.code ? ` (mã TTHC ${d.code})` : ''}, ${d.unit.nameVi ?? 'cơ quan thực hiện chưa rõ'}.`,
      `  Generated by motcua from processes/catalogue/${d.id}.json — do not edit; edit the description.`,
      `  Processing time as stated: ${d.processingTime?.asStated ?? 'unknown'}; review status: ${d.review.status}.`,
      `  stepsFromStandardDossierLife: ${facts.stepsFromStandardDossierLife}; publishable: ${facts.publishable}.`,
      ...(facts.legalClock ? [`  Legal clock: ${describeLegalClock(facts.legalClock)}.`] : []),
      ...facts.flags.map((f) => `  Flag: ${f}.`),
    ].join('\n'),
  });
  const forms = [
    applicationForm(key, d),
    checkCompletenessForm(key, d, step('completeness-check')!),
    supplementForm(key, d),
    appraiseForm(
      key,
      appraisal,
      extra.filter((s) => s.optional),
    ),
    ...extra.map((s) => extraStepForm(key, s)),
    approveForm(key, step('leader-approval')!),
  ];
  for (const f of forms) files[`${f.id.slice(key.length + 1)}.form`] = json(f);
  return { key, descriptionId: d.id, files };
}
