/**
 * The administration's operations over HTTP against the real engine and workers, on SQLite and
 * MariaDB: a real incident (the signing step of a generated procedure fails without a signing
 * key) is listed with its dossier and step, shown with the worker's error details, retried (CSRF,
 * audit, the engine's retries set; the failing worker then raises a new incident); the running
 * instances per procedure and version and where they wait match the engine's statistics; the
 * operator's dossier view links it all. A notification about the dossier that keeps failing (the
 * SMTP emulator answers 421) is retried by the workers' sender, raises one engine incident, is
 * listed on "Thông báo gửi lỗi" and sent again once by the admin's "Gửi lại" (CSRF, audit), which
 * resolves the incident.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase } from '@motcua/db';
import { createPortalStores, NotificationOutboxStore } from '@motcua/db/portal';
import { SmtpEmulator } from '@motcua/emulators';
import { PortalClient } from './support/http-client.js';
import {
  dossierWithIncident,
  INCIDENT_PROCEDURE_KEY,
  SIGN_STEP,
  type DossierWithIncident,
} from './support/incident.js';
import { engineJson, signIn, until } from './support/stack-calls.js';
import { startStack, type Stack } from './support/stack.js';

const dialects = await testDatabases();

/** The text of the table row that carries `marker`, tags removed and spaces collapsed. */
function rowText(page: string, marker: string): string {
  const start = page.indexOf(marker);
  if (start < 0) return '';
  const row = page.slice(start, page.indexOf('</tr>', start));
  return row
    .slice(row.indexOf('>') + 1)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
jest.setTimeout(180_000);

describe.each(dialects)('administration operations on $dialect', (factory) => {
  let stack: Stack;
  let admin: PortalClient;
  let fixture: DossierWithIncident;
  let dossierCode: string;
  let stepName: string;
  let smtp: SmtpEmulator;
  const engine = <T>(path: string) => engineJson<T>(stack.engineUrl, path);

  beforeAll(async () => {
    smtp = await new SmtpEmulator().start();
    stack = await startStack(factory, {
      retry: { retries: 1, backoffMs: 100 },
      notifications: {
        smtp: { url: smtp.url, from: 'khong-tra-loi@motcua.local' },
        portalUrl: 'http://localhost:3000',
        pollMs: 100,
        maxAttempts: 3,
        backoffMs: 100,
        backoffMaxMs: 400,
        reminderPollMs: 0,
      },
    });
    fixture = await dossierWithIncident(stack);
    admin = await signIn(stack.portal.url, 'quantri');
    const [activity] = await engine<Array<{ activityName: string }>>(
      `/history/activity-instance?processInstanceId=${fixture.processInstanceId}&activityId=${SIGN_STEP}`,
    );
    stepName = activity!.activityName;
    const vars = await engine<Record<string, { value: unknown }>>(
      `/process-instance/${fixture.processInstanceId}/variables`,
    );
    dossierCode = String(vars.dossierCode!.value);
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  });

  it('lists the incident with its dossier, step and error', async () => {
    const page = await admin.get('/quan-tri/su-co');
    expect(page.status).toBe(200);
    const row = page.text.slice(page.text.indexOf(`data-incident-id="${fixture.incidentId}"`));
    expect(row).toContain(`href="/quan-tri/ho-so/${fixture.dossierId}">${dossierCode}</a>`);
    expect(row).toContain(stepName);
    expect(row).toContain('Tác vụ tự động (worker) lỗi');
    expect(page.text).toMatch(/Tổng số: <strong>1<\/strong>/);
  });

  it('shows the worker’s error details and the topic', async () => {
    const [incident] = await engine<Array<{ configuration: string; incidentMessage: string }>>(
      `/incident?incidentId=${fixture.incidentId}`,
    );
    const details = await (
      await fetch(`${stack.engineUrl}/external-task/${incident!.configuration}/errorDetails`)
    ).text();
    const page = await admin.get(`/quan-tri/su-co/${fixture.incidentId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<code>signing.sign-result</code>');
    expect(details.length).toBeGreaterThan(0);
    const firstLine = details
      .split('\n')[0]!
      .trim()
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
    expect(page.text).toContain(firstLine);
    expect((await admin.get('/quan-tri/su-co/khong-co-su-co-nay')).status).toBe(404);
  });

  it('retries: CSRF required, bad counts refused, then the retries are set and audited', async () => {
    const page = await admin.get(`/quan-tri/su-co/${fixture.incidentId}`);
    const csrf = PortalClient.csrfIn(page.text);
    const path = `/quan-tri/su-co/${fixture.incidentId}/thu-lai`;
    expect((await admin.postForm(path, { retries: '1' })).status).toBe(403);
    expect((await admin.postForm(path, { _csrf: csrf, retries: '0' })).status).toBe(400);
    expect((await admin.postForm(path, { _csrf: csrf, retries: '11' })).status).toBe(400);
    // Nothing changed: the incident is still there.
    expect(await engine<unknown[]>(`/incident?incidentId=${fixture.incidentId}`)).toHaveLength(1);

    const done = await admin.postForm(path, { _csrf: csrf, retries: '1' });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/quan-tri/su-co?xong=thu-lai');
    expect(await engine<unknown[]>(`/incident?incidentId=${fixture.incidentId}`)).toEqual([]);
    // Retrying a resolved incident again: 409, nothing done.
    expect((await admin.postForm(path, { _csrf: csrf, retries: '1' })).status).toBe(409);

    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      const stores = createPortalStores(ds);
      const quantri = await stores.users.findByUsername('quantri');
      const entries = await stores.audit.list({ action: 'incident.retried' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: quantri!.id,
        target: `dossier:${fixture.dossierId}`,
        detail: {
          incidentId: fixture.incidentId,
          incidentType: 'failedExternalTask',
          processInstanceId: fixture.processInstanceId,
          activityId: SIGN_STEP,
          dossierCode,
          retries: 1,
        },
      });
    } finally {
      await ds.destroy();
    }
    // The worker tries again, still without a key: a new incident on the same step.
    const again = await until('the new incident', async () => {
      const [i] = await engine<Array<{ id: string; activityId: string }>>(
        `/incident?processInstanceId=${fixture.processInstanceId}`,
      );
      return i;
    });
    expect(again.id).not.toBe(fixture.incidentId);
    expect(again.activityId).toBe(SIGN_STEP);
    fixture.incidentId = again.id;
  });

  it('counts running instances per procedure and version, and where they wait, as the engine does', async () => {
    const list = await admin.get('/quan-tri/quy-trinh');
    expect(list.status).toBe(200);
    const [definition] = await engine<Array<{ id: string; version: number }>>(
      `/process-definition?key=${INCIDENT_PROCEDURE_KEY}&latestVersion=true`,
    );
    expect(list.text).toContain(
      `href="/quan-tri/quy-trinh/${definition!.id}">Phiên bản ${definition!.version}</a>`,
    );

    const stats = await engine<Array<{ id: string; instances: number }>>(
      `/process-definition/${definition!.id}/statistics?incidents=true`,
    );
    expect(stats).toEqual([expect.objectContaining({ id: SIGN_STEP, instances: 1 })]);
    const page = await admin.get(`/quan-tri/quy-trinh/${definition!.id}`);
    expect(page.status).toBe(200);
    expect(rowText(page.text, `data-activity-id="${SIGN_STEP}"`)).toBe(`${stepName} 1 1`);
    const json = await admin.request('GET', `/quan-tri/quy-trinh/${definition!.id}/so-do.json`, {
      headers: { accept: 'application/json' },
    });
    const data = json.json<{ xml: string; counts: unknown[] }>();
    expect(data.xml).toContain(`id="${SIGN_STEP}"`);
    expect(data.counts).toEqual([{ activityId: SIGN_STEP, name: stepName, instances: 1, incidents: 1 }]);
    expect((await admin.get('/quan-tri/quy-trinh/khong-co:1:x')).status).toBe(404);
  });

  it('the dossier view shows the dossier, its open incident and its history', async () => {
    // The history follower records the dossier's events from the engine's history on its own
    // schedule: wait for the first one to be shown rather than race it.
    const page = await until('the dossier history on the operator view', async () => {
      const p = await admin.get(`/quan-tri/ho-so/${fixture.dossierId}`);
      return p.status === 200 && p.text.includes('Lịch sử hồ sơ') ? p : undefined;
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain(dossierCode);
    expect(page.text).toContain(`data-incident-id="${fixture.incidentId}"`);
    expect(page.text).toContain('Lịch sử hồ sơ');
    expect((await admin.get('/quan-tri/ho-so/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('a failing notification: retried, one incident, listed, sent again once by the admin and the incident resolved', async () => {
    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      const outbox = new NotificationOutboxStore(ds);
      const stores = createPortalStores(ds);
      const applicant = await stores.users.findByUsername('congdan');
      const message = {
        idempotencyKey: `result-returned:${fixture.dossierId}|email`,
        eventKey: `result-returned:${fixture.dossierId}`,
        kind: 'result-returned',
        channel: 'email' as const,
        recipientUserId: applicant!.id,
        recipient: 'thang.hoang@example.vn',
        payload: {
          dossierCode,
          procedureKey: INCIDENT_PROCEDURE_KEY,
          statusCode: 10,
          textVi: 'Đã trả kết quả.',
          detail: null,
          at: new Date().toISOString(),
        },
        dossierId: fixture.dossierId,
        processInstanceId: fixture.processInstanceId,
      };
      smtp.setFaults({ reject: { code: 421, message: 'He thong ban' } });
      expect(await outbox.queue(message)).toBe(true);
      const [queued] = await outbox.listForDossier(fixture.dossierId);
      const failed = await until('the failed message with its incident', async () => {
        const m = await outbox.find(queued!.id);
        return m?.incidentState === 'raised' ? m : undefined;
      });
      expect(failed).toMatchObject({ state: 'failed', attempts: 3 });
      expect(smtp.sessions).toBe(3);
      const incidents = await engine<Array<{ id: string; configuration: string; incidentMessage: string }>>(
        `/incident?processInstanceId=${fixture.processInstanceId}&incidentType=notificationFailed`,
      );
      expect(incidents).toEqual([
        expect.objectContaining({ id: failed.incidentId, configuration: String(failed.id) }),
      ]);
      expect(incidents[0]!.incidentMessage).toContain('SMTP 421');
      expect(incidents[0]!.incidentMessage).not.toContain('thang.hoang');

      // The admin's page: the message, masked, with its error and incident; the incident list
      // names the type in Vietnamese.
      const list = await admin.get('/quan-tri/thong-bao-loi');
      expect(list.status).toBe(200);
      const row = rowText(list.text, `data-outbox-id="${failed.id}"`);
      expect(row).toContain(dossierCode);
      expect(row).toContain('Thư điện tử th***@example.vn');
      expect(row).not.toContain('thang.hoang');
      expect(row).toContain('Có kết quả');
      expect(row).toContain('SMTP 421');
      expect(row).toMatch(/Lỗi lúc \d\d:\d\d \d\d\/\d\d\/\d{4}/);
      expect(list.text).toContain(`href="/quan-tri/su-co/${failed.incidentId}"`);
      expect(list.text).toMatch(/Tổng số: <strong>1<\/strong>/);
      const incidentRow = rowText(
        (await admin.get('/quan-tri/su-co')).text,
        `data-incident-id="${failed.incidentId}"`,
      );
      expect(incidentRow).toContain('Gửi thông báo (thư điện tử, SMS) lỗi: Không gửi được thư điện tử');
      expect(incidentRow).toContain('Gửi lại ở trang Thông báo gửi lỗi');

      // The server is back. "Gửi lại" needs the CSRF token; then the incident is resolved, the
      // message sent once, and the resend audited.
      smtp.clearFaults();
      const path = `/quan-tri/thong-bao-loi/${failed.id}/gui-lai`;
      expect((await admin.postForm(path, {})).status).toBe(403);
      expect(
        (
          await admin.postForm('/quan-tri/thong-bao-loi/abc/gui-lai', {
            _csrf: PortalClient.csrfIn(list.text),
          })
        ).status,
      ).toBe(404);
      expect((await outbox.find(failed.id))!.state).toBe('failed');
      const done = await admin.postForm(path, { _csrf: PortalClient.csrfIn(list.text) });
      expect(done.status).toBe(302);
      expect(done.headers.get('location')).toBe('/quan-tri/thong-bao-loi?xong=gui-lai');
      const sent = await until('the resent message', async () => {
        const m = await outbox.find(failed.id);
        return m?.state === 'sent' ? m : undefined;
      });
      expect(sent).toMatchObject({ attempts: 1, incidentState: null, incidentId: null });
      expect(smtp.messages().filter((m) => m.to.includes('thang.hoang@example.vn'))).toHaveLength(1);
      expect(
        await engine<unknown[]>(
          `/incident?processInstanceId=${fixture.processInstanceId}&incidentType=notificationFailed`,
        ),
      ).toEqual([]);
      const entries = await stores.audit.list({ action: 'notification.resent' });
      expect(entries).toEqual([
        expect.objectContaining({
          target: `dossier:${fixture.dossierId}`,
          detail: expect.objectContaining({
            outboxId: failed.id,
            incidentId: failed.incidentId,
            incidentResolved: true,
          }),
        }),
      ]);
      // Again: nothing to send again (409); the event redelivered queues nothing; one e-mail.
      expect((await admin.postForm(path, { _csrf: PortalClient.csrfIn(list.text) })).status).toBe(409);
      expect(await outbox.queue(message)).toBe(false);
      expect(await outbox.listForDossier(fixture.dossierId)).toHaveLength(1);
      expect(smtp.messages().filter((m) => m.to.includes('thang.hoang@example.vn'))).toHaveLength(1);
      const after = await admin.get('/quan-tri/thong-bao-loi?xong=gui-lai');
      expect(after.text).toContain('Đã đặt gửi lại');
      expect(after.text).not.toContain(`data-outbox-id="${failed.id}"`);
    } finally {
      await ds.destroy();
    }
  });
});
