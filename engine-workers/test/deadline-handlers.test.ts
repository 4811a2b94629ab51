import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { createHolidayStore, DossierLifeStore } from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { buildStatutoryYear, silentLogger } from '@motcua/domain';
import { loadCatalogue } from '@motcua/processes';
import {
  apologyHandler,
  escalateDeadlineHandler,
  startMainClockHandler,
  type ExternalTaskInfo,
} from '@motcua/engine-workers';
import { addWorkingDays, createWorkingCalendar } from '@motcua/domain';

// The deadline handlers on a real database, given tasks as the runtime hands them over.
const dialects = await testDatabases();
const catalogue = loadCatalogue();

function task(pi: string, topicName: string, variables: Record<string, unknown>): ExternalTaskInfo {
  return {
    id: `et-${pi}`,
    topicName,
    processInstanceId: pi,
    processDefinitionKey: 'most-chung-chi-nhan-vien-buc-xa',
    activityId: topicName === 'notify.escalate' ? 'ServiceTask_EscalateDeadline' : 'ServiceTask_SendApology',
    businessKey: `dossier-${pi}`,
    retries: null,
    variables,
  };
}

const vars = {
  procedureCode: '1.009846',
  dossierCode: 'G13.ATBXHN-261120-00007',
  appointmentDate: '2026-11-27',
  receivedAt: new Date('2026-11-06T02:00:00Z'),
};

