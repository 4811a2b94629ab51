import { VIETNAM_UTC_OFFSET } from '@motcua/domain';
import type { ProcedureDescription } from '../catalogue/procedure-description.js';
import { serializeLegalClock } from '../deadlines/legal-clock.js';
import { TOPICS } from '../topics.js';
import { ProcessGraph, pascalCase } from './process-graph.js';
import type { GenerationFacts } from './standard-dossier-life.js';
import { xmlEscape } from './xml.js';

/**
 * The legal dossier life (Decree 118/2025/NĐ-CP) as building blocks the generator composes into
 * one process per procedure. Each block adds its elements to the graph and returns the id the next
 * block connects from. Blocks are templates rather than call activities so every generated process
 * keeps the skeleton's element ids at its top level (the portal derives the national status from
 * them, docs/skeleton-contract.md) and a process designer sees the whole procedure in one diagram.
 */

/** Message the portal correlates (by business key = dossier id) when the applicant supplements. */
export const SUPPLEMENT_MESSAGE = 'DossierSupplemented';

/**
 * Due moments of a dossier, built from the `appointmentDate` (`YYYY-MM-DD`) the receipt sets: the
 * deadline is the end of the appointment day (17:00 Hà Nội time). The reminder fires at 08:00 on
 * `reminderDate` (`YYYY-MM-DD`) when the receipt sets one (e.g. the working day before; the
 * expression language has no calendar), else at 08:00 on the appointment day. Both are composite
 * `${…}` expressions the engine evaluates into an ISO date-time with the +07:00 offset.
 */
export const DUE_AT = `\${appointmentDate}T17:00:00${VIETNAM_UTC_OFFSET}`;
export const REMIND_AT = `\${execution.hasVariable('reminderDate') ? reminderDate : appointmentDate}T08:00:00${VIETNAM_UTC_OFFSET}`;

/** The completeness check's own deadline: the end of the office day of `completenessDueDate`. */
export const COMPLETENESS_DUE_AT = `\${completenessDueDate}T17:00:00${VIETNAM_UTC_OFFSET}`;

/** Messages of the waits on the applicant's payment and on another agency's answer (business key). */
export const PAYMENT_MESSAGE = 'DossierPaid';
/**
 * Message the payment side correlates (business key) when it opens an online payment request on
 * the gateway, with `paymentExpiry` (ISO 8601 duration: how long the request stays open) and
 * `paymentRequestRef` (the request's reference, e.g. VNPay's `vnp_TxnRef`).
 */
export const PAYMENT_REQUESTED_MESSAGE = 'PaymentRequested';
/**
 * How long an online payment request stays open when the payment side does not say
 * (`paymentExpiry`): 15 minutes, the portal's default (`PAYMENT_REQUEST_MINUTES`) and a usual
 * gateway request's life.
 */
export const DEFAULT_PAYMENT_EXPIRY = 'PT15M';
export const PAYMENT_EXPIRY = `\${execution.hasVariable('paymentExpiry') ? paymentExpiry : '${DEFAULT_PAYMENT_EXPIRY}'}`;
export const AGENCY_REPLY_MESSAGE = 'AgencyReplied';

/** Form ids of a process's forms: `<key>-<suffix>`, one `<suffix>.form` file each. */
export const formIdOf = (key: string, suffix: string) => `${key}-${suffix}`;

interface BlockContext {
  graph: ProcessGraph;
  key: string;
  description: ProcedureDescription;
  facts: GenerationFacts;
}

/** An execution listener on "start" that sets a variable from an expression. */
const setOnStart = (name: string, expression: string) =>
  `<camunda:executionListener expression="\${execution.setVariable(&quot;${name}&quot;, ${expression})}" event="start" />`;

/** The officer steps' deadline: the appointment date, when the legal clock is known. */
const mainDue = (ctx: BlockContext) => (ctx.facts.legalClock === null ? undefined : DUE_AT);

/** The check has its own clock: in the legal clock, or (main time unknown) in working days. */
const hasCheckClock = (ctx: BlockContext) =>
  ctx.facts.legalClock
    ? ctx.facts.legalClock.check !== null
    : ctx.facts.completenessCheckWorkingDays !== null;

type Step = ProcedureDescription['steps'][number];

