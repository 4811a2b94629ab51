/**
 * The notifications' outbox on SQLite and MariaDB: queued in the same transaction as the dossier's
 * history event (per the applicant's choice, once per event and channel), claimed by one sender
 * at a time (two stores on two connections stand for two processes), retried, given up on, and
 * every sent or failed message written into the dossier's history.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import {
  diffDossierFacts,
  DossierLifeStore,
  DossierStore,
  NotificationOutboxStore,
  NotificationPreferenceStore,
} from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const dialects = await testDatabases();

describe.each(dialects)('notification outbox on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let ds2: DataSource;
  let life: DossierLifeStore;
  let outbox: NotificationOutboxStore;
  let outbox2: NotificationOutboxStore;
  // Ahead of the wall clock: messages are queued due at the real time of the event.
  const now = new Date(Date.now() + 3600_000);
  const event = (eventKey: string, kind: string, dossierId = 'd1') => ({
    eventKey,
    dossierId,
    processInstanceId: 'pi-1',
    statusCode: 4,
    kind,
    textVi: 'Hồ sơ hợp lệ: hẹn trả kết quả ngày 21/12/2026.',
    actor: 'system',
    detail: { appointmentDate: '2026-12-21' },
    at: now,
  });

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    ds2 = await openDatabase({ url: db.url, migrate: false });
    life = new DossierLifeStore(ds);
    outbox = new NotificationOutboxStore(ds);
    outbox2 = new NotificationOutboxStore(ds2);
    const dossiers = new DossierStore(ds);
    for (const [id, applicantId] of [
      ['d1', 'u-both'],
      ['d2', 'u-none'],
      ['d3', 'u-nopref'],
    ] as const)
      await dossiers.insertStarting({
        id,
        procedureKey: 'most-dang-ky-nhan-hieu',
        procedureCode: '1.005',
        applicantId,
        channel: 1,
        submittedAt: now,
        submittedData: { fullName: 'Nguyễn Văn An' },
      });
    const prefs = new NotificationPreferenceStore(ds);
    await prefs.save({
      userId: 'u-both',
      email: 'an@example.vn',
      phone: '0912345678',
      channels: 'both',
      updatedAt: now,
    });
    await prefs.save({
      userId: 'u-none',
      email: 'b@example.vn',
      phone: null,
      channels: 'none',
      updatedAt: now,
    });
  });
  afterAll(async () => {
    await ds2?.destroy();
    await ds?.destroy();
    await db?.drop();
  });

  it('queues one message per chosen channel with the event, once, and nothing for other kinds or choices', async () => {
    expect(await life.appendHistory(event('main-clock:pi-1', 'main-clock-started'))).toBe(true);
    expect(await life.appendHistory(event('main-clock:pi-1', 'main-clock-started'))).toBe(false);
    expect(await life.appendHistory(event('document:1', 'document-uploaded'))).toBe(true);
    expect(await life.appendHistory(event('late:d2', 'late', 'd2'))).toBe(true);
    expect(await life.appendHistory(event('late:d3', 'late', 'd3'))).toBe(true);
    const queued = await outbox.listForDossier('d1');
    expect(queued.every((m) => m.processInstanceId === 'pi-1' && m.incidentState === null)).toBe(true);
    expect(queued.map((m) => [m.channel, m.recipient, m.state, m.idempotencyKey])).toEqual([
      ['email', 'an@example.vn', 'pending', 'main-clock:pi-1|email'],
      ['sms', '0912345678', 'pending', 'main-clock:pi-1|sms'],
    ]);
    expect(queued[0]!.payload).toMatchObject({ detail: { appointmentDate: '2026-12-21' }, statusCode: 4 });
    expect(await outbox.listForDossier('d2')).toEqual([]);
    expect(await outbox.listForDossier('d3')).toEqual([]);
  });

  it('lets only one of two senders claim a row, and re-claims a row whose lease ran out', async () => {
    const [a, b] = await Promise.all([
      outbox.claimDue('sender-a', now, 60_000, 10),
      outbox2.claimDue('sender-b', now, 60_000, 10),
    ]);
    const ids = [...a, ...b].map((m) => m.id).sort();
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    // Nothing due while the lease holds; due again after it ran out.
    expect(await outbox.claimDue('sender-c', new Date(now.getTime() + 30_000), 60_000)).toEqual([]);
    const again = await outbox2.claimDue('sender-c', new Date(now.getTime() + 61_000), 60_000);
    expect(again).toHaveLength(2);
    expect(again.every((m) => m.attempts === 2)).toBe(true);
    // The first claims are stale: marking with them changes nothing.
    const stale = [...a, ...b][0]!;
    expect(await outbox.markRetry(stale, 'late', now)).toBe(false);
  });

  it('retries, gives up, and writes sent and failed messages into the dossier history', async () => {
    const later = new Date(now.getTime() + 200_000);
    const [email, sms] = (await outbox.claimDue('s', later, 60_000)).sort((x, y) => x.id - y.id);
    expect(email!.channel).toBe('email');
    expect(
      await outbox.markSent(
        email!,
        {
          templateId: 'received',
          templateVersion: 1,
          subject: 'Hồ sơ đã được tiếp nhận',
          providerId: '<m1@motcua>',
          historyTextVi: 'Đã gửi thư điện tử thông báo tới an@example.vn.',
        },
        later,
      ),
    ).toBe(true);
    expect(await outbox.markRetry(sms!, 'SMS gateway answered 500', new Date(later.getTime() + 5_000))).toBe(
      true,
    );
    expect(await outbox.claimDue('s', later, 60_000)).toEqual([]);
    const [retried] = await outbox.claimDue('s', new Date(later.getTime() + 5_000), 60_000);
    expect(retried!.attempts).toBe(4);
    const failed = await outbox.markFailed(retried!, {
      error: 'SMS gateway answered 500',
      now: later,
      historyTextVi: 'Không gửi được tin nhắn SMS.',
      incidentClaimUntil: new Date(later.getTime() + 60_000),
    });
    // About a process instance: the failing sender now holds the claim to raise its incident.
    expect(failed).toMatchObject({
      state: 'failed',
      incidentState: 'raising',
      version: retried!.version + 1,
    });
    expect(await outbox.markFailed(retried!, { error: 'late', now: later })).toBeNull();

    const rows = await outbox.listForDossier('d1');
    expect(rows.map((m) => [m.channel, m.state, m.templateId, m.templateVersion])).toEqual([
      ['email', 'sent', 'received', 1],
      ['sms', 'failed', null, null],
    ]);
    expect(await outbox.claimDue('s', new Date(later.getTime() + 3600_000), 60_000)).toEqual([]);
    const history = await life.listHistory('d1');
    expect(history.map((h) => h.kind)).toEqual([
      'main-clock-started',
      'document-uploaded',
      'notification-sent',
      'notification-failed',
    ]);
    expect(await outbox.listFailed(1, 10)).toEqual({
      rows: [expect.objectContaining({ id: failed!.id })],
      total: 1,
    });
    expect(await outbox.listFailed(2, 10)).toEqual({ rows: [], total: 1 });
    // Not queued again while its incident is being raised.
    expect(await outbox.retryFailed(failed!.id, later)).toBe(false);
    // The raiser dies: nobody else takes the claim before it runs out, then exactly one does.
    expect(await outbox2.claimIncidentsDue('s2', new Date(later.getTime() + 30_000), 60_000)).toEqual([]);
    const [a, b] = await Promise.all([
      outbox.claimIncidentsDue('s3', new Date(later.getTime() + 61_000), 60_000),
      outbox2.claimIncidentsDue('s4', new Date(later.getTime() + 61_000), 60_000),
    ]);
    const taken = [...a, ...b];
    expect(taken.map((m) => m.id)).toEqual([failed!.id]);
    // The dead raiser's token is stale; the new claim records the incident, once.
    expect(await outbox.recordIncident(failed!, 'inc-1')).toBe(false);
    expect(await outbox.recordIncident(taken[0]!, 'inc-1')).toBe(true);
    expect(await outbox.claimIncidentsDue('s5', new Date(later.getTime() + 3600_000), 60_000)).toEqual([]);
    expect(await outbox.find(failed!.id)).toMatchObject({ incidentState: 'raised', incidentId: 'inc-1' });
    // The reports' dossier facts followed every history row, these included.
    expect(await diffDossierFacts(ds)).toEqual([]);
    const [fact] = (await ds.query('SELECT events FROM report_dossier_fact WHERE dossier_id = ?', [
      'd1',
    ])) as {
      events: unknown;
    }[];
    expect(Number(fact!.events)).toBe(history.length);
    // A failed message can be queued again by a person: the incident fields are cleared.
    expect(await outbox.retryFailed(rows[1]!.id, later)).toBe(true);
    expect(await outbox.retryFailed(rows[1]!.id, later)).toBe(false);
    expect(await outbox.find(rows[1]!.id)).toMatchObject({
      state: 'pending',
      attempts: 0,
      incidentState: null,
      incidentId: null,
    });
    expect(await outbox.listFailed(1, 10)).toEqual({ rows: [], total: 0 });
  });

  it('queues a direct message once per idempotency key', async () => {
    const m = {
      idempotencyKey: 'task-reminder:t1:2026-12-07|email|u9',
      eventKey: 'task-reminder:t1:2026-12-07',
      kind: 'task-reminder',
      channel: 'email' as const,
      recipientUserId: 'u9',
      recipient: 'canbo@example.vn',
      payload: { taskName: 'Thẩm định hồ sơ' },
    };
    expect(await outbox.queue(m, now)).toBe(true);
    expect(await outbox.queue(m, now)).toBe(false);
  });
});