describe.each(dialects)('deadline handlers on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let life: DossierLifeStore;
  // Friday 27/11/2026, 17:30 in Hà Nội: the appointment day has just ended.
  const now = new Date('2026-11-27T10:30:00Z');
  const clock = () => now;

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    life = new DossierLifeStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('escalates to the leader group once, with a history entry, even when redelivered', async () => {
    const escalate = escalateDeadlineHandler({ life, catalogue, clock });
    const first = await escalate.handle({
      task: task('pi-e1', 'notify.escalate', vars),
      logger: silentLogger,
    });
    const again = await escalate.handle({
      task: task('pi-e1', 'notify.escalate', vars),
      logger: silentLogger,
    });
    expect(first).toEqual({ escalatedAt: now });
    expect(again).toEqual({ escalatedAt: now });

    const notes = await life.listNotifications(['lanh-dao']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      recipientGroup: 'lanh-dao',
      dossierId: 'dossier-pi-e1',
      dossierCode: 'G13.ATBXHN-261120-00007',
      kind: 'deadline-approaching',
      dueDate: '2026-11-27',
    });
    expect(notes[0]!.textVi).toContain('sắp đến hạn trả kết quả ngày 27/11/2026');
    expect(await life.listNotifications(['chuyen-vien'])).toEqual([]);

    const history = await life.listHistory('dossier-pi-e1');
    expect(history.map((h) => [h.kind, h.statusCode, h.actor])).toEqual([
      ['deadline-approaching', null, 'system'],
    ]);
  });

  it('issues the apology letter (form 04) with a new date 5 working days on, late = true, once', async () => {
    const apology = apologyHandler({ ds, life, catalogue, clock });
    const out = await apology.handle({ task: task('pi-a1', 'dossier.apology', vars), logger: silentLogger });
    // 5 working days after Fri 27/11/2026: 30/11, 1, 2, 3, 4/12 → Fri 04/12/2026.
    expect(out).toMatchObject({ late: true, newAppointmentDate: '2026-12-04' });

    const docs = await life.listDocuments('dossier-pi-a1');
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ kind: 'apology-letter', formNo: '04', newAppointmentDate: '2026-12-04' });
    expect(docs[0]!.titleVi).toBe('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
    expect(docs[0]!.body).toContain('hẹn trả kết quả ngày 27/11/2026');
    expect(docs[0]!.body).toContain('hẹn lại ngày trả kết quả là ngày 04/12/2026');
    expect(docs[0]!.body).toContain('Cục An toàn bức xạ và hạt nhân');

    // Redelivered a working day later: the letter of the first delivery, the same date.
    const later = apologyHandler({ ds, life, catalogue, clock: () => new Date('2026-11-30T03:00:00Z') });
    const again = await later.handle({ task: task('pi-a1', 'dossier.apology', vars), logger: silentLogger });
    expect(again).toMatchObject({ late: true, newAppointmentDate: '2026-12-04' });
    expect(await life.listDocuments('dossier-pi-a1')).toHaveLength(1);
    const history = await life.listHistory('dossier-pi-a1');
    expect(history.map((h) => [h.kind, h.statusCode])).toEqual([['late', 4]]);
  });

  it('counts the new date on the holiday table saved in the database', async () => {
    const y = buildStatutoryYear(2026);
    await createHolidayStore(ds).saveYear(
      { ...y, daysOff: [...y.daysOff, { date: '2026-12-02', nameVi: 'Nghỉ thử nghiệm' }] },
      { savedBy: 'admin' },
    );
    const apology = apologyHandler({ ds, life, catalogue, clock });
    const out = await apology.handle({ task: task('pi-a2', 'dossier.apology', vars), logger: silentLogger });
    expect(out).toMatchObject({ newAppointmentDate: '2026-12-07' });
  });

  it('counts from the old appointment date when the letter goes out before it', async () => {
    const apology = apologyHandler({ ds, life, catalogue, clock, extensionWorkingDays: 2 });
    const out = await apology.handle({
      task: task('pi-a3', 'dossier.apology', { ...vars, appointmentDate: '2026-12-10' }),
      logger: silentLogger,
    });
    expect(out).toMatchObject({ newAppointmentDate: '2026-12-14' });
  });

  it('fails (technical, retried) when the task is not tied to a dossier', async () => {
    const escalate = escalateDeadlineHandler({ life, catalogue, clock });
    const t = { ...task('pi-x', 'notify.escalate', { ...vars }), businessKey: null };
    await expect(escalate.handle({ task: t, logger: silentLogger })).rejects.toThrow(/no business key/);
  });

  it('starts the main clock of a split time from the day the dossier was valid and paid', async () => {
    // 5 working days of check, then 10 of appraisal counted once the dossier is valid and paid.
    const legalClock = JSON.stringify({
      check: { amount: 5, unit: 'working-days' },
      main: [{ amount: 10, unit: 'working-days' }],
      mainStartsAt: 'valid-and-paid',
    });
    const calendar = createWorkingCalendar();
    const start = startMainClockHandler({ ds, life, calendar });
    const t = task('pi-m1', 'dossier.start-main-clock', {
      ...vars,
      legalClock,
      appointmentDate: '2026-11-27',
      // Paid and valid on Wednesday 02/12/2026 (Hà Nội).
      mainClockStartedAt: new Date('2026-12-02T03:00:00Z'),
    });
    const out = await start.handle({ task: t, logger: silentLogger });
    expect(out).toMatchObject({
      mainClockStartedOn: '2026-12-02',
      appointmentDate: addWorkingDays('2026-12-02', 10),
      previousAppointmentDate: '2026-11-27',
    });
    // Redelivered: the same dates, one history entry.
    expect(await start.handle({ task: t, logger: silentLogger })).toEqual(out);
    const history = await life.listHistory('dossier-pi-m1');
    expect(history.map((h) => [h.kind, h.statusCode])).toEqual([['main-clock-started', 4]]);
    expect(history[0]!.textVi).toContain('16/12/2026');
  });

  it('fails (technical) when the process did not hand over its legal clock', async () => {
    const start = startMainClockHandler({ ds, life });
    const t = task('pi-m2', 'dossier.start-main-clock', { ...vars, mainClockStartedAt: new Date() });
    await expect(start.handle({ task: t, logger: silentLogger })).rejects.toThrow(/legalClock is missing/);
  });
});