const userTaskAttrs = (
  ctx: BlockContext,
  group: string,
  formSuffix: string,
  due = mainDue(ctx),
): Record<string, string> => ({
  'camunda:candidateGroups': group,
  'camunda:formRef': formIdOf(ctx.key, formSuffix),
  'camunda:formRefBinding': 'deployment',
  ...(due ? { 'camunda:dueDate': due } : {}),
});

/** Start: the applicant submits the application form. */
export function submissionBlock(ctx: BlockContext): string {
  return ctx.graph.add({
    id: 'StartEvent_DossierSubmitted',
    kind: 'startEvent',
    name: 'Tổ chức, cá nhân nộp hồ sơ',
    attrs: { 'camunda:formRef': formIdOf(ctx.key, 'application'), 'camunda:formRefBinding': 'deployment' },
  });
}

/**
 * Receipt (form 01): the `dossier.receive` worker assigns the dossier code and the due dates. The
 * procedure's legal times are set as variables first, so any receipt worker (on any engine) can
 * compute the dates with `receiptDeadlines()` without reading the catalogue: `legalClock` (JSON,
 * every unit the law uses) when the clock is known, and the working-day counts as before; a time
 * whose kind of day is unknown is not set, and no date is computed from it.
 */
export function receiptBlock(ctx: BlockContext, from: string, step: Step): string {
  const { graph, facts } = ctx;
  const listeners = [
    ...(facts.legalWorkingDays === null
      ? []
      : [setOnStart('legalWorkingDays', String(facts.legalWorkingDays))]),
    ...(facts.completenessCheckWorkingDays === null
      ? []
      : [setOnStart('completenessCheckWorkingDays', String(facts.completenessCheckWorkingDays))]),
    // A JUEL string literal in single quotes: the JSON's double quotes need no escape there.
    ...(facts.legalClock === null
      ? []
      : [setOnStart('legalClock', `'${xmlEscape(serializeLegalClock(facts.legalClock))}'`)]),
  ];
  const id = graph.add({
    id: 'ServiceTask_ReceiveDossier',
    kind: 'serviceTask',
    name: step.nameVi,
    attrs: { 'camunda:type': 'external', 'camunda:topic': TOPICS.receiveDossier },
    ...(listeners.length ? { extensions: listeners.join('') } : {}),
  });
  graph.connect(from, id);
  graph.errors.push({
    id: 'Error_DossierRejected',
    name: 'Từ chối tiếp nhận hồ sơ',
    errorCode: 'DOSSIER_REJECTED',
  });
  graph.add({
    id: 'BoundaryEvent_DossierRejected',
    kind: 'boundaryEvent',
    name: 'Từ chối tiếp nhận',
    attrs: {},
    attachedTo: id,
    inner:
      '<bpmn:errorEventDefinition id="ErrorEventDefinition_DossierRejected" errorRef="Error_DossierRejected" camunda:errorMessageVariable="rejectionReason" />',
  });
  graph.add({ id: 'EndEvent_Rejected', kind: 'endEvent', name: 'Hồ sơ bị từ chối tiếp nhận', attrs: {} });
  graph.connect('BoundaryEvent_DossierRejected', 'EndEvent_Rejected');
  return id;
}

/**
 * Completeness check with the request-to-supplement loop: the one-stop desk decides complete
 * (`complete` true), supplement (`complete` false and `requestSupplement` true: form 02, then the
 * process waits for the `DossierSupplemented` message and checks again) or refuse (form 03, ends
 * at `EndEvent_NotAccepted`, national status 3). Returns the gateway's "complete" side.
 */
