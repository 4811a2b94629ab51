/**
 * The generated dossier life on the real engine with the real workers and their real database,
 * on SQLite and MariaDB: time moves by the engine's clock (job executor off, due jobs run on
 * demand), never by sleeping. Given a published generated procedure, when the desk asks for a
 * supplement, the applicant answers days later, the deadline comes and passes, and the leader
 * stops the processing, then: the clock resumes with the paused working days, the leader is
 * reminded, the apology letter (form 04) gives a new date on the calendar, the stop notice (form
 * 05) is issued, and the dossier's history holds each status change with its national code.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { DossierLifeStore } from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { addWorkingDays, silentLogger } from '@motcua/domain';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { loadPublishedCatalogue, startWorkers, type RunningWorkers } from '@motcua/engine-workers';

const dialects = await testDatabases();
jest.setTimeout(120_000);

const KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
const catalogue = loadPublishedCatalogue();
const entry = catalogue.find((e) => e.key === KEY)!;
// Monday 07/12/2026, 09:00 in Hà Nội.
const T0 = new Date('2026-12-07T02:00:00.000Z');

type Typed = { value: unknown; type: string };
const typed = (values: Record<string, unknown>): Record<string, Typed> =>
  Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      v instanceof Date
        ? { value: v.toISOString().replace('Z', '+0000'), type: 'Date' }
        : { value: v, type: typeof v === 'boolean' ? 'Boolean' : 'String' },
    ]),
  );

describe.each(dialects)('generated dossier life with the workers on $dialect', (factory) => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let workers: RunningWorkers;
  let ds: DataSource;
  let life: DossierLifeStore;
  const clock = new TestClock(T0);

  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(engine.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const v = await probe();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const vars = (pi: string) => api<Record<string, { value: unknown }>>(`/process-instance/${pi}/variables`);
  const task = (pi: string, key: string) =>
    until(
      key,
      async () =>
        (await api<Array<{ id: string }>>(`/task?processInstanceId=${pi}&taskDefinitionKey=${key}`))[0],
    );
  const complete = async (pi: string, key: string, values: Record<string, unknown>) =>
    api(`/task/${(await task(pi, key)).id}/complete`, { variables: typed(values) });

  beforeAll(async () => {
    db = await factory.create();
    engine = await startEngine({
      dbUrl: db.url,
      port: 0,
      host: '127.0.0.1',
      clock,
      jobExecutor: { enabled: false },
    });
    const form = new FormData();
    form.append('deployment-name', KEY);
    form.append(entry.bpmnFileName, new Blob([entry.bpmnXml], { type: 'text/xml' }), entry.bpmnFileName);
    for (const [id, file] of Object.entries(entry.formFileNames))
      form.append(file, new Blob([JSON.stringify(entry.forms[id])], { type: 'application/json' }), file);
    for (const r of entry.extraResources)
      form.append(r.name, new Blob([r.content], { type: r.contentType }), r.name);
    const res = await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    workers = await startWorkers({
      engineUrl: engine.url,
      dbUrl: db.url,
      catalogue,
      clock: () => clock.now(),
      asyncResponseTimeoutMs: 1_000,
      pollIntervalMs: 50,
      historyPollMs: 100,
      logger: silentLogger,
    });
    ds = await openDatabase({ url: db.url, migrate: false });
    life = new DossierLifeStore(ds);
  });
  afterAll(async () => {
    await workers?.close();
    await ds?.destroy();
    await engine?.close();
    await db?.drop();
  });

  it('supplement round, reminder, apology with a new date, stop notice — each in the history', async () => {
    const dossierId = `dossier-${factory.dialect}-1`;
    const { id: pi } = await api<{ id: string }>(`/process-definition/key/${KEY}/start`, {
      businessKey: dossierId,
      variables: typed({
        fullName: 'Trần Thị Bình',
        citizenId: '001190012345',
        address: 'Số 1 Tràng Tiền, Hà Nội',
        phone: '0912345678',
        email: 'binh.tran@example.vn',
        dossierId,
        procedureCode: entry.code,
      }),
    });

    // Receipt: 5 working days from Mon 07/12/2026 → Mon 14/12/2026.
    await task(pi, 'UserTask_CheckCompleteness');
    expect((await vars(pi)).appointmentDate?.value).toBe(addWorkingDays('2026-12-07', 5));

    // The desk asks for a supplement; the applicant answers three working days later (Thu 10/12).
    await complete(pi, 'UserTask_CheckCompleteness', {
      complete: false,
      requestSupplement: true,
      completenessNote: 'Thiếu giấy tờ',
    });
    clock.set(new Date('2026-12-10T03:00:00.000Z'));
    await api('/message', {
      messageName: 'DossierSupplemented',
      businessKey: dossierId,
      processVariables: typed({ supplementNote: 'Đã bổ sung', supplementedAt: clock.now() }),
    });
    await task(pi, 'UserTask_CheckCompleteness');
    const resumed = await vars(pi);
    expect(resumed.pausedWorkingDays?.value).toBe(3);
    expect(resumed.previousAppointmentDate?.value).toBe('2026-12-14');
    const due = addWorkingDays('2026-12-14', 3);
    expect(resumed.appointmentDate?.value).toBe(due); // Thu 17/12/2026

    await complete(pi, 'UserTask_CheckCompleteness', { complete: true });
    await task(pi, 'UserTask_AppraiseDossier');

    // 08:00 on the appointment day: the reminder to the leader group.
    clock.set(new Date(`${due}T08:00:00+07:00`));
    await engine.jobs.runDue();
    const notes = await until('the reminder', async () => {
      const n = await life.listNotifications(['lanh-dao']);
      return n.length > 0 && n;
    });
    expect(notes[0]).toMatchObject({ dossierId, kind: 'deadline-approaching', dueDate: due });
    // The reminder is recorded before the task is reported: wait for the engine to have it too.
    await until('the reminder task completed', async () => (await vars(pi)).escalatedAt);

    // Past 17:00 on the appointment day: late, and the apology letter with a date 5 working days on.
    clock.set(new Date(`${due}T17:00:01+07:00`));
    await engine.jobs.runDue();
    const docs = await until('the apology letter', async () => {
      const d = await life.listDocuments(dossierId);
      return d.length > 0 && d;
    });
    const newDate = addWorkingDays(due, 5);
    expect(docs[0]).toMatchObject({ kind: 'apology-letter', formNo: '04', newAppointmentDate: newDate });
    const late = await until('late = true', async () => {
      const v = await vars(pi);
      return v.newAppointmentDate?.value === newDate && v;
    });
    expect(late.late?.value).toBe(true);

    // The leader stops the processing (form 05).
    await complete(pi, 'UserTask_AppraiseDossier', {
      recommendation: 'refuse',
      appraisalNote: 'Không đủ điều kiện',
    });
    await complete(pi, 'UserTask_ApproveDossier', {
      approved: false,
      stopProcessing: true,
      decisionNote: 'Cơ sở đề nghị dừng để hoàn thiện hồ sơ',
    });
    const stop = await until('the stop notice', async () =>
      (await life.listDocuments(dossierId)).find((d) => d.kind === 'stop-notice'),
    );
    expect(stop).toMatchObject({ formNo: '05' });
    expect(stop.body).toContain('Lý do: Cơ sở đề nghị dừng để hoàn thiện hồ sơ');

    const history = await until('the stopped status in the history', async () => {
      const h = await life.listHistory(dossierId);
      return h.some((e) => e.kind === 'stopped') && h;
    });
    expect(history.map((e) => [e.kind, e.statusCode])).toEqual([
      ['completeness-check', 1],
      ['supplement-requested', 5],
      ['clock-resumed', null],
      ['completeness-check', 1],
      ['accepted', 2],
      ['in-process', 4],
      ['deadline-approaching', null],
      ['late', 4],
      ['in-process', 4],
      ['stopped', 8],
    ]);
    // Read again: nothing is recorded twice.
    await new Promise((r) => setTimeout(r, 300));
    expect(await life.listHistory(dossierId)).toHaveLength(history.length);
  });
});
