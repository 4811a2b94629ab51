/**
 * The national-portal sync against the portal's emulator over real HTTP, on SQLite and MariaDB.
 * Given a dossier whose history records its status changes (through DossierLifeStore, the one
 * writer the history follower and the portal use, which queues each event in the same
 * transaction), when two sync workers send the outbox while the portal answers 500, times out,
 * answers twice and acknowledges out of order — or a worker process is killed after the portal
 * recorded a message and before the worker recorded the answer — then every status change arrives
 * at the portal exactly once and in order, with its progress entry. When the portal keeps
 * answering 500, the dossier's sync is given up on and exactly one engine incident with the
 * portal's answer is raised on its process instance (whatever the workers and restarts); a resend
 * resolves it and delivers each status once, in order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { SsoStore } from '@motcua/db/portal';
import {
  DossierLifeStore,
  DossierStore,
  DvcqgOutboxStore,
  DvcqgSyncOverviewStore,
  PaymentStore,
  PortalUserStore,
  type DossierHistoryRecord,
} from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { silentLogger } from '@motcua/domain';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { DVCQG_DEV_CLIENT, startDvcqgEmulator, type RunningDvcqgEmulator } from '@motcua/emulators';
import {
  DVCQG_INCIDENT_TYPE,
  DvcqgClient,
  DvcqgSyncWorker,
  loadPublishedCatalogue,
} from '@motcua/engine-workers';

const dialects = await testDatabases();
jest.setTimeout(120_000);

const catalogue = loadPublishedCatalogue();
const procedure = catalogue[0]!;

/** The status changes and progress entries of a dossier's life, in order. */
const LIFE: Array<Pick<DossierHistoryRecord, 'statusCode' | 'kind' | 'textVi' | 'actor'>> = [
  { statusCode: 1, kind: 'completeness-check', textVi: 'Kiểm tra tính đầy đủ.', actor: 'system' },
  { statusCode: 2, kind: 'accepted', textVi: 'Được tiếp nhận.', actor: 'system' },
  { statusCode: 4, kind: 'in-process', textVi: 'Chuyển thẩm định.', actor: 'system' },
  { statusCode: 5, kind: 'supplement-requested', textVi: 'Yêu cầu bổ sung.', actor: 'system' },
  { statusCode: null, kind: 'supplemented', textVi: 'Đã bổ sung hồ sơ.', actor: 'applicant-1' },
  { statusCode: 4, kind: 'in-process', textVi: 'Trình lãnh đạo.', actor: 'system' },
  { statusCode: 9, kind: 'processed', textVi: 'Đã xử lý xong.', actor: 'system' },
  { statusCode: 10, kind: 'result-returned', textVi: 'Đã trả kết quả.', actor: 'system' },
];

/** A process that waits at a user task: a running instance for the incidents to be raised on. */
const WAITING_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="motcua-test">
  <process id="dvcqgWaiting" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <userTask id="wait" name="Chờ" />
    <sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

interface IncidentDto {
  id: string;
  incidentType: string;
  incidentMessage: string | null;
  configuration: string | null;
  processInstanceId: string;
}