export function completenessBlock(
  ctx: BlockContext,
  from: string,
  step: Step,
): { complete: string; completeCondition: string } {
  const { graph } = ctx;
  const merge = graph.add({ id: 'Gateway_CheckAgain', kind: 'exclusiveGateway', name: '', attrs: {} });
  graph.connect(from, merge);
  const check = graph.add({
    id: 'UserTask_CheckCompleteness',
    kind: 'userTask',
    name: step.nameVi,
    // Its own clock where the law gives the check a time, else the dossier's.
    attrs: userTaskAttrs(
      ctx,
      step.candidateGroup ?? 'mot-cua',
      'check-completeness',
      hasCheckClock(ctx) ? COMPLETENESS_DUE_AT : mainDue(ctx),
    ),
  });
  graph.connect(merge, check);
  const gateway = graph.add({
    id: 'Gateway_Complete',
    kind: 'exclusiveGateway',
    name: 'Hồ sơ đầy đủ, hợp lệ?',
    attrs: {},
  });
  graph.connect(check, gateway);

  graph.messages.push({ id: 'Message_DossierSupplemented', name: SUPPLEMENT_MESSAGE });
  const wait = graph.add({
    id: 'IntermediateCatchEvent_DossierSupplemented',
    kind: 'intermediateCatchEvent',
    name: 'Chờ tổ chức, cá nhân bổ sung hồ sơ',
    attrs: {},
    branch: -1,
    // When the clock stopped: the resume worker counts the working days from here.
    extensions: setOnStart('supplementRequestedAt', 'now()'),
    inner:
      '<bpmn:messageEventDefinition id="MessageEventDefinition_DossierSupplemented" messageRef="Message_DossierSupplemented" />',
  });
  // `requestSupplement` is read through execution.getVariable: a form that leaves it out
  // (hidden field, older client) means "refuse", not an engine error.
  graph.connect(gateway, wait, {
    id: 'Flow_IncompleteToSupplement',
    name: 'Yêu cầu bổ sung hồ sơ',
    condition: "${!complete && execution.getVariable('requestSupplement') == true}",
  });
  const resume = graph.add({
    id: 'ServiceTask_ResumeClock',
    kind: 'serviceTask',
    name: 'Tính lại ngày hẹn trả (dừng tính thời gian khi chờ bổ sung)',
    attrs: { 'camunda:type': 'external', 'camunda:topic': TOPICS.resumeClock },
    branch: -1,
  });
  graph.connect(wait, resume);
  graph.connect(resume, merge, { id: 'Flow_SupplementedToCheck' });
  graph.add({
    id: 'EndEvent_NotAccepted',
    kind: 'endEvent',
    name: 'Không tiếp nhận hồ sơ',
    attrs: {},
    branch: 1,
  });
  graph.connect(gateway, 'EndEvent_NotAccepted', {
    id: 'Flow_IncompleteToEnd',
    name: 'Từ chối tiếp nhận',
    condition: "${!complete && execution.getVariable('requestSupplement') != true}",
  });
  return { complete: gateway, completeCondition: '${complete}' };
}

/**
 * A known fee (fixed or tiered): the DMN decision `<key>-fee` sets `feeVnd` — from the `feeTier`
 * the desk chose for tiered fees, the one amount for a fixed fee. Online payment charges `feeVnd`.
 */
export function feeBlock(ctx: BlockContext, from: string, condition: string | undefined): string {
  const id = ctx.graph.add({
    id: 'BusinessRuleTask_DetermineFee',
    kind: 'businessRuleTask',
    name: 'Xác định mức phí, lệ phí',
    attrs: {
      'camunda:decisionRef': formIdOf(ctx.key, 'fee'),
      'camunda:mapDecisionResult': 'singleEntry',
      'camunda:resultVariable': 'feeVnd',
    },
  });
  ctx.graph.connect(from, id, { name: condition ? 'Đầy đủ, hợp lệ' : undefined, condition });
  return id;
}

/**
 * Waiting for the applicant's payment (national status 6), when the procedure has a known fee:
 * a receive task on the `DossierPaid` message (business key), which the portal or the payment
 * worker correlates once the payment is confirmed.
 *
 * Each online payment request the applicant opens on the gateway is told to the process
 * (`PaymentRequested`, a non-interrupting message boundary): its own path waits `paymentExpiry`
 * (timer) and then `payment.expire-request` marks the request expired if it is still open, so
 * the applicant pays again with a new reference. The wait for the fee itself (status 6) never
 * ends by time — the law sets no limit on it; only the gateway request does. A request paid in
 * time ends the wait by `DossierPaid`; its timer still fires later and finds nothing to expire.
 */
