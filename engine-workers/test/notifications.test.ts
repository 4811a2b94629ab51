/**
 * Notifications over real SMTP and real HTTP against the emulators, on SQLite and MariaDB: the
 * status event queues the messages in its transaction, the sender delivers each once, retries
 * with backoff when the server fails (4xx, 5xx, timeout, a lost answer), records a failure when
 * it keeps failing, never sends twice (two senders at once, a restart, a redelivered event), and
 * writes every message into the dossier's history.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import {
  DossierLifeStore,
  DossierStore,
  NotificationOutboxStore,
  NotificationPreferenceStore,
} from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { silentLogger } from '@motcua/domain';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { SmsEmulator, SmtpEmulator } from '@motcua/emulators';
import {
  MailSender,
  NotificationSender,
  SmsSender,
  loadPublishedCatalogue,
  raiseIncident,
  resolveIncident,
} from '@motcua/engine-workers';

const dialects = await testDatabases();
jest.setTimeout(120_000);

const catalogue = loadPublishedCatalogue();
const entry = catalogue[0]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process that waits at a user task: the dossier's running instance the incidents sit on. */
const WAITING_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="http://motcua.test">
  <bpmn:process id="notify-incident-test" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="UserTask_Check" name="Kiểm tra hồ sơ"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="StartEvent_1" targetRef="UserTask_Check" />
    <bpmn:sequenceFlow id="f2" sourceRef="UserTask_Check" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;

interface IncidentDto {
  id: string;
  incidentType: string;
  configuration: string | null;
  incidentMessage: string | null;
  processInstanceId: string;
}