const until = async <T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
) => {
  for (let i = 0; i < 1200; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.each(dialects)('national portal sync on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let emulator: RunningDvcqgEmulator;
  let engine: RunningEngine;
  let life: DossierLifeStore;
  let outbox: DvcqgOutboxStore;
  const workers: DvcqgSyncWorker[] = [];
  const sources: DataSource[] = [];
  let seq = 0;

  const client = (options: { timeoutMs?: number; now?: () => number } = {}) =>
    new DvcqgClient({
      baseUrl: emulator.url,
      clientId: DVCQG_DEV_CLIENT.id,
      clientSecret: DVCQG_DEV_CLIENT.secret,
      timeoutMs: options.timeoutMs ?? 2_000,
      ...(options.now ? { now: options.now } : {}),
    });

  const worker = async (
    id: string,
    options: { maxAttempts?: number; timeoutMs?: number; incidents?: boolean } = {},
  ) => {
    const wds = await openDatabase({ url: db.url, migrate: false });
    sources.push(wds);
    const w = new DvcqgSyncWorker({
      ds: wds,
      client: client(options),
      catalogue,
      unitCode: 'G13',
      workerId: id,
      logger: silentLogger,
      pollMs: 30,
      lockMs: 4_000,
      backoffMs: 30,
      maxBackoffMs: 200,
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.incidents ? { engine: { url: engine.url } } : {}),
    });
    workers.push(w);
    return w;
  };

  /** A portal dossier with its code, as the portal and the receipt worker leave it. */
  const dossier = async (
    applicantId = 'applicant-1',
    processInstanceId?: string,
  ): Promise<{ id: string; code: string }> => {
    seq++;
    const id = `dvcqg-${factory.dialect}-${seq}-${Date.now()}`;
    const code = `G13-261207-${String(seq).padStart(5, '0')}-${factory.dialect}`;
    const store = new DossierStore(ds);
    await store.insertStarting({
      id,
      procedureKey: procedure.key,
      procedureCode: procedure.code,
      applicantId,
      channel: 2,
      submittedAt: new Date('2026-12-07T02:00:00Z'),
      submittedData: { fullName: 'Trần Thị Bình', citizenId: '001190012345', email: 'binh@example.vn' },
    });
    await store.markStarted(id, processInstanceId ?? `pi-${id}`, 1);
    await store.recordProgress(id, { dossierCode: code, statusCode: 1, dueDate: '2026-12-21' });
    return { id, code };
  };

  const record = async (dossierId: string, steps: typeof LIFE, from = 0): Promise<string[]> => {
    const keys: string[] = [];
    for (const [j, s] of steps.entries()) {
      const i = from + j;
      const eventKey = `${dossierId}:${i}:${s.kind}`;
      await life.appendHistory({ ...s, eventKey, dossierId, at: new Date(Date.UTC(2026, 11, 7, 2, i)) });
      keys.push(eventKey);
    }
    return keys;
  };

  const allSent = (dossierId: string, n: number) => async () => {
    const rows = await outbox.listForDossier(dossierId);
    return rows.length === n && rows.every((r) => r.state === 'sent');
  };

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    life = new DossierLifeStore(ds);
    outbox = new DvcqgOutboxStore(ds);
    emulator = await startDvcqgEmulator();
    engine = await startEngine({ dbUrl: db.url, port: 0, host: '127.0.0.1' });
    const form = new FormData();
    form.append('deployment-name', 'dvcqg-waiting');
    form.append('waiting.bpmn', new Blob([WAITING_BPMN], { type: 'text/xml' }), 'waiting.bpmn');
    expect((await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form })).status).toBe(200);
  });
  beforeEach(() => emulator.state.reset());
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.close()));
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
    await ds?.destroy();
    await emulator?.close();
    await engine?.close();
    await db?.drop();
  });

  it('queues each history event once, in the same write as the event', async () => {
    const { id } = await dossier();
    const event = { ...LIFE[0]!, eventKey: `${id}:once`, dossierId: id, at: new Date() };
    expect(await life.appendHistory(event)).toBe(true);
    expect(await life.appendHistory(event)).toBe(false);
    const rows = await outbox.listForDossier(id);
    expect(rows.map((r) => [r.eventKey, r.statusCode, r.state])).toEqual([[`${id}:once`, 1, 'pending']]);
  });

  it('under 500s, a timeout, double answers and out-of-order acknowledgements, two workers deliver every change once and in order', async () => {
    const a = await dossier();
    const b = await dossier();
    const keysA = await record(a.id, LIFE.slice(0, 4));
    const keysB = await record(b.id, [LIFE[0]!, { ...LIFE[1]!, statusCode: 3, kind: 'not-accepted' }]);
    emulator.state.faults = { http500: 3, timeout: 1, timeoutMs: 1_500, doubleAnswer: 2, outOfOrderAck: 2 };
    const w1 = await worker('worker-1', { timeoutMs: 700 });
    const w2 = await worker('worker-2', { timeoutMs: 700 });
    w1.start();
    w2.start();
    // The rest of the life happens while the workers send.
    keysA.push(...(await record(a.id, LIFE.slice(4), 4)));
    await until('dossier A sent', allSent(a.id, LIFE.length));
    await until('dossier B sent', allSent(b.id, 2));

    const atPortal = emulator.state.dossiers.get(a.code)!;
    expect(atPortal.statuses.map((s) => s.statusCode)).toEqual([1, 2, 4, 5, 4, 9, 10]);
    const statusKeys = (await outbox.listForDossier(a.id))
      .filter((r) => r.statusCode !== null)
      .map((r) => r.eventKey);
    expect(atPortal.statuses.map((s) => s.eventKey)).toEqual(statusKeys);
    expect(atPortal.progress.map((p) => p.eventKey)).toEqual(keysA);
    expect(atPortal.progress.map((p) => p.content)).toEqual(LIFE.map((s) => s.textVi));
    expect(atPortal.latest).toMatchObject({
      MaHoSo: a.code,
      MaTTHC: procedure.code,
      KenhThucHien: 2,
      TrangThaiHoSo: 10,
      ChuHoSo: 'Trần Thị Bình',
      SoGiayToChuHoSo: '001190012345',
      NgayHenTra: '20261221170000',
      DuocThanhToanTrucTuyen: 0,
      TaiKhoanDuocXacThucVoiVNeID: 0,
    });
    expect(String(atPortal.latest.NgayKetThucXuLy)).toMatch(/^\d{14}$/);
    expect(atPortal.latest.DanhSachHoSoBoSung).toEqual([expect.objectContaining({ TrangThaiBoSung: 2 })]);
    expect(emulator.state.dossiers.get(b.code)!.statuses.map((s) => s.statusCode)).toEqual([1, 3]);
    expect(keysB).toHaveLength(2);

    // The faults did happen: every switch was used up, the portal saw repeats and "already exists".
    expect(emulator.state.faults).toMatchObject({
      http500: 0,
      timeout: 0,
      doubleAnswer: 0,
      outOfOrderAck: 0,
    });
    const answers = emulator.state.requests.map((r) => r.answer);
    expect(answers.filter((x) => x === 'HTTP 500')).toHaveLength(3);
    expect(answers).toContain('03');
    expect([...emulator.state.dossiers.values()].reduce((n, d) => n + d.duplicates, 0)).toBeGreaterThan(0);
    await Promise.all([w1.close(), w2.close()]);
  });

  it('a worker killed after the portal recorded a message and before it recorded the answer: sent again, recorded once', async () => {
    // Paid online, by an applicant signed in through the national SSO (account linked to a citizen ID).
    const applicant = randomUUID();
    await new PortalUserStore(ds).upsert({
      id: applicant,
      username: `cong-dan-${applicant.slice(0, 8)}`,
      displayName: 'Trần Thị Bình',
      passwordHash: 'x',
      role: 'applicant',
      groups: [],
    });
    await new SsoStore(ds).linkCitizenId(applicant, '001190012345');
    const c = await dossier(applicant);
    await new PaymentStore(ds).markDossierPaidOnline(c.id, new Date());
    const [key] = await record(c.id, LIFE.slice(0, 1));
    // The portal records the create, then holds its answer longer than the worker lives. Every
    // call is held, not only the first: the doomed worker also sends rows of the earlier tests'
    // dossiers, and a dossier whose call was not held would be answered and recorded as sent.
    emulator.state.faults = {
      http500: 0,
      timeout: 1_000,
      timeoutMs: 30_000,
      doubleAnswer: 0,
      outOfOrderAck: 0,
    };
    const child = spawnWorker(db.url, emulator.url, 1_500);
    try {
      await until('the portal recorded the first status', () => emulator.state.dossiers.has(c.code));
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((r) => child.once('exit', r));
    const [row] = await outbox.listForDossier(c.id);
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    emulator.state.faults = { ...emulator.state.faults, timeout: 0 };

    const w = await worker('worker-after-kill');
    w.start();
    await until('dossier C sent', allSent(c.id, 1));
    await w.close();
    const atPortal = emulator.state.dossiers.get(c.code)!;
    expect(atPortal.statuses.map((s) => [s.eventKey, s.statusCode])).toEqual([[key, 1]]);
    expect(atPortal.progress.map((p) => p.eventKey)).toEqual([key]);
    expect(atPortal.latest).toMatchObject({ DuocThanhToanTrucTuyen: 1, TaiKhoanDuocXacThucVoiVNeID: 1 });
    // The second worker's create was answered "already exists" and became an update of the same event.
    const creates = emulator.state.requests
      .filter((r) => r.service === 'DongBoHoSoMC' && r.code === c.code)
      .map((r) => r.answer);
    expect(creates).toEqual(['0', '03', '0']);
    // The repeat was recognised (a slow answer under load may add another recognised repeat).
    expect(atPortal.duplicates).toBeGreaterThanOrEqual(1);
  });

  it('a dossier whose sync keeps failing is one engine incident with the portal answer; a resend resolves it and delivers it', async () => {
    const started = await fetch(`${engine.url}/process-definition/key/dvcqgWaiting/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(started.status).toBe(200);
    const pi = ((await started.json()) as { id: string }).id;
    const d = await dossier('applicant-1', pi);
    const keys = await record(d.id, LIFE.slice(0, 2));
    const incidents = async () =>
      (await (await fetch(`${engine.url}/incident?processInstanceId=${pi}`)).json()) as IncidentDto[];

    // The portal keeps answering 500; two workers retry until the first row is given up on.
    emulator.state.faults = { http500: 100_000, timeout: 0, timeoutMs: 0, doubleAnswer: 0, outOfOrderAck: 0 };
    const w1 = await worker('worker-failing-1', { maxAttempts: 3, incidents: true });
    const w2 = await worker('worker-failing-2', { maxAttempts: 3, incidents: true });
    w1.start();
    w2.start();
    const failed = await until('the incident recorded on the failed row', async () => {
      const [head] = await outbox.listForDossier(d.id);
      return head?.state === 'failed' && head.incidentId ? head : undefined;
    });
    expect(failed.lastAnswer).toContain('HTTP 500');
    expect(failed.attempts).toBe(3);
    // Both workers poll on; a worker started afresh (a restart) polls too: still one incident.
    const w3 = await worker('worker-failing-restarted', { maxAttempts: 3, incidents: true });
    for (let i = 0; i < 3; i++) await w3.syncOnce();
    await new Promise((r) => setTimeout(r, 300));
    let open = await incidents();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      id: failed.incidentId,
      incidentType: DVCQG_INCIDENT_TYPE,
      configuration: `dvcqg-outbox:${failed.id}`,
      processInstanceId: pi,
    });
    expect(open[0]!.incidentMessage).toContain('HTTP 500');
    expect(open[0]!.incidentMessage).toContain('sau 3 lần thử');
    expect(open[0]!.incidentMessage).not.toMatch(/bearer|secret|access_token/i);
    // A worker that died after raising and before recording: the next finds the incident, raises none.
    await ds.query('UPDATE dvcqg_outbox SET incident_id = NULL WHERE id = ?', [failed.id]);
    await until('the incident recorded again', async () => {
      const [head] = await outbox.listForDossier(d.id);
      return head?.incidentId === failed.incidentId;
    });
    expect(await incidents()).toHaveLength(1);
    // Nothing after the failed row is sent while it is failed.
    const rows = await outbox.listForDossier(d.id);
    expect(rows.map((r) => r.state)).toEqual(['failed', 'pending']);
    expect(emulator.state.dossiers.has(d.code)).toBe(false);

    // The fault is cleared; the resend (what the officer's and the administrator's pages do).
    emulator.state.faults = { ...emulator.state.faults, http500: 0 };
    expect(await outbox.resend(d.id, new Date())).toBe(1);
    await until('dossier D sent after the resend', allSent(d.id, 2));
    await until('the incident resolved', async () => (await incidents()).length === 0);
    await until('the resolved incident forgotten', async () =>
      (await outbox.listForDossier(d.id)).every((r) => r.incidentId === null),
    );
    open = await incidents();
    expect(open).toEqual([]);
    const atPortal = emulator.state.dossiers.get(d.code)!;
    expect(atPortal.statuses.map((s) => [s.eventKey, s.statusCode])).toEqual([
      [keys[0], 1],
      [keys[1], 2],
    ]);
    expect(atPortal.progress.map((p) => p.eventKey)).toEqual(keys);
  });

  it("the administrators' overview counts the dossiers by sync state and pages them, newest first", async () => {
    // One dossier left failed (given up on at once: maxAttempts 1), one waiting (never sent).
    const failing = await dossier();
    await record(failing.id, LIFE.slice(0, 1));
    emulator.state.faults = { http500: 100, timeout: 0, timeoutMs: 0, doubleAnswer: 0, outOfOrderAck: 0 };
    const w = await worker('worker-overview', { maxAttempts: 1 });
    await until('the failed row', async () => {
      await w.syncOnce();
      return (await outbox.listForDossier(failing.id))[0]?.state === 'failed';
    });
    const waiting = await dossier();
    await record(waiting.id, LIFE.slice(0, 1));

    const raw = (await ds.query('SELECT id, dossier_id, state FROM dvcqg_outbox ORDER BY id')) as Array<{
      id: number;
      dossier_id: string;
      state: string;
    }>;
    const expected = new Map<string, { state: string; lastId: number }>();
    for (const r of raw) {
      const e = expected.get(r.dossier_id) ?? { state: 'sent', lastId: 0 };
      if (r.state === 'failed') e.state = 'failed';
      else if (r.state === 'pending' && e.state !== 'failed') e.state = 'waiting';
      e.lastId = Math.max(e.lastId, Number(r.id));
      expected.set(r.dossier_id, e);
    }
    const newestFirst = [...expected.entries()].sort((a, b) => b[1].lastId - a[1].lastId).map(([id]) => id);
    const count = (state: string) => [...expected.values()].filter((e) => e.state === state).length;

    const overview = new DvcqgSyncOverviewStore(ds);
    const first = await overview.page({ offset: 0, limit: 2 });
    const second = await overview.page({ offset: 2, limit: 2 });
    expect(first.counts).toEqual({ failed: count('failed'), waiting: count('waiting'), sent: count('sent') });
    expect(first.counts.failed).toBeGreaterThanOrEqual(1);
    expect(first.counts.waiting).toBeGreaterThanOrEqual(1);
    expect(first.total).toBe(expected.size);
    expect([...first.rows, ...second.rows].map((r) => r.dossierId)).toEqual(newestFirst.slice(0, 4));
    expect(first.rows[0]).toMatchObject({
      dossierId: waiting.id,
      dossierCode: waiting.code,
      state: 'waiting',
    });

    const failed = await overview.page({ state: 'failed', offset: 0, limit: 50 });
    expect(failed.total).toBe(count('failed'));
    expect(failed.rows.every((r) => r.state === 'failed' && r.failed > 0)).toBe(true);
    const row = failed.rows.find((r) => r.dossierId === failing.id)!;
    expect(row).toMatchObject({ dossierCode: failing.code, failed: 1, sent: 0, attempts: 1 });
    expect(row.lastAnswer).toContain('HTTP 500');
    const sent = await overview.page({ state: 'sent', offset: 0, limit: 50 });
    expect(sent.rows.map((r) => r.state)).toEqual(Array(count('sent')).fill('sent'));
    expect(sent.rows.every((r) => r.lastSentAt instanceof Date)).toBe(true);
  });

  it('fetches a new token before the current one expires', async () => {
    let now = Date.now();
    const c = client({ now: () => now });
    const first = await c.accessToken();
    expect(await c.accessToken()).toBe(first);
    // The emulator's tokens live 300 s; 250 s later the client is inside its 60 s margin.
    now += 250_000;
    const second = await c.accessToken();
    expect(second).not.toBe(first);
    expect(c.tokensFetched).toBe(2);
    const bad = new DvcqgClient({
      baseUrl: emulator.url,
      clientId: DVCQG_DEV_CLIENT.id,
      clientSecret: 'wrong',
    });
    await expect(bad.accessToken()).rejects.toThrow('token endpoint answered HTTP 401');
    await expect(bad.accessToken()).rejects.not.toThrow('wrong');
  });
});

/**
 * A sync worker in a process of its own (the built packages, as `npm start` runs them), for the
 * kill test: it sends one poll and waits for the answer; the test kills it meanwhile.
 */
function spawnWorker(dbUrl: string, baseUrl: string, lockMs: number): ChildProcess {
  const script = `
    import { openDatabase } from '@motcua/db';
    import { silentLogger } from '@motcua/domain';
    import { DvcqgClient, DvcqgSyncWorker } from '@motcua/engine-workers';
    const ds = await openDatabase({ url: ${JSON.stringify(dbUrl)}, migrate: false });
    const client = new DvcqgClient({ baseUrl: ${JSON.stringify(baseUrl)}, clientId: ${JSON.stringify(DVCQG_DEV_CLIENT.id)},
      clientSecret: ${JSON.stringify(DVCQG_DEV_CLIENT.secret)}, timeoutMs: 60000 });
    const w = new DvcqgSyncWorker({ ds, client, catalogue: [], unitCode: 'G13', workerId: 'doomed-worker',
      logger: silentLogger, lockMs: ${lockMs} });
    await w.syncOnce();`;
  return spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
