/**
 * Officers' reminders of near-due tasks on the real engine (task query `dueBefore` over REST) and
 * a real database, SQLite and MariaDB: a group task due within the horizon is reminded by e-mail
 * to the group's active members who chose e-mail, once per task, officer and day (a second pass
 * the same day queues nothing, the next day queues again); an assigned task goes to its assignee
 * only; a task due later is not reminded. The reminder reaches the SMTP emulator over real SMTP.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DataSource } from '@motcua/db';
import { NotificationOutboxStore, NotificationPreferenceStore, PortalUserStore } from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { silentLogger } from '@motcua/domain';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { SmtpEmulator } from '@motcua/emulators';
import { MailSender, NotificationSender, TaskReminders } from '@motcua/engine-workers';

const dialects = await testDatabases();
jest.setTimeout(120_000);

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="http://motcua.test">
  <bpmn:process id="reminder-test" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="UserTask_Check" name="Kiểm tra hồ sơ" camunda:candidateGroups="mot-cua" camunda:dueDate="\${checkDue}">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="UserTask_Appraise" name="Thẩm định hồ sơ" camunda:assignee="\${appraiser}" camunda:dueDate="\${appraiseDue}">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="StartEvent_1" targetRef="UserTask_Check" />
    <bpmn:sequenceFlow id="f2" sourceRef="UserTask_Check" targetRef="UserTask_Appraise" />
    <bpmn:sequenceFlow id="f3" sourceRef="UserTask_Appraise" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(dialects)('officers’ near-due reminders on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let engine: RunningEngine;
  let smtp: SmtpEmulator;
  const ids = { desk1: randomUUID(), desk2: randomUUID(), deskGone: randomUUID(), appraiser: randomUUID() };

  const engineCall = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${engine.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
    return (await res.json().catch(() => undefined)) as T;
  };
  const iso = (at: Date) => at.toISOString().replace('Z', '+0000');

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    engine = await startEngine({ dbUrl: db.url, port: 0, host: '127.0.0.1' });
    smtp = await new SmtpEmulator().start();
    const form = new FormData();
    form.append('deployment-name', 'reminder-test');
    form.append('data', new Blob([BPMN], { type: 'application/xml' }), 'reminder-test.bpmn');
    const dep = await fetch(`${engine.url}/deployment/create`, { method: 'POST', body: form });
    expect(dep.status).toBe(200);

    const users = new PortalUserStore(ds);
    const prefs = new NotificationPreferenceStore(ds);
    const now = new Date();
    for (const [id, username, groups] of [
      [ids.desk1, 'motcua1', ['mot-cua']],
      [ids.desk2, 'motcua2', ['mot-cua']],
      [ids.deskGone, 'motcua3', ['mot-cua']],
      [ids.appraiser, 'chuyenvien1', ['chuyen-vien']],
    ] as const)
      await users.upsert({
        id,
        username,
        displayName: `Cán bộ ${username}`,
        passwordHash: 'x',
        role: 'officer',
        groups: [...groups],
      });
    // A member no longer active: never reminded, whatever their choice.
    await ds.query('UPDATE portal_user SET active = ? WHERE username = ?', [0, 'motcua3']);
    await prefs.save({
      userId: ids.deskGone,
      email: 'motcua3@most.gov.vn',
      phone: null,
      channels: 'email',
      updatedAt: now,
    });
    // desk1 and the appraiser chose e-mail; desk2 only SMS (no e-mail reminder).
    await prefs.save({
      userId: ids.desk1,
      email: 'motcua1@most.gov.vn',
      phone: null,
      channels: 'email',
      updatedAt: now,
    });
    await prefs.save({
      userId: ids.desk2,
      email: 'motcua2@most.gov.vn',
      phone: '0912345678',
      channels: 'sms',
      updatedAt: now,
    });
    await prefs.save({
      userId: ids.appraiser,
      email: 'chuyenvien1@most.gov.vn',
      phone: null,
      channels: 'both',
      updatedAt: now,
    });
  });
  afterAll(async () => {
    await smtp?.close();
    await engine?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('reminds a group task due soon once a day to the members who chose e-mail, not a task due later', async () => {
    const now = new Date();
    const soon = new Date(now.getTime() + 3 * 3600_000);
    await engineCall('/process-definition/key/reminder-test/start', {
      businessKey: 'dossier-soon',
      variables: {
        checkDue: { value: iso(soon), type: 'Date' },
        appraiseDue: { value: iso(new Date(now.getTime() + 5 * 86400_000)), type: 'Date' },
        appraiser: { value: ids.appraiser, type: 'String' },
        dossierCode: { value: 'BKHCN-261207-00042', type: 'String' },
      },
    });
    await engineCall('/process-definition/key/reminder-test/start', {
      businessKey: 'dossier-later',
      variables: {
        checkDue: { value: iso(new Date(now.getTime() + 4 * 86400_000)), type: 'Date' },
        appraiseDue: { value: iso(new Date(now.getTime() + 5 * 86400_000)), type: 'Date' },
        appraiser: { value: ids.appraiser, type: 'String' },
      },
    });
    const outbox = new NotificationOutboxStore(ds);
    const reminders = (clock: Date) =>
      new TaskReminders({
        engine: { url: engine.url },
        outbox,
        preferences: new NotificationPreferenceStore(ds),
        logger: silentLogger,
        clock: () => clock,
      });
    expect(await reminders(now).runOnce()).toBe(1);
    expect(await reminders(now).runOnce()).toBe(0);
    const queued = await outbox.listForDossier('dossier-soon');
    expect(queued.map((m) => [m.kind, m.channel, m.recipient, m.recipientUserId])).toEqual([
      ['task-reminder', 'email', 'motcua1@most.gov.vn', ids.desk1],
    ]);
    expect(await outbox.listForDossier('dossier-later')).toEqual([]);

    // Sent over SMTP, in Vietnamese, with the task, the dossier code and the due date.
    const sender = new NotificationSender({
      outbox,
      facts: {
        engine: { url: engine.url },
        catalogue: [],
        portalUrl: 'https://dichvucong.most.gov.vn',
        displayName: async () => 'Cán bộ motcua1',
      },
      mail: new MailSender({ url: smtp.url, from: 'khong-tra-loi@most.gov.vn' }),
      logger: silentLogger,
      owner: 'test',
    });
    expect(await sender.sendOnce()).toBe(1);
    const [mail] = smtp.messages();
    expect(mail!.to).toEqual(['motcua1@most.gov.vn']);
    expect(mail!.subject).toBe('Nhắc việc: “Kiểm tra hồ sơ” hồ sơ BKHCN-261207-00042 sắp đến hạn');
    expect(mail!.text).toContain('https://dichvucong.most.gov.vn/can-bo/cong-viec');

    // The next day (in Vietnam) the same task is reminded again.
    expect(await reminders(new Date(now.getTime() + 86400_000)).runOnce()).toBe(1);
  });

  it('reminds an assigned task to its assignee only', async () => {
    const now = new Date();
    const pi = await engineCall<{ id: string }>('/process-definition/key/reminder-test/start', {
      businessKey: 'dossier-assigned',
      variables: {
        checkDue: { value: iso(new Date(now.getTime() + 4 * 86400_000)), type: 'Date' },
        appraiseDue: { value: iso(new Date(now.getTime() + 3600_000)), type: 'Date' },
        appraiser: { value: ids.appraiser, type: 'String' },
      },
    });
    const res = await fetch(`${engine.url}/task?processInstanceId=${pi.id}`);
    const [task] = (await res.json()) as Array<{ id: string }>;
    await engineCall(`/task/${task!.id}/complete`, {});
    const outbox = new NotificationOutboxStore(ds);
    await new TaskReminders({
      engine: { url: engine.url },
      outbox,
      preferences: new NotificationPreferenceStore(ds),
      logger: silentLogger,
    }).runOnce();
    expect((await outbox.listForDossier('dossier-assigned')).map((m) => m.recipient)).toEqual([
      'chuyenvien1@most.gov.vn',
    ]);
  });
});
