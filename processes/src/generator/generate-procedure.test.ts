import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { parseFormSchema, validateSubmission } from '@motcua/forms';
import { loadProcedureDescriptions } from '../catalogue/load-descriptions.js';
import { SUPERSEDED_PROBLEM, generateCatalogue } from './generate-catalogue.js';
import { staleGeneratedFiles, writeGeneratedFiles } from './generated-files.js';
import { GenerationError, generateProcedure, generatedProcessKey } from './generate-procedure.js';
import { generationFacts } from './standard-dossier-life.js';
import { SKELETON_CONTRACT_ELEMENTS } from '../skeleton-contract.js';

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any;

const descriptions = new Map(loadProcedureDescriptions().map((e) => [e.description.id, e.description]));
const skeleton = descriptions.get('1.009846')!;
const licence = descriptions.get('1.009829')!; // tiered fees
const transfer = descriptions.get('chap-thuan-chuyen-giao-cong-nghe')!; // optional consultation

async function parse(xml: string) {
  return new BpmnModdle({ camunda }).fromXML(xml);
}

describe('generateProcedure', () => {
  it('gives the same bytes twice', () => {
    for (const d of [skeleton, licence, transfer])
      expect(generateProcedure(d)).toEqual(generateProcedure(structuredClone(d)));
    expect(JSON.stringify(generateCatalogue())).toBe(JSON.stringify(generateCatalogue()));
  });

  it('names the process after the description: its processKey, else most-<slug>', () => {
    expect(generatedProcessKey(skeleton)).toBe('most-chung-chi-nhan-vien-buc-xa');
    expect(generatedProcessKey(transfer)).toBe('most-chap-thuan-chuyen-giao-cong-nghe');
    expect(generatedProcessKey(licence)).toMatch(/^most-[a-z0-9-]+$/);
    expect(generatedProcessKey(licence)).not.toContain('1-009829');
  });

  it.each([
    ['1.009846', skeleton],
    ['1.009829', licence],
    ['chap-thuan-chuyen-giao-cong-nghe', transfer],
  ])(
    '%s parses with bpmn-moddle + camunda-bpmn-moddle without warnings, keeps the contract ids, draws everything',
    async (_id, d) => {
      const { files, key } = generateProcedure(d);
      const { rootElement, warnings } = await parse(files['process.bpmn']!);
      expect(warnings).toEqual([]);
      const process = (rootElement as El).rootElements.find((e: El) => e.$type === 'bpmn:Process');
      expect(process.id).toBe(key);
      expect(process.isExecutable).toBe(true);
      const byId = new Map<string, El>(process.flowElements.map((e: El) => [e.id, e]));
      for (const [id, type] of Object.entries(SKELETON_CONTRACT_ELEMENTS))
        expect([id, byId.get(id)?.$type]).toEqual([id, type]);
      for (const e of process.flowElements)
        expect(e.id).toMatch(
          /^(StartEvent|EndEvent|UserTask|ServiceTask|ReceiveTask|BusinessRuleTask|Gateway|IntermediateCatchEvent|BoundaryEvent|SubProcess|Flow)_[A-Z][A-Za-z0-9]*$/,
        );

      const plane = (rootElement as El).diagrams[0].plane;
      const drawn = new Set(plane.planeElement.map((p: El) => p.bpmnElement.id));
      for (const e of process.flowElements) expect([e.id, drawn.has(e.id)]).toEqual([e.id, true]);

      // Withdrawal: an interrupting message event subprocess, drawn with what it holds.
      const withdrawal = byId.get('SubProcess_DossierWithdrawn');
      expect(withdrawal.triggeredByEvent).toBe(true);
      const start = withdrawal.flowElements.find((e: El) => e.$type === 'bpmn:StartEvent');
      expect(start.eventDefinitions[0].messageRef.name).toBe('DossierWithdrawn');
      expect(start.isInterrupting).not.toBe(false);
      for (const e of withdrawal.flowElements) expect([e.id, drawn.has(e.id)]).toEqual([e.id, true]);

      // Every formRef resolves to a generated form with that id, and user tasks carry a due date.
      const forms = new Map(
        Object.entries(files)
          .filter(([n]) => n.endsWith('.form'))
          .map(([, text]) => {
            const f = parseFormSchema(JSON.parse(text));
            return [f.id, f];
          }),
      );
      for (const e of process.flowElements.filter((x: El) => x.formRef))
        expect(forms.has(e.formRef)).toBe(true);
      // The check has its own clock (all three have a completeness-check time in working days).
      expect(byId.get('UserTask_CheckCompleteness').dueDate).toBe('${completenessDueDate}T17:00:00+07:00');
      expect(byId.get('ServiceTask_ResumeClock').topic).toBe('dossier.resume-clock');
      expect(byId.get('IntermediateCatchEvent_DossierSupplemented').eventDefinitions[0].messageRef.name).toBe(
        'DossierSupplemented',
      );
      expect(byId.get('ServiceTask_NotifyStop').topic).toBe('dossier.stop');
      // A fee known → the wait for payment; unknown (1.009846) → none.
      expect(byId.get('ReceiveTask_AwaitPayment')?.messageRef.name).toBe(
        d.fees && d.fees.kind !== 'none' ? 'DossierPaid' : undefined,
      );
      // Each online payment request starts its own timer on the wait (non-interrupting): when it
      // fires, `payment.expire-request` marks the request expired; the wait for the fee goes on.
      if (d.fees && d.fees.kind !== 'none') {
        const requested = byId.get('BoundaryEvent_PaymentRequested');
        expect(requested.attachedToRef.id).toBe('ReceiveTask_AwaitPayment');
        expect(requested.cancelActivity).toBe(false);
        expect(requested.eventDefinitions[0].messageRef.name).toBe('PaymentRequested');
        const expiry = byId.get('IntermediateCatchEvent_PaymentRequestExpiry');
        expect(expiry.incoming.map((f: El) => f.sourceRef.id)).toEqual(['BoundaryEvent_PaymentRequested']);
        expect(expiry.eventDefinitions[0].timeDuration.body).toBe(
          "${execution.hasVariable('paymentExpiry') ? paymentExpiry : 'PT15M'}",
        );
        expect(expiry.outgoing.map((f: El) => f.targetRef.id)).toEqual(['ServiceTask_ExpirePaymentRequest']);
        expect(byId.get('ServiceTask_ExpirePaymentRequest').topic).toBe('payment.expire-request');
        expect(byId.get('ServiceTask_ExpirePaymentRequest').outgoing.map((f: El) => f.targetRef.id)).toEqual([
          'EndEvent_PaymentRequestExpired',
        ]);
      } else expect(byId.has('BoundaryEvent_PaymentRequested')).toBe(false);
      const officerTasks = process.flowElements.filter(
        (x: El) => x.$type === 'bpmn:UserTask' && x.id !== 'UserTask_CheckCompleteness',
      );
      if (d.processingTime?.totalWorkingDays === null) {
        // "45 days", "30 days": not known in working days → no due date, no deadline timers.
        for (const e of officerTasks) expect([e.id, e.dueDate]).toEqual([e.id, undefined]);
        expect(
          process.flowElements.filter((x: El) => x.$type === 'bpmn:BoundaryEvent').map((x: El) => x.id),
        ).toEqual([
          'BoundaryEvent_DossierRejected',
          ...(d.fees && d.fees.kind !== 'none' ? ['BoundaryEvent_PaymentRequested'] : []),
        ]);
        return;
      }
      for (const e of officerTasks) expect(e.dueDate).toBe('${appointmentDate}T17:00:00+07:00');

      // The deadline timers on the appraisal are non-interrupting.
      for (const id of ['BoundaryEvent_DeadlineApproaching', 'BoundaryEvent_DeadlinePassed']) {
        expect(byId.get(id).attachedToRef.id).toBe('UserTask_AppraiseDossier');
        expect(byId.get(id).cancelActivity).toBe(false);
      }
      for (const id of [
        'BoundaryEvent_ApproveDossierDeadlineApproaching',
        'BoundaryEvent_ApproveDossierDeadlinePassed',
      ]) {
        expect(byId.get(id).attachedToRef.id).toBe('UserTask_ApproveDossier');
        expect(byId.get(id).cancelActivity).toBe(false);
      }
      expect(byId.get('ServiceTask_SendApology').topic).toBe('dossier.apology');
      expect(byId.get('ServiceTask_EscalateDeadline').topic).toBe('notify.escalate');
    },
  );

  it('generates decision forms whose keys are what the gateways read', () => {
    const { files, key } = generateProcedure(transfer);
    const check = parseFormSchema(JSON.parse(files['check-completeness.form']!));
    expect(check.id).toBe(`${key}-check-completeness`);
    expect(
      validateSubmission(check, {
        complete: false,
        requestSupplement: true,
        completenessNote: 'Thiếu hợp đồng',
      }).valid,
    ).toBe(true);
    expect(validateSubmission(check, {}).valid).toBe(false);
    const appraise = parseFormSchema(JSON.parse(files['appraise-dossier.form']!));
    expect(appraise.components.map((c) => c.key).filter(Boolean)).toEqual([
      'needsConsultation',
      'recommendation',
      'appraisalNote',
    ]);
    const approve = parseFormSchema(JSON.parse(files['approve-dossier.form']!));
    expect(validateSubmission(approve, { approved: true }).valid).toBe(true);
    expect(files['consultation.form']).toContain('consultationNote');
    const supplement = parseFormSchema(JSON.parse(files['supplement.form']!));
    expect(supplement.id).toBe(`${key}-supplement`);
    expect(validateSubmission(supplement, { supplementNote: 'Đã bổ sung hợp đồng' }).valid).toBe(true);
    expect(validateSubmission(supplement, {}).valid).toBe(false);
  });

  it('builds a DMN 1.3 fee table with one rule per tier for tiered fees, and a fee step', () => {
    const { files, key } = generateProcedure(licence);
    if (licence.fees?.kind !== 'tiered')
      throw new Error('fixture changed: 1.009829 no longer has tiered fees');
    const dmn = files['fee.dmn']!;
    expect(dmn).toContain('xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"');
    expect(dmn).toContain(`<decision id="${key}-fee"`);
    expect(dmn.match(/<rule /g)).toHaveLength(licence.fees.tiers.length);
    for (const t of licence.fees.tiers) expect(dmn).toContain(`<text>${t.amountVnd}</text>`);
    expect(files['process.bpmn']).toContain(`camunda:decisionRef="${key}-fee"`);
    expect(files['check-completeness.form']).toContain('"feeTier"');
    expect(generateProcedure(skeleton).files['fee.dmn']).toBeUndefined();
  });

  it('builds a one-rule fee table for a fixed fee, so online payment charges the table’s amount', () => {
    const fixed = { ...licence, fees: { kind: 'fixed' as const, amountVnd: 150_000, nameVi: 'Lệ phí cấp' } };
    const { files, key } = generateProcedure(fixed);
    const dmn = files['fee.dmn']!;
    expect(dmn.match(/<rule /g)).toHaveLength(1);
    expect(dmn).toContain('<inputEntry id="UnaryTests_Fixed"><text>-</text></inputEntry>');
    expect(dmn).toContain('<text>150000</text>');
    expect(dmn).toContain('Lệ phí cấp — 150.000 đồng');
    const bpmn = files['process.bpmn']!;
    expect(bpmn).toContain(`camunda:decisionRef="${key}-fee"`);
    // The fee is decided before the payment wait.
    expect(bpmn.indexOf('id="BusinessRuleTask_DetermineFee"')).toBeLessThan(
      bpmn.indexOf('id="ReceiveTask_AwaitPayment"'),
    );
    expect(files['check-completeness.form']).not.toContain('"feeTier"');
  });

  it('starts the main clock once the dossier is valid and paid, where it starts later than the receipt', async () => {
    // 1.009846: 5wd check + 10wd appraisal and decision, no known fee.
    const facts = generationFacts(skeleton);
    expect(facts).toMatchObject({
      legalWorkingDays: 15,
      completenessCheckWorkingDays: 5,
      legalClock: {
        check: { amount: 5, unit: 'working-days' },
        main: [{ amount: 10, unit: 'working-days' }],
        mainStartsAt: 'valid-and-paid',
      },
      mainClockStep: true,
      publishable: true,
    });
    const xml = generateProcedure(skeleton).files['process.bpmn']!;
    expect(xml).toContain(
      'Legal clock: completeness check 5 working days from receipt; appraisal and decision 10 working days from the day the dossier is valid and the fee paid.',
    );
    const { rootElement } = await parse(xml);
    const process = (rootElement as El).rootElements.find((e: El) => e.$type === 'bpmn:Process');
    const byId = new Map<string, El>(process.flowElements.map((e: El) => [e.id, e]));
    const start = byId.get('ServiceTask_StartMainClock');
    expect(start.topic).toBe('dossier.start-main-clock');
    // Between the "complete" side of the check and the appraisal.
    expect(start.incoming.map((f: El) => f.sourceRef.id)).toEqual(['Gateway_Complete']);
    expect(start.outgoing.map((f: El) => f.targetRef.id)).toEqual(['UserTask_AppraiseDossier']);
    const listeners = (el: El) =>
      el.extensionElements.values.map((v: El) => v.expression as string).join('\n');
    expect(listeners(start)).toContain('execution.setVariable("mainClockStartedAt", now())');
    // The receipt hands over the clock as JSON in a JUEL string literal.
    expect(listeners(byId.get('ServiceTask_ReceiveDossier'))).toContain(
      `execution.setVariable("legalClock", '{"check":{"amount":5,"unit":"working-days"},"main":[{"amount":10,"unit":"working-days"}],"mainStartsAt":"valid-and-paid"}')`,
    );

    // With a fee, after the payment wait, whose start is stamped.
    const feeXml = generateProcedure({ ...skeleton, fees: { kind: 'fixed', amountVnd: 100000 } }).files[
      'process.bpmn'
    ]!;
    expect(feeXml).toMatch(
      /<bpmn:receiveTask id="ReceiveTask_AwaitPayment"[^>]*>\s*<bpmn:extensionElements><camunda:executionListener expression="\$\{execution.setVariable\(&quot;paymentRequestedAt&quot;, now\(\)\)\}"/,
    );
    expect(feeXml).toContain(
      '<bpmn:sequenceFlow id="Flow_AwaitPaymentToStartMainClock" sourceRef="ReceiveTask_AwaitPayment" targetRef="ServiceTask_StartMainClock" />',
    );
  });

  it('one whole time in working days and no fee: the receipt’s clock is the main clock, no extra step', () => {
    const d = descriptions.get('2.002131')!;
    expect(d.processingTime?.asStated).toBe('5wd');
    const facts = generationFacts(d);
    expect(facts).toMatchObject({ mainClockStep: false, publishable: true, paymentStep: false });
    expect(facts.legalClock?.mainStartsAt).toBe('receipt');
    expect(generateProcedure(d).files['process.bpmn']).not.toContain('ServiceTask_StartMainClock');
  });

  it('computes due dates for times in calendar days or months; "ngày" of unknown kind stays unknown', () => {
    const transferFacts = generationFacts(transfer);
    expect(transfer.processingTime?.parts[1]).toMatchObject({ amount: 30, unit: 'days' });
    expect(transferFacts).toMatchObject({ legalClock: null, publishable: false, mainClockStep: false });
    expect(transferFacts.flags.join('\n')).toMatch(
      /cannot be published: legal processing time "3wd\+30" counts "ngày" without saying working or calendar days/,
    );
    // The check's own clock in working days stays (its due date), without timers on the main steps.
    const transferXml = generateProcedure(transfer).files['process.bpmn']!;
    expect(transferXml).toContain('camunda:dueDate="${completenessDueDate}T17:00:00+07:00"');
    expect(transferXml).not.toContain('${appointmentDate}T17:00:00+07:00');

    const calendarDays = {
      ...transfer,
      processingTime: {
        ...transfer.processingTime!,
        parts: transfer.processingTime!.parts.map((p) =>
          p.step === 'appraisal-and-decision' ? { ...p, unit: 'calendar-days' as const } : p,
        ),
      },
    };
    const facts = generationFacts(calendarDays);
    expect(facts).toMatchObject({ legalWorkingDays: null, publishable: true, mainClockStep: true });
    expect(facts.legalClock?.main).toEqual([{ amount: 30, unit: 'calendar-days' }]);
    const xml = generateProcedure(calendarDays).files['process.bpmn']!;
    expect(xml).toContain('ServiceTask_StartMainClock');
    expect(xml).toContain('camunda:dueDate="${appointmentDate}T17:00:00+07:00"');
    expect(xml).toContain('BoundaryEvent_DeadlinePassed');

    // The trademark's months: the check in months is known, but "publication within 2 months" is
    // not the decision, so no due date for the procedure.
    const mark = generationFacts(descriptions.get('dang-ky-nhan-hieu')!);
    expect(mark.publishable).toBe(false);
    expect(mark.flags.join('\n')).toMatch(/neither the completeness check nor the appraisal and decision/);
  });

  it('refuses own steps that leave out a step of the dossier life, naming it', () => {
    const d = { ...transfer, steps: transfer.steps.filter((s) => s.kind !== 'leader-approval') };
    expect(() => generateProcedure(d)).toThrow(GenerationError);
    expect(() => generateProcedure(d)).toThrow('no "leader-approval" step');
  });

  it('gives a description without sourced steps, form, time or fee the standard dossier life, flagged', async () => {
    const d = descriptions.get('dang-ky-chi-dan-dia-ly')!;
    expect([d.steps, d.applicationForm.fields, d.processingTime, d.fees]).toEqual([[], [], null, null]);
    const facts = generationFacts(d);
    expect(facts).toMatchObject({
      stepsFromStandardDossierLife: true,
      standardApplicationForm: true,
      legalWorkingDays: null,
      completenessCheckWorkingDays: null,
      paymentStep: false,
      publishable: false,
    });
    expect(facts.flags).toContain(
      'cannot be published: legal processing time unknown — no due date is computed',
    );
    expect(facts.flags).toContain('fee unknown: no payment step');
    const { files } = generateProcedure(d);
    expect(files['process.bpmn']).toContain('stepsFromStandardDossierLife: true; publishable: false.');
    const { rootElement } = await parse(files['process.bpmn']!);
    const process = (rootElement as El).rootElements.find((e: El) => e.$type === 'bpmn:Process');
    const byId = new Map<string, El>(process.flowElements.map((e: El) => [e.id, e]));
    expect(byId.get('UserTask_CheckCompleteness').candidateGroups).toBe('mot-cua');
    expect(byId.get('UserTask_AppraiseDossier').candidateGroups).toBe('chuyen-vien');
    expect(byId.get('UserTask_ApproveDossier').candidateGroups).toBe('lanh-dao');
    for (const e of byId.values()) expect([e.id, e.dueDate]).toEqual([e.id, undefined]);
    expect(byId.has('ReceiveTask_AwaitPayment')).toBe(false);
    expect(byId.has('BoundaryEvent_DeadlinePassed')).toBe(false);
    // Form 01's identity fields only.
    const application = parseFormSchema(JSON.parse(files['application.form']!));
    expect(application.components.map((c) => c.key).filter(Boolean)).toEqual([
      'fullName',
      'citizenId',
      'address',
      'phone',
      'email',
    ]);
    const ok = {
      fullName: 'Nguyễn Văn A',
      citizenId: '001099012345',
      address: 'Hà Nội',
      phone: '0912345678',
      email: 'a@example.vn',
    };
    expect(validateSubmission(application, ok).valid).toBe(true);
    expect(validateSubmission(application, { ...ok, citizenId: '123' }).valid).toBe(false);
    // The description entry carries the same facts, for GET /api/procedures.
    const entry = loadProcedureDescriptions().find((e) => e.description.id === d.id)!;
    expect(entry.generation).toEqual(facts);
  });

  it('generates every catalogue procedure but the superseded versions, each under its own process key', () => {
    const { generated, skipped } = generateCatalogue();
    const superseded = [...descriptions.values()].filter((d) => d.status?.kind === 'superseded');
    expect(superseded.length).toBeGreaterThan(0);
    expect(skipped).toEqual(
      superseded
        .map((d) => ({ id: d.id, problems: [SUPERSEDED_PROBLEM] }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    const current = [...descriptions.keys()].filter((id) => !superseded.some((d) => d.id === id));
    expect(generated.map((g) => g.descriptionId).sort()).toEqual(current.sort());
    expect(new Set(generated.map((g) => g.key)).size).toBe(current.length);
    for (const g of generated) expect(g.key.length).toBeLessThanOrEqual(65);
  });
});

describe('processes/generated/', () => {
  it('holds exactly what the generator gives (run `npm run procedures:generate` after changing a description)', () => {
    expect(staleGeneratedFiles(generateCatalogue().generated)).toEqual([]);
  });

  it('writes the same bytes twice (what `npm run procedures:generate` does)', () => {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'generated-twice-')));
    for (const dir of dirs) writeGeneratedFiles(generateCatalogue().generated, dir);
    const files = (dir: string) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.includes('.'))
        .sort();
    expect(files(dirs[0]!)).toEqual(files(dirs[1]!));
    expect(files(dirs[0]!).length).toBeGreaterThanOrEqual(34 * 6);
    for (const f of files(dirs[0]!))
      expect([f, readFileSync(join(dirs[0]!, f)).equals(readFileSync(join(dirs[1]!, f)))]).toEqual([f, true]);
  });

  it('reports missing, changed and stale files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'generated-'));
    const { generated } = generateCatalogue();
    expect(staleGeneratedFiles(generated, dir)).toHaveLength(
      generated.reduce((n, g) => n + Object.keys(g.files).length, 0),
    );
    writeGeneratedFiles(generated, dir);
    expect(staleGeneratedFiles(generated, dir)).toEqual([]);
    const key = generated[0]!.key;
    writeFileSync(join(dir, key, 'process.bpmn'), 'edited by hand');
    writeFileSync(join(dir, key, 'old.form'), '{}');
    expect(staleGeneratedFiles(generated, dir)).toEqual([`${key}/old.form`, `${key}/process.bpmn`]);
    expect(writeGeneratedFiles(generated.slice(1), dir)).toEqual([`${key}/`]);
    expect(staleGeneratedFiles(generated.slice(1), dir)).toEqual([]);
  });
});