export function paymentBlock(ctx: BlockContext, from: string, condition: string | undefined): string {
  const { graph } = ctx;
  graph.messages.push({ id: 'Message_DossierPaid', name: PAYMENT_MESSAGE });
  const id = graph.add({
    id: 'ReceiveTask_AwaitPayment',
    kind: 'receiveTask',
    name: 'Chờ tổ chức, cá nhân nộp phí, lệ phí',
    attrs: { messageRef: 'Message_DossierPaid' },
    // The dossier is valid from here: the wait for the payment is measured from this moment.
    extensions: setOnStart('paymentRequestedAt', 'now()'),
  });
  graph.connect(from, id, { name: condition ? 'Đầy đủ, hợp lệ' : undefined, condition });

  graph.messages.push({ id: 'Message_PaymentRequested', name: PAYMENT_REQUESTED_MESSAGE });
  graph.add({
    id: 'BoundaryEvent_PaymentRequested',
    kind: 'boundaryEvent',
    name: 'Mở yêu cầu thanh toán trực tuyến',
    attrs: {},
    attachedTo: id,
    cancelActivity: false,
    inner:
      '<bpmn:messageEventDefinition id="MessageEventDefinition_PaymentRequested" messageRef="Message_PaymentRequested" />',
  });
  const timer = graph.add({
    id: 'IntermediateCatchEvent_PaymentRequestExpiry',
    kind: 'intermediateCatchEvent',
    name: 'Hết thời hạn của yêu cầu thanh toán',
    attrs: {},
    branch: 0,
    inner: `<bpmn:timerEventDefinition id="TimerEventDefinition_PaymentRequestExpiry"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${xmlEscape(PAYMENT_EXPIRY)}</bpmn:timeDuration></bpmn:timerEventDefinition>`,
  });
  graph.connect('BoundaryEvent_PaymentRequested', timer);
  const expire = graph.add({
    id: 'ServiceTask_ExpirePaymentRequest',
    kind: 'serviceTask',
    name: 'Đánh dấu yêu cầu thanh toán đã hết hạn',
    attrs: { 'camunda:type': 'external', 'camunda:topic': TOPICS.expirePaymentRequest },
    branch: 0,
  });
  graph.connect(timer, expire);
  graph.add({
    id: 'EndEvent_PaymentRequestExpired',
    kind: 'endEvent',
    name: 'Yêu cầu thanh toán đã hết hạn',
    attrs: {},
    branch: 0,
  });
  graph.connect(expire, 'EndEvent_PaymentRequestExpired');
  return id;
}

/**
 * The main clock starts (`dossier.start-main-clock`): the dossier is valid and, when there is a
 * fee, paid. The engine stamps `mainClockStartedAt`; the worker recomputes `appointmentDate` with
 * `startMainClock()` (the appraisal-and-decision part from this day for a split time; the whole
 * procedure's time extended by the wait for the payment), so the officer tasks created after it
 * carry the main clock's due date and deadline timers.
 */
export function mainClockBlock(ctx: BlockContext, from: string, condition: string | undefined): string {
  const id = ctx.graph.add({
    id: 'ServiceTask_StartMainClock',
    kind: 'serviceTask',
    name: 'Tính thời hạn giải quyết từ khi hồ sơ hợp lệ và đã nộp phí',
    attrs: { 'camunda:type': 'external', 'camunda:topic': TOPICS.startMainClock },
    extensions: setOnStart('mainClockStartedAt', 'now()'),
  });
  ctx.graph.connect(from, id, { name: condition ? 'Đầy đủ, hợp lệ' : undefined, condition });
  return id;
}

/**
 * Appraisal by the procedure's candidate group, with the deadline handling on it: a
 * non-interrupting timer at the start of the appointment day sends a reminder to the unit leader
 * (external topic `notify.escalate`), and one at the end of the appointment day marks the dossier
 * late (`late` = true) and sends the apology letter with a new appointment date (form 04, external
 * topic `dossier.apology`). Neither stops the appraisal.
 */
export function appraisalBlock(
  ctx: BlockContext,
  from: string,
  step: Step,
  condition: string | undefined,
): string {
  const { graph } = ctx;
  const id = graph.add({
    id: 'UserTask_AppraiseDossier',
    kind: 'userTask',
    name: step.nameVi,
    attrs: userTaskAttrs(ctx, step.candidateGroup ?? 'chuyen-vien', 'appraise-dossier'),
  });
  graph.connect(from, id, { name: condition ? 'Đầy đủ, hợp lệ' : undefined, condition });

  deadlineBoundaries(ctx, id, '');
  return id;
}

