import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { addDays, addWorkingDays, createWorkingCalendar, isWorkingDay, vietnamDate } from '@motcua/domain';
import { parseCamundaDate, startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import {
  AGENCY_REPLY_MESSAGE,
  generateCatalogue,
  generateProcedure,
  generationFacts,
  loadProcedureDescriptions,
  mainClockVariables,
  PAYMENT_MESSAGE,
  PAYMENT_REQUESTED_MESSAGE,
  procedureDescriptionSchema,
  receiptDeadlines,
  resumeClock,
  serializeLegalClock,
  SUPPLEMENT_MESSAGE,
  TOPICS,
  WITHDRAW_MESSAGE,
  type ClockDuration,
  type ClockUnit,
  type GeneratedProcedure,
  type GenerationFacts,
  type ProcedureDescription,
} from '@motcua/processes';
import { EngineRest, typed } from './engine-rest.js';

/**
 * The proof of issue 4: EVERY catalogue procedure is generated, deployed to the real engine (one
 * engine per database, shared by all procedures) and walked through REST, the test playing the
 * portal and the workers (fetchAndLock/complete): happy path, one supplement round (the due dates
 * move by the working days the applicant held the dossier), refusal at the desk and by the leader,
 * and a late case with the engine's clock moved past the appointment date (no sleeping). A
 * procedure whose legal time is unknown has no due date and no deadline timers: its late case
 * asserts exactly that. Stop (form 05) and withdrawal run on every procedure too.
 */
const dialects = await testDatabases();
const catalogue = loadProcedureDescriptions();
const described = new Map(catalogue.map((e) => [e.description.id, e.description]));

/**
 * Clocks the catalogue does not have yet, walked like the catalogue's procedures: test variants of
 * catalogue descriptions (not procedures of the catalogue — nothing is written back) with a time
 * in calendar days, in months, and one whole time in working days with a fee to pay.
 */
function variant(
  id: string,
  fromId: string,
  change: (d: ProcedureDescription) => Partial<ProcedureDescription>,
): ProcedureDescription {
  const from = described.get(fromId)!;
  return procedureDescriptionSchema.parse({ ...from, ...change(from), id, processKey: `most-${id}` });
}
const withMain = (d: ProcedureDescription, amount: number, unit: 'calendar-days' | 'months') => ({
  processingTime: {
    ...d.processingTime!,
    asStated: `${d.processingTime!.parts[0]!.amount}wd+${amount} ${unit}`,
    parts: d.processingTime!.parts.map((p) =>
      p.step === 'appraisal-and-decision' ? { ...p, amount, unit } : p,
    ),
    totalWorkingDays: null,
  },
});
const variants = [
  // 3 working days for the check, then 30 calendar days; fixed fee; optional consultation.
  variant('test-clock-30-calendar-days', 'chap-thuan-chuyen-giao-cong-nghe', (d) =>
    withMain(d, 30, 'calendar-days'),
  ),
  // 5 working days for the check, then 2 months; tiered fee (DMN).
  variant('test-clock-2-months', '1.009829', (d) => withMain(d, 2, 'months')),
  // One whole time of 5 working days from receipt, with a fixed fee to pay.
  variant('test-clock-whole-with-fee', '2.002131', () => ({ fees: { kind: 'fixed', amountVnd: 200000 } })),
];
const generated = [...generateCatalogue().generated, ...variants.map((d) => generateProcedure(d))];
const factsById = new Map<string, GenerationFacts>([
  ...catalogue.map((e) => [e.description.id, e.generation] as const),
  ...variants.map((d) => [d.id, generationFacts(d)] as const),
]);
const calendar = createWorkingCalendar();
// Tuesday 1 December 2026, 09:00 in Hà Nội. December 2026 has no holiday.
const T0 = new Date('2026-12-01T02:00:00.000Z');
// The applicant supplements on Monday 7 December, 10:00: Wed 2, Thu 3, Fri 4, Mon 7 = 4 working days.
const SUPPLEMENTED_AT = new Date('2026-12-07T03:00:00.000Z');
const PAUSED_WORKING_DAYS = 4;
// The desk checks on Wednesday 2 December, 09:00.
const CHECKED_AT = new Date('2026-12-02T02:00:00.000Z');

type Vars = Record<string, string | boolean | number>;

interface Dossier {
  id: string;
  businessKey: string;
  appointmentDate?: string;
  completenessDueDate?: string;
}

const endOfDay = (date: string | undefined) =>
  date ? new Date(`${date}T17:00:00+07:00`).toISOString() : null;

/**
 * The test's own reading of the law, to check the helpers' dates against (written apart from
 * them): working days on the calendar of @motcua/domain; calendar days and months by the Civil
 * Code (day after the event = day 1, month-end clamp, a last day off moves to the next working day).
 */
const nextWorkingDay = (date: string) => (isWorkingDay(date) ? date : nextWorkingDay(addDays(date, 1)));
const after = (from: string, p: ClockDuration): string => {
  if (p.unit === 'working-days') return addWorkingDays(from, p.amount);
  if (p.unit === 'calendar-days') return nextWorkingDay(addDays(from, p.amount));
  const [y, m, day] = from.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + p.amount + 1, 0)).getUTCDate();
  const same = new Date(Date.UTC(y, m - 1 + p.amount, Math.min(day, lastDay)));
  return nextWorkingDay(same.toISOString().slice(0, 10));
};
const afterAll_ = (from: string, parts: ClockDuration[]) => parts.reduce(after, from);
/** Days d with from < d ≤ to, of the kind the clock counts. */
const paused = (from: string, to: string, kind: ClockUnit) => {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1))
    if (kind !== 'working-days' || isWorkingDay(d)) n++;
  return n;
};
const extended = (date: string, days: number, kind: ClockUnit) =>
  days === 0
    ? date
    : kind === 'working-days'
      ? addWorkingDays(date, days)
      : nextWorkingDay(addDays(date, days));

