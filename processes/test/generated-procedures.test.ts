import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { addDays, addWorkingDays, isWorkingDay, vietnamDate } from '@motcua/domain';
import { parseCamundaDate, startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { generateCatalogue, SUPPLEMENT_MESSAGE, WITHDRAW_MESSAGE, TOPICS } from '@motcua/processes';
import { EngineRest, typed } from './engine-rest.js';

/**
 * The proof of issue 4: every generated procedure is deployed to the real engine and walked
 * through REST — happy path, one supplement round, refusal at the desk, refusal by the leader,
 * and a late case where the engine's clock moves past the appointment date.
 */
const dialects = await testDatabases();
const { generated } = generateCatalogue();
// Tuesday 1 December 2026, 09:00 in Hà Nội.
const T0 = new Date('2026-12-01T02:00:00.000Z');
// The receipt worker computes the appointment date; the test plays it with the legal working
// days where the description has them, else a stand-in of 15.
const STAND_IN_WORKING_DAYS = 15;

function workingDayBefore(date: string): string {
  let d = addDays(date, -1);
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

describe.each(dialects)('generated procedures on the engine ($dialect)', (factory) => {
  let engine: RunningEngine;
  let api: EngineRest;
  let clock: TestClock;
  let drop: (() => Promise<void>) | undefined;
  let seq = 0;

  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    clock = new TestClock(T0);
    // Time moves only when a test moves it and jobs run only when it calls runDue().
    engine = await startEngine({ dbUrl: db.url, port: 0, clock, jobExecutor: { enabled: false } });
    api = new EngineRest(engine.url);
    for (const g of generated) await api.deploy(g.key, g.files);
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  describe.each(generated.map((g) => [g.key, g] as const))('%s', (key, g) => {
    const tiered = 'fee.dmn' in g.files;
    const optionalVars = (g.files['appraise-dossier.form']!.match(/"key": "needs[A-Za-z]+"/g) ?? []).map(
      (m) => m.slice(8, -1),
    );
    const workingDays = () => {
      const m = g.files['process.bpmn']!.match(/Processing time as stated: ([^;]+);/);
      // 5wd+10wd → 15; anything not all in working days → the stand-in.
      const parts = m![1]!.split('+');
      return parts.every((p) => /^\d+wd$/.test(p))
        ? parts.reduce((n, p) => n + parseInt(p, 10), 0)
        : STAND_IN_WORKING_DAYS;
    };

    interface Dossier {
      id: string;
      businessKey: string;
      appointmentDate: string;
    }

    const task = async (d: Dossier, definitionKey: string) => {
      const tasks = await api.get(`/task?processInstanceId=${d.id}`);
      expect(tasks.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual([definitionKey]);
      return tasks[0];
    };
    const completeTask = async (
      d: Dossier,
      definitionKey: string,
      values: Record<string, string | boolean | number>,
    ) => {
      const t = await task(d, definitionKey);
      // Every user task of the dossier is due at the end of the appointment day, Hà Nội time.
      expect(parseCamundaDate(t.due)?.toISOString()).toBe(
        new Date(`${d.appointmentDate}T17:00:00+07:00`).toISOString(),
      );
      await api.post(`/task/${t.id}/complete`, { variables: typed(values) });
    };
    const work = async (
      d: Dossier,
      topic: string,
      values: Record<string, string | boolean | number> = {},
    ) => {
      const locked = await api.post('/external-task/fetchAndLock', {
        workerId: 'proof',
        maxTasks: 1,
        topics: [{ topicName: topic, lockDuration: 60_000, businessKey: d.businessKey }],
      });
      expect(locked).toHaveLength(1);
      expect(locked[0].processInstanceId).toBe(d.id);
      await api.post(`/external-task/${locked[0].id}/complete`, {
        workerId: 'proof',
        variables: typed(values),
      });
    };
    const endedAt = async (d: Dossier) => {
      const pi = await api.get(`/history/process-instance/${d.id}`);
      const acts = await api.get(
        `/history/activity-instance?processInstanceId=${d.id}&activityType=noneEndEvent`,
      );
      return { state: pi.state, ends: acts.map((a: { activityId: string }) => a.activityId).sort() };
    };
    const variable = async (d: Dossier, name: string) =>
      (await api.get(`/process-instance/${d.id}/variables`))[name]?.value;

    /** Applicant submits, the receipt worker assigns the code and appointment date. */
    /** `reminder`: the receipt also sets `reminderDate`, the working day before the appointment. */
    const submit = async (reminder = false): Promise<Dossier> => {
      const businessKey = `dossier-${++seq}`;
      const pi = await api.post(`/process-definition/key/${key}/start`, {
        businessKey,
        variables: typed({ dossierId: businessKey, applicantId: 'congdan', procedureCode: key, channel: 2 }),
      });
      const receivedOn = vietnamDate(clock.now());
      const appointmentDate = addWorkingDays(receivedOn, workingDays());
      const d = { id: pi.id as string, businessKey, appointmentDate };
      await work(d, TOPICS.receiveDossier, {
        dossierCode: `G13-261201-${String(seq).padStart(5, '0')}`,
        appointmentDate,
        ...(reminder ? { reminderDate: workingDayBefore(appointmentDate) } : {}),
      });
      return d;
    };
    const accept = (d: Dossier) =>
      completeTask(d, 'UserTask_CheckCompleteness', {
        complete: true,
        ...(tiered ? { feeTier: 'muc-2' } : {}),
      });
    const appraise = (d: Dossier, needs: boolean) =>
      completeTask(d, 'UserTask_AppraiseDossier', {
        recommendation: 'approve',
        ...Object.fromEntries(optionalVars.map((v) => [v, needs])),
      });

    it('happy path: accepted, appraised (through every optional step), approved, result returned', async () => {
      const d = await submit();
      expect(await variable(d, 'appointmentDate')).toBe(d.appointmentDate);
      await accept(d);
      if (tiered) {
        // The DMN fee table ran: tier 2 as the desk chose it.
        const tier2 = g.files['fee.dmn']!.match(
          /<rule id="Rule_Tier2">[\s\S]*?<outputEntry[^>]*><text>(\d+)<\/text>/,
        )![1];
        expect(await variable(d, 'feeVnd')).toBe(Number(tier2));
      }
      await appraise(d, true);
      for (const v of optionalVars) {
        const stepId = `UserTask_${v.slice('needs'.length)}`;
        await completeTask(d, stepId, {});
      }
      await completeTask(d, 'UserTask_ApproveDossier', { approved: true });
      await work(d, TOPICS.returnResult, { resultNumber: 'KQ-2026-000001', outcome: 'approved' });
      expect(await endedAt(d)).toEqual({ state: 'COMPLETED', ends: ['EndEvent_ResultReturned'] });
    });

    it('one supplement round: the desk asks, the applicant supplements (message by business key), checked again', async () => {
      const d = await submit();
      await completeTask(d, 'UserTask_CheckCompleteness', {
        complete: false,
        requestSupplement: true,
        completenessNote: 'Thiếu bản sao văn bằng',
      });
      expect(await api.get(`/task?processInstanceId=${d.id}`)).toEqual([]);
      const waiting = await api.get(`/event-subscription?processInstanceId=${d.id}&eventType=message`);
      expect(waiting.map((s: { eventName: string }) => s.eventName).sort()).toEqual([
        SUPPLEMENT_MESSAGE,
        WITHDRAW_MESSAGE,
      ]);
      await api.post('/message', {
        messageName: SUPPLEMENT_MESSAGE,
        businessKey: d.businessKey,
        processVariables: typed({ supplementNote: 'Đã bổ sung bản sao văn bằng' }),
      });
      expect(await variable(d, 'supplementNote')).toBe('Đã bổ sung bản sao văn bằng');
      await accept(d);
      await appraise(d, false);
      // Skipped optional steps: straight to the leader, who refuses; the refusal is returned.
      await completeTask(d, 'UserTask_ApproveDossier', {
        approved: false,
        decisionNote: 'Không đủ điều kiện',
      });
      await work(d, TOPICS.returnResult, { outcome: 'refused' });
      expect(await endedAt(d)).toEqual({ state: 'COMPLETED', ends: ['EndEvent_Refused'] });
    });

    it('refusal at the desk: not accepted (national status 3)', async () => {
      const d = await submit();
      await completeTask(d, 'UserTask_CheckCompleteness', {
        complete: false,
        requestSupplement: false,
        completenessNote: 'Không thuộc thẩm quyền',
      });
      expect(await endedAt(d)).toEqual({ state: 'COMPLETED', ends: ['EndEvent_NotAccepted'] });
    });

    it('withdrawal by the applicant during the appraisal cancels everything, timers included', async () => {
      const d = await submit();
      await accept(d);
      await task(d, 'UserTask_AppraiseDossier');
      expect((await api.get(`/job?processInstanceId=${d.id}&timers=true`)).length).toBe(2);
      await api.post('/message', { messageName: WITHDRAW_MESSAGE, businessKey: d.businessKey });
      expect(await api.get(`/task?processInstanceId=${d.id}`)).toEqual([]);
      expect(await api.get(`/job?processInstanceId=${d.id}`)).toEqual([]);
      expect(await endedAt(d)).toEqual({ state: 'COMPLETED', ends: ['EndEvent_Withdrawn'] });
    });

    it('the reminder comes at 08:00 on the reminderDate the receipt set, not before', async () => {
      clock.set(T0);
      const d = await submit(true);
      await accept(d);
      const remindOn = workingDayBefore(d.appointmentDate);
      clock.set(new Date(`${remindOn}T07:59:00+07:00`));
      await engine.jobs.runDue();
      expect(await api.get(`/external-task?processInstanceId=${d.id}&topicName=${TOPICS.escalate}`)).toEqual(
        [],
      );
      clock.set(new Date(`${remindOn}T08:00:00+07:00`));
      await engine.jobs.runDue();
      expect(
        await api.get(`/external-task?processInstanceId=${d.id}&topicName=${TOPICS.escalate}`),
      ).toHaveLength(1);
      await work(d, TOPICS.escalate);
      expect(await variable(d, 'late')).toBeUndefined();
      await api.post('/message', { messageName: WITHDRAW_MESSAGE, businessKey: d.businessKey });
      clock.set(T0);
    });

    it('late case: a reminder on the appointment day, then the apology (late = true) without stopping the appraisal', async () => {
      clock.set(T0);
      const d = await submit();
      await accept(d);
      await task(d, 'UserTask_AppraiseDossier');
      expect(await variable(d, 'late')).toBeUndefined();

      // 08:00 on the appointment day: the reminder goes to the unit leader.
      clock.set(new Date(`${d.appointmentDate}T08:00:00+07:00`));
      await engine.jobs.runDue();
      await work(d, TOPICS.escalate);
      expect(await variable(d, 'late')).toBeUndefined();

      // 17:00: the deadline passes; the dossier is late and the apology letter goes out.
      clock.set(new Date(`${d.appointmentDate}T17:00:01+07:00`));
      await engine.jobs.runDue();
      expect(await variable(d, 'late')).toBe(true);
      await work(d, TOPICS.apology, { newAppointmentDate: addWorkingDays(d.appointmentDate, 5) });

      // Processing goes on. The leader's step arms its own deadline timers, already due: they
      // find the dossier reminded and late, and neither letter goes out twice.
      await appraise(d, false);
      await task(d, 'UserTask_ApproveDossier');
      await engine.jobs.runDue();
      const openExternal = await api.get(`/external-task?processInstanceId=${d.id}`);
      expect(openExternal).toEqual([]);
      await completeTask(d, 'UserTask_ApproveDossier', { approved: true });
      await work(d, TOPICS.returnResult, { resultNumber: 'KQ-2026-000002', outcome: 'approved' });
      expect(await endedAt(d)).toEqual({
        state: 'COMPLETED',
        ends: [
          'EndEvent_AlreadyLate',
          'EndEvent_AlreadyReminded',
          'EndEvent_ApologySent',
          'EndEvent_EscalationSent',
          'EndEvent_ResultReturned',
        ],
      });
      clock.set(T0);
    });

    it("late at the leader's desk: the approval's timers remind and apologise once", async () => {
      clock.set(T0);
      const d = await submit();
      await accept(d);
      await appraise(d, false);
      await task(d, 'UserTask_ApproveDossier');
      clock.set(new Date(`${d.appointmentDate}T08:00:00+07:00`));
      await engine.jobs.runDue();
      await work(d, TOPICS.escalate);
      clock.set(new Date(`${d.appointmentDate}T17:00:01+07:00`));
      await engine.jobs.runDue();
      expect(await variable(d, 'late')).toBe(true);
      await work(d, TOPICS.apology);
      await completeTask(d, 'UserTask_ApproveDossier', { approved: true });
      await work(d, TOPICS.returnResult, { resultNumber: 'KQ-2026-000003', outcome: 'approved' });
      expect(await endedAt(d)).toEqual({
        state: 'COMPLETED',
        ends: ['EndEvent_ApologySent', 'EndEvent_EscalationSent', 'EndEvent_ResultReturned'],
      });
      clock.set(T0);
    });
  });
});