/**
 * The deadline timers on one officer step (appraisal, extra steps, approval), both
 * non-interrupting: `BoundaryEvent_<Prefix>DeadlineApproaching` at REMIND_AT and
 * `BoundaryEvent_<Prefix>DeadlinePassed` at DUE_AT. They lead to the shared paths of
 * `deadlinePathsBlock`, which act once per dossier however many steps the deadline catches.
 */
export function deadlineBoundaries(ctx: BlockContext, hostId: string, prefix: string): void {
  // Without a legal clock there is no appointment date to watch.
  if (ctx.facts.legalClock === null) return;
  for (const [kind, name, at] of [
    ['DeadlineApproaching', 'Sắp đến hạn trả kết quả', REMIND_AT],
    ['DeadlinePassed', 'Quá hạn trả kết quả', DUE_AT],
  ] as const) {
    ctx.graph.add({
      id: `BoundaryEvent_${prefix}${kind}`,
      kind: 'boundaryEvent',
      name,
      attrs: {},
      attachedTo: hostId,
      cancelActivity: false,
      inner: `<bpmn:timerEventDefinition id="TimerEventDefinition_${prefix}${kind}"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">${xmlEscape(at)}</bpmn:timeDate></bpmn:timerEventDefinition>`,
    });
  }
}

/**
 * What the deadline timers do, once per dossier: the reminder to the unit leader (external topic
 * `notify.escalate`, flag `reminded`) and, past the appointment date, the apology letter with a
 * new date (form 04, external topic `dossier.apology`, flag `late`). A timer of a later step
 * that fires when the flag is already set ends at `EndEvent_AlreadyReminded` / `EndEvent_AlreadyLate`.
 * The flags are set when the token enters the task (an execution listener), so they are on the
 * dossier before the worker has acted; on-time statistics count the dossier as late from there.
 */
export function deadlinePathsBlock(ctx: BlockContext, prefixes: string[]): void {
  const { graph } = ctx;
  if (ctx.facts.legalClock === null) return;
  const paths = [
    {
      kind: 'DeadlineApproaching',
      gateway: 'Gateway_RemindOnce',
      gatewayName: 'Đã nhắc hạn chưa?',
      flag: 'reminded',
      task: 'ServiceTask_EscalateDeadline',
      taskName: 'Nhắc lãnh đạo đơn vị hồ sơ sắp đến hạn',
      topic: TOPICS.escalate,
      end: ['EndEvent_EscalationSent', 'Đã nhắc hạn'],
      skip: ['EndEvent_AlreadyReminded', 'Đã nhắc hạn trước đó'],
      row: 2,
    },
    {
      kind: 'DeadlinePassed',
      gateway: 'Gateway_ApologiseOnce',
      gatewayName: 'Đã xin lỗi chưa?',
      flag: 'late',
      task: 'ServiceTask_SendApology',
      taskName: 'Gửi văn bản xin lỗi và hẹn lại ngày trả kết quả',
      topic: TOPICS.apology,
      end: ['EndEvent_ApologySent', 'Đã gửi văn bản xin lỗi'],
      skip: ['EndEvent_AlreadyLate', 'Đã xin lỗi trước đó'],
      row: 4,
    },
  ] as const;
  for (const p of paths) {
    // Below the refusal path (row 1), so the deadline paths cross nothing on the main line.
    // A join, then the decision: one gateway doing both is what bpmnlint (rightly) refuses.
    const join = graph.add({
      id: `${p.gateway}Join`,
      kind: 'exclusiveGateway',
      name: '',
      attrs: {},
      branch: p.row,
    });
    for (const prefix of prefixes) graph.connect(`BoundaryEvent_${prefix}${p.kind}`, join);
    graph.add({ id: p.gateway, kind: 'exclusiveGateway', name: p.gatewayName, attrs: {}, branch: 0 });
    graph.connect(join, p.gateway);
    graph.add({
      id: p.task,
      kind: 'serviceTask',
      name: p.taskName,
      attrs: { 'camunda:type': 'external', 'camunda:topic': p.topic },
      extensions: `<camunda:executionListener expression="\${execution.setVariable(&quot;${p.flag}&quot;, true)}" event="start" />`,
      branch: 0,
    });
    graph.add({ id: p.end[0], kind: 'endEvent', name: p.end[1], attrs: {}, branch: 0 });
    graph.add({ id: p.skip[0], kind: 'endEvent', name: p.skip[1], attrs: {}, branch: 1 });
    graph.connect(p.gateway, p.task, {
      name: 'Chưa',
      condition: `\${execution.getVariable('${p.flag}') != true}`,
    });
    graph.connect(p.gateway, p.skip[0], { name: 'Rồi', isDefault: true });
    graph.connect(p.task, p.end[0]);
  }
}