describe.each(dialects)('generated procedures on the engine ($dialect)', (factory) => {
  let engine: RunningEngine;
  let api: EngineRest;
  let clock: TestClock;
  let drop: (() => Promise<void>) | undefined;
  let seq = 0;
  let started = 0;

  beforeAll(async () => {
    started = Date.now();
    const db = await factory.create();
    drop = db.drop;
    clock = new TestClock(T0);
    // Time moves only when a test moves it, and jobs run only when it calls runDue().
    engine = await startEngine({ dbUrl: db.url, port: 0, clock, jobExecutor: { enabled: false } });
    api = new EngineRest(engine.url);
    for (const g of generated) await api.deploy(g.key, g.files);
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
    // The runtime is reported, never asserted (benchmarks measure speed, tests do not).
    process.stdout.write(
      `generated procedures on ${factory.dialect}: ${generated.length} procedures in ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
  });

  it('deploys every catalogue procedure', async () => {
    const defs = await api.get('/process-definition?latestVersion=true');
    const keys = new Set(defs.map((d: { key: string }) => d.key));
    for (const g of generated) expect([g.key, keys.has(g.key)]).toEqual([g.key, true]);
    // Every catalogue procedure but the superseded versions (kept for history, never generated).
    const current = catalogue.filter((e) => e.description.status?.kind !== 'superseded');
    expect(generated.length).toBe(current.length + variants.length);
  });

  describe.each(generated.map((g) => [g.key, g] as const))('%s', (key, g: GeneratedProcedure) => {
    const facts: GenerationFacts = factsById.get(g.descriptionId)!;
    const legal = facts.legalClock;
    const mainKind = legal ? legal.main[legal.main.length - 1]!.unit : 'working-days';
    // The check has a due date of its own: in the legal clock, or (main time unknown) in working days.
    const checkClock = legal ? legal.check !== null : facts.completenessCheckWorkingDays !== null;
    // Tiered: the desk chooses the tier; a fixed fee's table has one rule for any tier.
    const tiered = g.files['check-completeness.form']!.includes('"feeTier"');
    const fixedFee = g.files['fee.dmn']?.match(
      /<rule id="Rule_Fixed">[\s\S]*?<outputEntry[^>]*><text>(\d+)<\/text>/,
    )?.[1];
    const bpmn = g.files['process.bpmn']!;
    const optionalVars = (g.files['appraise-dossier.form']!.match(/"key": "needs[A-Za-z]+"/g) ?? []).map(
      (m) => m.slice(8, -1),
    );
    const mandatoryExtra = ['ExpertCouncil', 'SiteInspection', 'Consultation'].filter(
      (s) => bpmn.includes(`id="UserTask_${s}"`) && !optionalVars.includes(`needs${s}`),
    );

    const taskOf = async (d: Dossier, definitionKey: string) => {
      const tasks = await api.get(`/task?processInstanceId=${d.id}`);
      expect(tasks.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual([definitionKey]);
      return tasks[0];
    };
    /** Completes the one open task, after checking its due date against the dossier's clock. */
    const completeTask = async (d: Dossier, definitionKey: string, values: Vars) => {
      const t = await taskOf(d, definitionKey);
      const due =
        definitionKey === 'UserTask_CheckCompleteness' && checkClock
          ? d.completenessDueDate
          : d.appointmentDate;
      expect([definitionKey, (t.due ? parseCamundaDate(t.due)?.toISOString() : null) ?? null]).toEqual([
        definitionKey,
        endOfDay(due),
      ]);
      await api.post(`/task/${t.id}/complete`, { variables: typed(values) });
    };
    /** Plays a worker: locks the dossier's one task of the topic and completes it. */
    const work = async (
      d: Dossier,
      topic: string,
      answer: (vars: Record<string, unknown>) => Vars = () => ({}),
    ) => {
      const locked = await api.post('/external-task/fetchAndLock', {
        workerId: 'proof',
        maxTasks: 1,
        topics: [{ topicName: topic, lockDuration: 60_000, businessKey: d.businessKey }],
      });
      expect(locked).toHaveLength(1);
      expect(locked[0].processInstanceId).toBe(d.id);
      const vars = Object.fromEntries(
        Object.entries(locked[0].variables as Record<string, { value: unknown }>).map(([k, v]) => [
          k,
          v.value,
        ]),
      );
      await api.post(`/external-task/${locked[0].id}/complete`, {
        workerId: 'proof',
        variables: typed(answer(vars)),
      });
    };
    const message = (d: Dossier, messageName: string, values: Vars = {}) =>
      api.post('/message', { messageName, businessKey: d.businessKey, processVariables: typed(values) });
    const waitingFor = async (d: Dossier) =>
      (await api.get(`/event-subscription?processInstanceId=${d.id}&eventType=message`))
        .map((s: { eventName: string }) => s.eventName)
        .sort();
    const endedAt = async (d: Dossier) => {
      const pi = await api.get(`/history/process-instance/${d.id}`);
      const acts = await api.get(
        `/history/activity-instance?processInstanceId=${d.id}&activityType=noneEndEvent`,
      );
      return { state: pi.state, ends: acts.map((a: { activityId: string }) => a.activityId).sort() };
    };
    const variable = async (d: Dossier, name: string) =>
      (await api.get(`/process-instance/${d.id}/variables`))[name]?.value;

    /** Applicant submits; the receipt worker assigns the code and the due dates from the legal times. */
    const submit = async (): Promise<Dossier> => {
      const businessKey = `dossier-${++seq}`;
      const pi = await api.post(`/process-definition/key/${key}/start`, {
        businessKey,
        variables: typed({ dossierId: businessKey, applicantId: 'congdan', procedureCode: key, channel: 2 }),
      });
      const d: Dossier = { id: pi.id as string, businessKey };
      await work(d, TOPICS.receiveDossier, (vars) => {
        // The process hands the worker the legal times it knows, and nothing else.
        expect([vars.legalWorkingDays, vars.completenessCheckWorkingDays, vars.legalClock]).toEqual([
          facts.legalWorkingDays ?? undefined,
          facts.completenessCheckWorkingDays ?? undefined,
          legal ? serializeLegalClock(legal) : undefined,
        ]);
        const dates = receiptDeadlines(
          clock.now(),
          {
            legalWorkingDays: vars.legalWorkingDays as number | undefined,
            completenessCheckWorkingDays: vars.completenessCheckWorkingDays as number | undefined,
            legalClock: vars.legalClock as string | undefined,
          },
          calendar,
        );
        Object.assign(d, dates);
        return { dossierCode: `G13-261201-${String(seq).padStart(5, '0')}`, ...dates };
      });
      // Against the calendar, computed here on its own: the check from receipt, the appointment
      // provisional (the main part as if the dossier were valid and paid when the check ends).
      const receivedOn = vietnamDate(clock.now());
      const checkEnds = legal?.check ? after(receivedOn, legal.check) : undefined;
      expect(d.appointmentDate).toBe(
        legal
          ? afterAll_(
              legal.mainStartsAt === 'valid-and-paid' ? (checkEnds ?? receivedOn) : receivedOn,
              legal.main,
            )
          : undefined,
      );
      if (facts.legalWorkingDays !== null)
        expect(d.appointmentDate).toBe(addWorkingDays(receivedOn, facts.legalWorkingDays));
      expect(d.completenessDueDate).toBe(
        checkEnds ??
          (facts.completenessCheckWorkingDays === null
            ? undefined
            : addWorkingDays(receivedOn, facts.completenessCheckWorkingDays)),
      );
      return d;
    };
    /**
     * The desk accepts; with a fee, the dossier then waits for the payment (status 6) and the
     * applicant pays two working days later. Then the main clock starts (valid + paid): the
     * appointment is recomputed, and checked here against the calendar on its own.
     */
    const accept = async (d: Dossier) => {
      await completeTask(d, 'UserTask_CheckCompleteness', {
        complete: true,
        ...(tiered ? { feeTier: 'muc-2' } : {}),
      });
      const validOn = vietnamDate(clock.now());
      if (facts.paymentStep) {
        expect(await api.get(`/task?processInstanceId=${d.id}`)).toEqual([]);
        // The fee, the withdrawal, and an online payment request (its timer: portal/test/payment.test.ts).
        expect(await waitingFor(d)).toEqual([PAYMENT_MESSAGE, WITHDRAW_MESSAGE, PAYMENT_REQUESTED_MESSAGE]);
        clock.set(new Date(`${addWorkingDays(validOn, 2)}T10:00:00+07:00`));
        await message(d, PAYMENT_MESSAGE, { paymentReference: `PAY-${d.businessKey}` });
      }
      expect(g.files['process.bpmn']!.includes('id="ServiceTask_StartMainClock"')).toBe(facts.mainClockStep);
      if (!facts.mainClockStep || !legal) return;
      const paidOn = vietnamDate(clock.now());
      await work(d, TOPICS.startMainClock, (vars) => {
        // Stamped by the engine's clock when the token arrived: valid and paid.
        expect(parseCamundaDate(vars.mainClockStartedAt as string)?.toISOString()).toBe(
          clock.now().toISOString(),
        );
        const r = mainClockVariables(vars, calendar);
        return {
          appointmentDate: r.appointmentDate,
          mainClockStartedOn: r.mainClockStartedOn,
          paymentWaitDays: r.paymentWaitDays,
          ...(r.previousAppointmentDate ? { previousAppointmentDate: r.previousAppointmentDate } : {}),
        };
      });
      d.appointmentDate =
        legal.mainStartsAt === 'valid-and-paid'
          ? // The main part counts from the day the dossier is valid and paid.
            afterAll_(paidOn, legal.main)
          : // One whole time: waiting for the payment does not consume it.
            extended(d.appointmentDate!, paused(validOn, paidOn, mainKind), mainKind);
      expect(await variable(d, 'appointmentDate')).toBe(d.appointmentDate);
      expect(await variable(d, 'mainClockStartedOn')).toBe(paidOn);
    };
    /** Appraisal, then every extra step (the optional ones when `needs`), the agency's answer included. */
    const appraise = async (d: Dossier, needs: boolean) => {
      await completeTask(d, 'UserTask_AppraiseDossier', {
        recommendation: 'approve',
        ...Object.fromEntries(optionalVars.map((v) => [v, needs])),
      });
      const steps = [...mandatoryExtra, ...(needs ? optionalVars.map((v) => v.slice('needs'.length)) : [])];
      for (const s of steps) {
        await completeTask(d, `UserTask_${s}`, {
          [`${s[0]!.toLowerCase()}${s.slice(1)}Note`]: 'Đã thực hiện',
        });
        if (s === 'Consultation') {
          // Waiting for the other agency: a visible state, left on its answer.
          expect(await api.get(`/task?processInstanceId=${d.id}`)).toEqual([]);
          expect(await waitingFor(d)).toEqual([AGENCY_REPLY_MESSAGE, WITHDRAW_MESSAGE]);
          await message(d, AGENCY_REPLY_MESSAGE, { agencyReplyNote: 'Đồng ý' });
        }
      }
    };

    it('happy path: received, accepted, paid (when a fee), appraised through every step, approved, returned', async () => {
      clock.set(T0);
      const d = await submit();
      expect(await variable(d, 'appointmentDate')).toBe(d.appointmentDate);
      // The desk finds the dossier valid the next day (Wednesday 2 December).
      clock.set(CHECKED_AT);
      await accept(d);
      if (tiered) {
        const tier2 = g.files['fee.dmn']!.match(
          /<rule id="Rule_Tier2">[\s\S]*?<outputEntry[^>]*><text>(\d+)<\/text>/,
        )![1];
        expect(await variable(d, 'feeVnd')).toBe(Number(tier2));
      }
      if (fixedFee) expect(await variable(d, 'feeVnd')).toBe(Number(fixedFee));
      await appraise(d, true);
      await completeTask(d, 'UserTask_ApproveDossier', { approved: true });
      // The electronic result is signed before it is returned: only the signing task waits.
      expect(
        (await api.get(`/external-task?processInstanceId=${d.id}`)).map(
          (t: { topicName: string; activityId: string }) => [t.activityId, t.topicName],
        ),
      ).toEqual([['ServiceTask_SignResult', TOPICS.signResult]]);
      await work(d, TOPICS.signResult, () => ({ resultNumber: 'KQ-2026-000001' }));
      await work(d, TOPICS.returnResult, () => ({ resultNumber: 'KQ-2026-000001', outcome: 'approved' }));
      expect(await endedAt(d)).toEqual({ state: 'COMPLETED', ends: ['EndEvent_ResultReturned'] });
    });

    it('one supplement round pauses the clock: the due dates move by the working days paused, then the leader refuses', async () => {
      clock.set(T0);
      const d = await submit();
      const before = { ...d };
      await completeTask(d, 'UserTask_CheckCompleteness', {
        complete: false,
        requestSupplement: true,
        completenessNote: 'Thiếu bản sao văn bằng',
      });
      expect(await api.get(`/task?processInstanceId=${d.id}`)).toEqual([]);
      expect(await waitingFor(d)).toEqual([SUPPLEMENT_MESSAGE, WITHDRAW_MESSAGE]);
      clock.set(SUPPLEMENTED_AT);
      await message(d, SUPPLEMENT_MESSAGE, { supplementNote: 'Đã bổ sung bản sao văn bằng' });
      await work(d, TOPICS.resumeClock, (vars) => {
        const r = resumeClock(
          {
            supplementRequestedAt: parseCamundaDate(vars.supplementRequestedAt as string)!,
            appointmentDate: vars.appointmentDate as string | undefined,
            completenessDueDate: vars.completenessDueDate as string | undefined,
            pausedWorkingDays: vars.pausedWorkingDays as number | undefined,
            legalClock: vars.legalClock as string | undefined,
          },
          clock.now(),
          calendar,
        );
        expect(r.roundWorkingDays).toBe(PAUSED_WORKING_DAYS);
        return {
          pausedWorkingDays: r.pausedWorkingDays,
          ...(r.appointmentDate ? { appointmentDate: r.appointmentDate } : {}),
          ...(r.previousAppointmentDate ? { previousAppointmentDate: r.previousAppointmentDate } : {}),
          ...(r.completenessDueDate ? { completenessDueDate: r.completenessDueDate } : {}),
        };
      });
      // The request was stamped by the engine's clock when the wait began.
      expect(parseCamundaDate(await variable(d, 'supplementRequestedAt'))?.toISOString()).toBe(
        T0.toISOString(),
      );
      expect(await variable(d, 'pausedWorkingDays')).toBe(PAUSED_WORKING_DAYS);
      // Moved by the days paused, in the kind of day each clock counts (Tue 1 → Mon 7 December:
      // 4 working days, 6 calendar days).
      const moved = (date: string | undefined, kind: ClockUnit) =>
        date && extended(date, paused(vietnamDate(T0), vietnamDate(SUPPLEMENTED_AT), kind), kind);
      d.appointmentDate = moved(before.appointmentDate, mainKind);
      d.completenessDueDate = moved(before.completenessDueDate, legal?.check?.unit ?? 'working-days');
      expect(await variable(d, 'appointmentDate')).toBe(d.appointmentDate);
      expect(await variable(d, 'previousAppointmentDate')).toBe(before.appointmentDate);
      expect(await variable(d, 'supplementNote')).toBe('Đã bổ sung bản sao văn bằng');
      // The tasks from here carry the moved dates (completeTask checks each due); the main clock
      // then starts from the day of the accepted supplement.
      await accept(d);
      await appraise(d, false);
      await completeTask(d, 'UserTask_ApproveDossier', {
        approved: false,
        decisionNote: 'Không đủ điều kiện',
      });
      await work(d, TOPICS.returnResult, () => ({ outcome: 'refused' }));
      expect(await endedAt(d)).toEqual({ state: 'COMPLETED', ends: ['EndEvent_Refused'] });
      clock.set(T0);
    });

    it('refusal at the desk: not accepted (national status 3)', async () => {
      clock.set(T0);
      const d = await submit();
      await completeTask(d, 'UserTask_CheckCompleteness', {
        complete: false,
        requestSupplement: false,
        completenessNote: 'Không thuộc thẩm quyền',
      });
      expect(await endedAt(d)).toEqual({ state: 'COMPLETED', ends: ['EndEvent_NotAccepted'] });
    });

    it('stop of processing by the leader (form 05, status 8), with the reasons', async () => {
      clock.set(T0);
      const d = await submit();
      await accept(d);
      await appraise(d, false);
      await completeTask(d, 'UserTask_ApproveDossier', {
        approved: false,
        stopProcessing: true,
        decisionNote: 'Tổ chức đề nghị dừng để bổ sung giấy phép liên quan',
      });
      await work(d, TOPICS.stop, (vars) => {
        expect(vars.decisionNote).toBe('Tổ chức đề nghị dừng để bổ sung giấy phép liên quan');
        return {};
      });
      expect(await endedAt(d)).toEqual({ state: 'COMPLETED', ends: ['EndEvent_Stopped'] });
    });

    it('withdrawal by the applicant during the appraisal cancels tasks and timers (status 7)', async () => {
      clock.set(T0);
      const d = await submit();
      await accept(d);
      await taskOf(d, 'UserTask_AppraiseDossier');
      expect((await api.get(`/job?processInstanceId=${d.id}&timers=true`)).length).toBe(
        legal === null ? 0 : 2,
      );
      await message(d, WITHDRAW_MESSAGE);
      expect(await api.get(`/task?processInstanceId=${d.id}`)).toEqual([]);
      expect(await api.get(`/job?processInstanceId=${d.id}`)).toEqual([]);
      expect(await endedAt(d)).toEqual({ state: 'COMPLETED', ends: ['EndEvent_Withdrawn'] });
    });

    if (legal === null) {
      it('late case: no legal clock (time unknown, or "ngày" of unknown kind), so no due date and no deadline timer — nothing to be late against', async () => {
        clock.set(T0);
        const d = await submit();
        await accept(d);
        await taskOf(d, 'UserTask_AppraiseDossier');
        expect(await api.get(`/job?processInstanceId=${d.id}`)).toEqual([]);
        clock.set(new Date('2027-12-01T02:00:00.000Z'));
        await engine.jobs.runDue();
        expect(await variable(d, 'late')).toBeUndefined();
        await message(d, WITHDRAW_MESSAGE);
        clock.set(T0);
      });
      return;
    }

    it('late case: a reminder on the appointment day, then late = true and the apology; the dossier still completes', async () => {
      clock.set(T0);
      const d = await submit();
      await accept(d);
      await taskOf(d, 'UserTask_AppraiseDossier');
      expect(await variable(d, 'late')).toBeUndefined();

      clock.set(new Date(`${d.appointmentDate}T07:59:00+07:00`));
      await engine.jobs.runDue();
      expect(await api.get(`/external-task?processInstanceId=${d.id}&topicName=${TOPICS.escalate}`)).toEqual(
        [],
      );
      clock.set(new Date(`${d.appointmentDate}T08:00:00+07:00`));
      await engine.jobs.runDue();
      await work(d, TOPICS.escalate);
      expect(await variable(d, 'late')).toBeUndefined();

      // One second before the end of the appointment day nothing happens; after it the dossier is late.
      clock.set(new Date(`${d.appointmentDate}T16:59:59+07:00`));
      await engine.jobs.runDue();
      expect(await variable(d, 'late')).toBeUndefined();
      clock.set(new Date(`${d.appointmentDate}T17:00:01+07:00`));
      await engine.jobs.runDue();
      expect(await variable(d, 'late')).toBe(true);
      await work(d, TOPICS.apology, () => ({ newAppointmentDate: addWorkingDays(d.appointmentDate!, 5) }));

      // Processing goes on; the later steps' timers, already due, send nothing twice.
      await appraise(d, false);
      await taskOf(d, 'UserTask_ApproveDossier');
      await engine.jobs.runDue();
      expect(await api.get(`/external-task?processInstanceId=${d.id}`)).toEqual([]);
      await completeTask(d, 'UserTask_ApproveDossier', { approved: true });
      await work(d, TOPICS.signResult, () => ({ resultNumber: 'KQ-2026-000002' }));
      await work(d, TOPICS.returnResult, () => ({ resultNumber: 'KQ-2026-000002', outcome: 'approved' }));
      const { state, ends } = await endedAt(d);
      expect(state).toBe('COMPLETED');
      expect(ends).toEqual(
        expect.arrayContaining([
          'EndEvent_ApologySent',
          'EndEvent_EscalationSent',
          'EndEvent_ResultReturned',
        ]),
      );
      // The statistics read `late` from history once the dossier is done.
      const hist = await api.get(`/history/variable-instance?processInstanceId=${d.id}&variableName=late`);
      expect(hist.map((v: { value: unknown }) => v.value)).toEqual([true]);
      clock.set(T0);
    });
  });
});