describe.each(dialects)('notifications through the emulators on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let ds2: DataSource;
  let smtp: SmtpEmulator;
  let sms: SmsEmulator;
  let engine: RunningEngine;
  let life: DossierLifeStore;
  let outbox: NotificationOutboxStore;
  let seq = 0;

  const sender = (over: Partial<ConstructorParameters<typeof NotificationSender>[0]> = {}, source = ds) =>
    new NotificationSender({
      outbox: new NotificationOutboxStore(source),
      facts: {
        engine: { url: engine.url },
        catalogue,
        portalUrl: 'http://localhost:3000',
        displayName: async () => 'Nguyễn Văn An',
      },
      mail: new MailSender({
        url: smtp.url,
        from: 'khong-tra-loi@motcua.local',
        timeouts: { connectionMs: 1500, greetingMs: 1000, socketMs: 2000 },
      }),
      sms: new SmsSender({ url: sms.url, brandname: 'MOTCUA', apiKey: sms.apiKey, timeoutMs: 1000 }),
      logger: silentLogger,
      owner: 'test-sender',
      backoffMs: 40,
      backoffMaxMs: 200,
      maxAttempts: 4,
      ...over,
    });

  /** Runs passes until nothing is pending or sending, or the time is up. */
  async function drain(s: NotificationSender, dossierId: string, maxMs = 20_000) {
    const end = Date.now() + maxMs;
    for (;;) {
      await s.sendOnce();
      const rows = await outbox.listForDossier(dossierId);
      if (rows.every((r) => r.state === 'sent' || r.state === 'failed') || Date.now() > end) return rows;
      await sleep(30);
    }
  }

  /** A new dossier of an applicant who chose `channels`, and its status event recorded. */
  async function dossierWithEvent(
    channels: 'email' | 'sms' | 'both',
    kind = 'main-clock-started',
    phone = '0912345678',
    processInstanceId: string | null = null,
  ) {
    const n = ++seq;
    const dossierId = `d-${factory.dialect}-${n}`;
    const applicantId = `u-${n}`;
    await new DossierStore(ds).insertStarting({
      id: dossierId,
      procedureKey: entry.key,
      procedureCode: entry.code,
      applicantId,
      channel: 1,
      submittedAt: new Date(),
      submittedData: {},
    });
    await new NotificationPreferenceStore(ds).save({
      userId: applicantId,
      email: `nguoi-nop-${n}@example.vn`,
      phone,
      channels,
      updatedAt: new Date(),
    });
    const event = {
      eventKey: `${kind}:${dossierId}`,
      dossierId,
      processInstanceId,
      statusCode: 4,
      kind,
      textVi: 'Hồ sơ hợp lệ: bắt đầu tính thời hạn giải quyết.',
      actor: 'system',
      detail: { appointmentDate: '2026-12-21', dossierCode: null },
      at: new Date(),
    };
    expect(await life.appendHistory(event)).toBe(true);
    return { dossierId, email: `nguoi-nop-${n}@example.vn`, event };
  }

  /** Starts a waiting instance of the test process; its id. */
  async function startInstance(): Promise<string> {
    const res = await fetch(`${engine.url}/process-definition/key/notify-incident-test/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  }

  const incidentsOf = async (processInstanceId: string): Promise<IncidentDto[]> =>
    (await (
      await fetch(`${engine.url}/incident?processInstanceId=${processInstanceId}`)
    ).json()) as IncidentDto[];

  const mailsTo = (to: string) => smtp.messages().filter((m) => m.to.includes(to));

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    ds2 = await openDatabase({ url: db.url, migrate: false });
    life = new DossierLifeStore(ds);
    outbox = new NotificationOutboxStore(ds);
    smtp = await new SmtpEmulator().start();
    sms = await new SmsEmulator({ rateLimit: { max: 1000, windowMs: 1000 } }).start();
    engine = await startEngine({ dbUrl: db.url, port: 0, host: '127.0.0.1' });
    const form = new FormData();
    form.append('deployment-name', 'notify-incident-test');
    form.append('data', new Blob([WAITING_BPMN], { type: 'application/xml' }), 'notify-incident-test.bpmn');
    expect((await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form })).status).toBe(200);
  });
  afterEach(() => {
    smtp.clearFaults();
    sms.clearFaults();
  });
  afterAll(async () => {
    await smtp?.close();
    await sms?.close();
    await engine?.close();
    await ds2?.destroy();
    await ds?.destroy();
    await db?.drop();
  });
  beforeEach(() => {
    smtp.clear();
    sms.clear();
  });

  it('sends the e-mail and the SMS once, with the template recorded, and writes both into the history', async () => {
    const { dossierId, email, event } = await dossierWithEvent('both');
    const s = sender();
    const rows = await drain(s, dossierId);
    expect(rows.map((r) => [r.channel, r.state, r.templateId, r.templateVersion, r.attempts])).toEqual([
      ['email', 'sent', 'received', 1, 1],
      ['sms', 'sent', 'received', 1, 1],
    ]);
    const [mail] = mailsTo(email);
    expect(mail!.subject).toBe('Hồ sơ (chưa cấp mã) đã được tiếp nhận');
    expect(mail!.text).toContain('Ngày hẹn trả kết quả: 21/12/2026.');
    expect(mail!.text).toContain('Kính gửi Ông/Bà Nguyễn Văn An,');
    expect(mail!.motcuaHeaders).toMatchObject({
      'x-motcua-template': 'received',
      'x-motcua-template-version': '1',
    });
    expect(mail!.messageId).toBe(rows[0]!.providerId);
    expect(sms.messages()).toEqual([
      expect.objectContaining({ phone: '0912345678', brandname: 'MOTCUA', requests: 1 }),
    ]);
    expect(sms.messages()[0]!.text).toContain('Hẹn trả kết quả ngày 21/12/2026.');
    // The same event recorded again (a re-read of the engine history, a redelivered task) and more
    // passes, by this sender and a new one (a restart): nothing more is sent.
    expect(await life.appendHistory(event)).toBe(false);
    await s.sendOnce();
    await sender({}, ds2).sendOnce();
    expect(mailsTo(email)).toHaveLength(1);
    expect(sms.messages()).toHaveLength(1);
    const history = (await life.listHistory(dossierId)).map((h) => [h.kind, h.textVi]);
    expect(history).toEqual([
      ['main-clock-started', 'Hồ sơ hợp lệ: bắt đầu tính thời hạn giải quyết.'],
      ['notification-sent', `Đã gửi thư điện tử “Hồ sơ (chưa cấp mã) đã được tiếp nhận” tới ${email}.`],
      ['notification-sent', 'Đã gửi tin nhắn SMS thông báo tới số 0912345678.'],
    ]);
  });

  it('retries when the SMTP server answers 451, then sends once', async () => {
    smtp.setFaults({ reject: { code: 451, message: 'Hệ thống bận' }, times: 2 });
    const { dossierId, email } = await dossierWithEvent('email');
    const [row] = await drain(sender(), dossierId);
    expect(row).toMatchObject({ state: 'sent', attempts: 3 });
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('retries when the SMTP server does not answer in time (timeout), then sends once', async () => {
    smtp.setFaults({ delayMs: 2500, times: 1 });
    const { dossierId, email } = await dossierWithEvent('email');
    const [row] = await drain(sender(), dossierId);
    expect(row).toMatchObject({ state: 'sent', attempts: 2 });
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('gives up at once on a final 550 and records the failure in the history', async () => {
    smtp.setFaults({ reject: { code: 550, message: 'Mailbox unavailable' } });
    const { dossierId, email } = await dossierWithEvent('email');
    const [row] = await drain(sender(), dossierId);
    // No process instance behind the message: failed, for the administrators' page, no incident.
    expect(row).toMatchObject({ state: 'failed', attempts: 1, incidentState: null, incidentId: null });
    expect(row!.lastError).toContain('SMTP 550');
    expect(mailsTo(email)).toHaveLength(0);
    const last = (await life.listHistory(dossierId)).at(-1)!;
    expect(last.kind).toBe('notification-failed');
    expect(last.textVi).toBe(
      `Không gửi được thư điện tử thông báo tới ${email} sau 1 lần thử; cán bộ sẽ kiểm tra.`,
    );
  });

  it('keeps retrying with growing waits while the SMTP server answers 421, then records the failure', async () => {
    smtp.setFaults({ reject: { code: 421, message: 'Service not available' } });
    const { dossierId, email } = await dossierWithEvent('email');
    const s = sender();
    expect([1, 2, 3].map((a) => s.backoff(a))).toEqual([40, 80, 160]);
    const [row] = await drain(s, dossierId);
    expect(row).toMatchObject({ state: 'failed', attempts: 4 });
    expect(mailsTo(email)).toHaveLength(0);
    expect(smtp.sessions).toBeGreaterThanOrEqual(4);
    expect((await life.listHistory(dossierId)).at(-1)!.textVi).toContain('sau 4 lần thử');
  });

  it('retries an SMS gateway answering 500 and 429, then sends once', async () => {
    sms.setFaults({ status: 500, times: 1 });
    const { dossierId } = await dossierWithEvent('sms');
    const first = sender();
    await first.sendOnce();
    sms.setFaults({ status: 429, times: 1 });
    const [row] = await drain(first, dossierId);
    expect(row).toMatchObject({ state: 'sent', attempts: 3 });
    expect(sms.messages().filter((m) => m.requestId === row!.idempotencyKey)).toEqual([
      expect.objectContaining({ requests: 1 }),
    ]);
  });

  it('does not send an SMS twice when the gateway’s answer is lost or times out (same request id)', async () => {
    sms.setFaults({ dropAfterAccept: true, times: 1 });
    const a = await dossierWithEvent('sms');
    const [lost] = await drain(sender(), a.dossierId);
    expect(lost).toMatchObject({ state: 'sent', attempts: 2 });
    sms.setFaults({ delayMs: 1500, times: 1 });
    const b = await dossierWithEvent('sms');
    const [late] = await drain(sender(), b.dossierId);
    expect(late).toMatchObject({ state: 'sent', attempts: 2 });
    // Each message exists once at the gateway, which saw its request id twice.
    const byRequest = sms
      .messages()
      .filter((m) => [lost!.idempotencyKey, late!.idempotencyKey].includes(m.requestId));
    expect(byRequest.map((m) => m.requests).sort()).toEqual([2, 2]);
  });

  it('gives up at once when the gateway refuses the number (400)', async () => {
    const { dossierId } = await dossierWithEvent('sms', 'late', '0123');
    const [row] = await drain(sender(), dossierId);
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row!.lastError).toContain('code 02');
    expect(sms.messages()).toHaveLength(0);
  });

  it('sends each message once with two senders working the outbox at the same time', async () => {
    const dossiers = [];
    for (let i = 0; i < 8; i++) dossiers.push(await dossierWithEvent('email', 'result-returned'));
    const a = sender({ owner: 'sender-a' });
    const b = sender({ owner: 'sender-b' }, ds2);
    for (let i = 0; i < 6; i++) await Promise.all([a.sendOnce(), b.sendOnce()]);
    for (const d of dossiers) {
      expect((await outbox.listForDossier(d.dossierId)).map((r) => r.state)).toEqual(['sent']);
      expect(mailsTo(d.email)).toHaveLength(1);
    }
    const ids = smtp.messages().map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends a message whose sender died mid-claim once, after the lease, and nothing more after a restart', async () => {
    const { email } = await dossierWithEvent('email', 'refused');
    // A sender claims the row and dies before sending.
    expect(await new NotificationOutboxStore(ds2).claimDue('dead-sender', new Date(), 300)).toHaveLength(1);
    const s = sender({ leaseMs: 300 });
    expect(await s.sendOnce()).toBe(0);
    await sleep(350);
    expect(await s.sendOnce()).toBe(1);
    expect(await sender({}, ds2).sendOnce()).toBe(0);
    expect(mailsTo(email)).toHaveLength(1);
    expect(mailsTo(email)[0]!.subject).toContain('bị từ chối giải quyết');
  });

  it('resends with the same Message-ID when the SMTP server kept the message but its answer was lost', async () => {
    // SMTP's own duplicate window: the client cannot know the message arrived. The retry carries
    // the same Message-ID, so the copy is recognisable; the outbox records one send.
    smtp.setFaults({ dropAfterAccept: true, times: 1 });
    const { dossierId, email } = await dossierWithEvent('email', 'late');
    const [row] = await drain(sender(), dossierId);
    expect(row).toMatchObject({ state: 'sent', attempts: 2 });
    const copies = mailsTo(email);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((m) => m.messageId))).toEqual(new Set([row!.providerId]));
    expect((await life.listHistory(dossierId)).filter((h) => h.kind === 'notification-sent')).toHaveLength(1);
  });

  it('raises a custom incident on a process instance once, resolves it, and raises none on an ended instance', async () => {
    const pi = await startInstance();
    const incident = {
      processInstanceId: pi,
      incidentType: 'notificationFailed',
      configuration: '42',
      message: `SMTP 421: ${'x'.repeat(800)}`,
    };
    const id = await raiseIncident({ url: engine.url }, incident);
    // A second raise (a restart that did not record the id) finds the open one.
    expect(await raiseIncident({ url: engine.url }, incident)).toBe(id);
    const open = await incidentsOf(pi);
    expect(open).toEqual([
      expect.objectContaining({
        id,
        incidentType: 'notificationFailed',
        configuration: '42',
        processInstanceId: pi,
      }),
    ]);
    expect(open[0]!.incidentMessage).toHaveLength(500);
    expect(await resolveIncident({ url: engine.url }, id!)).toBe(true);
    expect(await resolveIncident({ url: engine.url }, id!)).toBe(false);
    expect(await incidentsOf(pi)).toEqual([]);
    const del = await fetch(`${engine.url}/process-instance/${pi}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(await raiseIncident({ url: engine.url }, incident)).toBeNull();
  });

  it('retries while the SMTP server fails (421, then down), raises one incident on the dossier’s instance, and sends once after a resend', async () => {
    const flaky = await new SmtpEmulator().start();
    const port = flaky.port;
    let recovered: SmtpEmulator | undefined;
    try {
      const pi = await startInstance();
      const { dossierId, email, event } = await dossierWithEvent('email', 'late', '0912345678', pi);
      const mail = new MailSender({
        url: flaky.url,
        from: 'khong-tra-loi@motcua.local',
        timeouts: { connectionMs: 1500, greetingMs: 1000, socketMs: 2000 },
      });
      const s = sender({ mail });
      // Two answers 421 (busy), then the server is down (connection refused).
      flaky.setFaults({ reject: { code: 421, message: 'Service not available' } });
      let down = false;
      for (let pass = 0; pass < 200; pass++) {
        await s.sendOnce();
        const [row] = await outbox.listForDossier(dossierId);
        if (!down && row!.attempts === 2 && row!.state === 'pending') {
          await flaky.close();
          down = true;
        }
        if (row!.state === 'failed') break;
        await sleep(20);
      }
      const [failed] = await outbox.listForDossier(dossierId);
      expect(failed).toMatchObject({ state: 'failed', attempts: 4, incidentState: 'raised' });
      expect(failed!.lastError).toMatch(/ECONNREFUSED/);
      expect(flaky.sessions).toBe(2);
      // One incident on the instance, of our type, for this row, with the server's answer.
      const incidents = await incidentsOf(pi);
      expect(incidents).toEqual([
        expect.objectContaining({
          id: failed!.incidentId,
          incidentType: 'notificationFailed',
          configuration: String(failed!.id),
          processInstanceId: pi,
        }),
      ]);
      expect(incidents[0]!.incidentMessage).toContain('sau 4 lần thử');
      expect(incidents[0]!.incidentMessage).toContain('ECONNREFUSED');
      expect(incidents[0]!.incidentMessage).not.toContain(email);
      // More passes, a restart and a second sender raise nothing more.
      await s.sendOnce();
      await sender({ mail, owner: 'sender-b' }, ds2).sendOnce();
      expect(await incidentsOf(pi)).toHaveLength(1);

      // The server is back; a person sends it again: the incident is resolved, the row queued.
      recovered = await new SmtpEmulator({ port }).start();
      expect(await resolveIncident({ url: engine.url }, failed!.incidentId!)).toBe(true);
      expect(await outbox.retryFailed(failed!.id, new Date())).toBe(true);
      const [sent] = await drain(s, dossierId);
      expect(sent).toMatchObject({ state: 'sent', attempts: 1, incidentState: null, incidentId: null });
      expect(recovered.messages().filter((m) => m.to.includes(email))).toHaveLength(1);
      expect(await incidentsOf(pi)).toEqual([]);
      // A redelivered event and more passes send nothing twice.
      expect(await life.appendHistory(event)).toBe(false);
      await s.sendOnce();
      await sender({ mail, owner: 'sender-b' }, ds2).sendOnce();
      expect(recovered.messages().filter((m) => m.to.includes(email))).toHaveLength(1);
      mail.close();
    } finally {
      await flaky.close().catch(() => {});
      await recovered?.close();
    }
  });

  it('raises the incident of a sender that died after giving up once, when its claim runs out', async () => {
    const pi = await startInstance();
    const { dossierId } = await dossierWithEvent('email', 'result-returned', '0912345678', pi);
    // A sender claims the message, gives up on it and dies before raising the incident; it had
    // even raised it in the engine without recording it.
    const store = new NotificationOutboxStore(ds2);
    const [claimed] = await store.claimDue('dead-sender', new Date(), 60_000);
    const failed = await store.markFailed(claimed!, {
      error: 'SMTP 421: Service not available',
      now: new Date(),
      incidentClaimUntil: new Date(Date.now() + 300),
    });
    expect(failed).toMatchObject({ incidentState: 'raising' });
    const early = await raiseIncident(
      { url: engine.url },
      {
        processInstanceId: pi,
        incidentType: 'notificationFailed',
        configuration: String(failed!.id),
        message: 'x',
      },
    );
    const a = sender({ owner: 'sender-a' });
    const b = sender({ owner: 'sender-b' }, ds2);
    await Promise.all([a.sendOnce(), b.sendOnce()]);
    expect((await outbox.find(failed!.id))!.incidentState).toBe('raising');
    await sleep(350);
    await Promise.all([a.sendOnce(), b.sendOnce()]);
    expect(await outbox.find(failed!.id)).toMatchObject({ incidentState: 'raised', incidentId: early });
    expect((await incidentsOf(pi)).map((i) => i.id)).toEqual([early]);
    expect((await outbox.listForDossier(dossierId)).map((r) => r.state)).toEqual(['failed']);
  });
});