/** Variable the appraising officer sets to send the dossier through an optional step. */
export const optionalStepVariable = (step: Step) => `needs${pascalCase(step.kind)}`;

/** The deadline-timer prefixes of the extra steps (the consultation's wait has its own). */
export function extraStepDeadlinePrefixes(step: Step): string[] {
  const name = pascalCase(step.kind);
  return step.kind === 'consultation' ? [name, 'AwaitAgencyReply'] : [name];
}

/**
 * Expert council, site inspection, consultation of another agency: a user task each; an optional
 * one only when the appraising officer ticked it (`needs<Step>`), else skipped. A consultation
 * then waits for the other agency's answer (message `AgencyReplied`), a visible state of its own.
 */
export function extraStepBlock(ctx: BlockContext, from: string, step: Step, fallbackGroup: string): string {
  const { graph } = ctx;
  const name = pascalCase(step.kind);
  const task = graph.add({
    id: `UserTask_${name}`,
    kind: 'userTask',
    name:
      step.consultedAgencyVi && !step.nameVi.includes(step.consultedAgencyVi)
        ? `${step.nameVi} (${step.consultedAgencyVi})`
        : step.nameVi,
    attrs: userTaskAttrs(ctx, step.candidateGroup ?? fallbackGroup, step.kind),
    // An optional step is drawn above the line, so the "skipped" flow runs straight on.
    branch: step.optional ? -1 : undefined,
  });
  deadlineBoundaries(ctx, task, name);
  let last = task;
  if (step.kind === 'consultation') {
    graph.messages.push({ id: 'Message_AgencyReplied', name: AGENCY_REPLY_MESSAGE });
    last = graph.add({
      id: 'ReceiveTask_AwaitAgencyReply',
      kind: 'receiveTask',
      name: 'Chờ ý kiến của cơ quan được lấy ý kiến',
      attrs: { messageRef: 'Message_AgencyReplied' },
      branch: step.optional ? -1 : undefined,
    });
    graph.connect(task, last);
    deadlineBoundaries(ctx, last, 'AwaitAgencyReply');
  }
  if (!step.optional) {
    graph.connect(from, task);
    return last;
  }
  const choice = graph.add({
    id: `Gateway_${name}Needed`,
    kind: 'exclusiveGateway',
    name: `${step.nameVi}?`,
    attrs: {},
  });
  const done = graph.add({ id: `Gateway_${name}Done`, kind: 'exclusiveGateway', name: '', attrs: {} });
  graph.connect(from, choice);
  graph.connect(choice, task, {
    name: 'Có',
    condition: `\${execution.getVariable('${optionalStepVariable(step)}') == true}`,
  });
  graph.connect(choice, done, { id: `Flow_${name}Skipped`, name: 'Không', isDefault: true });
  graph.connect(last, done);
  return done;
}

/**
 * Leader approval, then result return: approved → (signing) → `dossier.return-result` →
 * `EndEvent_ResultReturned`; refused → the written refusal through the same topic → `EndEvent_Refused`.
 */
export function decisionAndReturnBlock(
  ctx: BlockContext,
  from: string,
  approval: Step,
  ret: Step,
  signing: Step | undefined,
): void {
  const { graph } = ctx;
  const approve = graph.add({
    id: 'UserTask_ApproveDossier',
    kind: 'userTask',
    name: approval.nameVi,
    attrs: userTaskAttrs(ctx, approval.candidateGroup ?? 'lanh-dao', 'approve-dossier'),
  });
  graph.connect(from, approve);
  deadlineBoundaries(ctx, approve, 'ApproveDossier');
  const gateway = graph.add({
    id: 'Gateway_Approved',
    kind: 'exclusiveGateway',
    name: 'Phê duyệt?',
    attrs: {},
  });
  graph.connect(approve, gateway);
  let approvedFrom = gateway;
  let approvedCondition: string | undefined = '${approved}';
  if (signing) {
    approvedFrom = graph.add({
      id: 'ServiceTask_SignResult',
      kind: 'serviceTask',
      name: signing.nameVi,
      attrs: { 'camunda:type': 'external', 'camunda:topic': TOPICS.signResult },
    });
    graph.connect(gateway, approvedFrom, { name: 'Phê duyệt', condition: approvedCondition });
    approvedCondition = undefined;
  }
  graph.add({
    id: 'ServiceTask_ReturnResult',
    kind: 'serviceTask',
    name: ret.nameVi,
    attrs: { 'camunda:type': 'external', 'camunda:topic': TOPICS.returnResult },
  });
  graph.connect(approvedFrom, 'ServiceTask_ReturnResult', {
    id: 'Flow_ApprovedToResult',
    name: approvedCondition ? 'Phê duyệt' : undefined,
    condition: approvedCondition,
  });
  graph.add({ id: 'EndEvent_ResultReturned', kind: 'endEvent', name: 'Đã trả kết quả', attrs: {} });
  graph.connect('ServiceTask_ReturnResult', 'EndEvent_ResultReturned');
  graph.add({
    branch: 1,
    id: 'ServiceTask_ReturnRefusal',
    kind: 'serviceTask',
    name: 'Trả văn bản từ chối, nêu rõ lý do',
    attrs: { 'camunda:type': 'external', 'camunda:topic': TOPICS.returnResult },
  });
  graph.connect(gateway, 'ServiceTask_ReturnRefusal', {
    id: 'Flow_RefusedToRefusal',
    name: 'Không phê duyệt',
    condition: "${!approved && execution.getVariable('stopProcessing') != true}",
  });
  // Stop of processing (form 05): the leader stops instead of refusing, with the reasons in
  // `decisionNote`; national status 8.
  graph.add({
    branch: 2,
    id: 'ServiceTask_NotifyStop',
    kind: 'serviceTask',
    name: 'Thông báo dừng giải quyết hồ sơ (Mẫu 05)',
    attrs: { 'camunda:type': 'external', 'camunda:topic': TOPICS.stop },
  });
  graph.connect(gateway, 'ServiceTask_NotifyStop', {
    id: 'Flow_StoppedToNotice',
    name: 'Dừng giải quyết',
    condition: "${!approved && execution.getVariable('stopProcessing') == true}",
  });
  graph.add({ id: 'EndEvent_Stopped', kind: 'endEvent', name: 'Đã dừng giải quyết', attrs: {}, branch: 0 });
  graph.connect('ServiceTask_NotifyStop', 'EndEvent_Stopped');
  graph.add({
    id: 'EndEvent_Refused',
    kind: 'endEvent',
    name: 'Đã trả văn bản từ chối',
    attrs: {},
    branch: 0,
  });
  graph.connect('ServiceTask_ReturnRefusal', 'EndEvent_Refused');
}

/** Message the portal correlates (by business key) when the applicant withdraws the dossier. */
export const WITHDRAW_MESSAGE = 'DossierWithdrawn';

/**
 * Withdrawal by the applicant, at any time before the result: an interrupting message event
 * subprocess that cancels whatever is running and ends at `EndEvent_Withdrawn`.
 */
export function withdrawalBlock(ctx: BlockContext): void {
  ctx.graph.eventSubProcesses.push({
    id: 'SubProcess_DossierWithdrawn',
    name: 'Tổ chức, cá nhân rút hồ sơ',
    message: { id: 'Message_DossierWithdrawn', name: WITHDRAW_MESSAGE },
    start: { id: 'StartEvent_DossierWithdrawn', name: 'Yêu cầu rút hồ sơ' },
    end: { id: 'EndEvent_Withdrawn', name: 'Hồ sơ đã được rút' },
  });
}
