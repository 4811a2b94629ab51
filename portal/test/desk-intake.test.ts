/**
 * Dossiers received at the one-stop desk — in person (channel 1) and by public post (channel 3) —
 * through the portal against the real engine and workers, on SQLite and MariaDB: the desk officer
 * fills the applicant's form for them, the same process starts with `channel` and `receivedBy`,
 * the receipt worker assigns the code, the channel shows on the officer's page and at /tra-cuu,
 * form 01 prints once the completeness check accepts it. Authorization, CSRF and validation.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase, type DataSource } from '@motcua/db';
import { AuditStore, DossierLifeStore, createPortalStores } from '@motcua/db/portal';
import { hashPassword } from '../src/auth/passwords.js';
import { documentsFor } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { DEMO_PASSWORD, PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
import { signIn } from './support/stack-calls.js';

const dialects = await testDatabases();
jest.setTimeout(120_000);
const DESK = `/can-bo/tiep-nhan/${PROCEDURE_KEY}`;

interface Received {
  id: string;
  dossierCode: string;
  channel: number;
  redirect: string;
  slip: string;
}

describe.each(dialects)('desk intake on $dialect', (factory) => {
  let stack: Stack;
  let url: string;
  let ds: DataSource;

  const engineGet = async <T>(path: string): Promise<T> => {
    const res = await fetch(stack.engineUrl + path);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const instanceCount = async () =>
    (await engineGet<unknown[]>(`/process-instance?processDefinitionKey=${PROCEDURE_KEY}`)).length;
  const signedIn = (username: string) => signIn(url, username);
  const userId = async (username: string) =>
    (await createPortalStores(ds).users.findByUsername(username))!.id;
  /** Opens the desk page (its CSRF token) and submits. */
  const receive = async (c: PortalClient, meta: unknown, data: Record<string, unknown>) => {
    const page = await c.get(DESK);
    expect(page.status).toBe(200);
    return c.postJson(DESK, { data, meta }, PortalClient.csrfIn(page.text));
  };

  beforeAll(async () => {
    stack = await startStack(factory);
    url = stack.portal.url;
    ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    // An officer whose group has no step in the procedure.
    await createPortalStores(ds).users.upsert({
      id: randomUUID(),
      username: 'canbo-ngoai',
      displayName: 'Phan Thị Giang',
      passwordHash: await hashPassword(DEMO_PASSWORD),
      role: 'officer',
      groups: ['phong-khac'],
    });
  });
  afterAll(async () => {
    await ds?.destroy();
    await stack?.close();
  });

  it('receives in person for an existing account: same process plus channel and receivedBy, history, audit, slip', async () => {
    const officer = await signedIn('canbo');
    const inbox = await officer.get('/can-bo/cong-viec');
    expect(inbox.text).toContain('href="/can-bo/tiep-nhan"');
    const list = await officer.get('/can-bo/tiep-nhan');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="${DESK}"`);
    const page = await officer.get(DESK);
    expect(page.text).toContain('name="channel" value="1"');
    expect(page.text).toContain('"metaFormId":"desk-meta"');

    const res = await receive(
      officer,
      { channel: '1', applicant: 'congdan2' },
      validApplication({ fullName: 'Trần Thị Bình' }),
    );
    expect(res.status).toBe(201);
    const r = res.json<Received>();
    expect(r.channel).toBe(1);
    expect(r.dossierCode).toMatch(/-\d{6}-\d{5}$/);
    expect(r.redirect).toBe(`/can-bo/ho-so/${r.id}?xong=tiep-nhan`);

    const dossier = await createPortalStores(ds).dossiers.findById(r.id);
    expect(dossier).toMatchObject({ channel: 1, applicantId: await userId('congdan2') });
    const [pi] = await engineGet<Array<{ id: string }>>(`/process-instance?businessKey=${r.id}`);
    const vars = await engineGet<Record<string, { value: unknown }>>(`/process-instance/${pi!.id}/variables`);
    expect(vars.channel?.value).toBe(1);
    expect(vars.receivedBy?.value).toBe(await userId('canbo'));
    expect(vars.applicantId?.value).toBe(await userId('congdan2'));
    expect(vars.fullName?.value).toBe('Trần Thị Bình');
    expect(vars.dossierId?.value).toBe(r.id);

    const history = await new DossierLifeStore(ds).listHistory(r.id);
    const entry = history.find((e) => e.kind === 'desk-received');
    expect(entry?.textVi).toContain('Trực tiếp');
    expect(entry?.actor).toBe(await userId('canbo'));
    const audit = await new AuditStore(ds).list({ action: 'dossier.desk-received' });
    expect(audit.find((a) => a.target === r.id)).toMatchObject({
      actor: await userId('canbo'),
      detail: { channel: 1, procedure: PROCEDURE_KEY },
    });

    const officerPage = await officer.get(r.redirect);
    expect(officerPage.status).toBe(200);
    expect(officerPage.text).toContain('Đã tiếp nhận hồ sơ.');
    expect(officerPage.text).toMatch(/<dt>Kênh<\/dt>\s*<dd class="dossier-channel">Trực tiếp<\/dd>/);
    expect(officerPage.text).toContain('Hồ sơ được tiếp nhận trực tiếp tại Bộ phận một cửa');
    // The slip is issued when the completeness check accepts the dossier.
    expect((await officer.get(r.slip)).status).toBe(404);
    const task = await (async () => {
      for (let i = 0; i < 300; i++) {
        const [t] = await engineGet<Array<{ id: string }>>(
          `/task?processInstanceId=${pi!.id}&taskDefinitionKey=UserTask_CheckCompleteness`,
        );
        if (t) return t;
        await new Promise((s) => setTimeout(s, 100));
      }
      throw new Error('no completeness task');
    })();
    const taskPage = await officer.get(`/can-bo/cong-viec/${task.id}`);
    const csrf = PortalClient.csrfIn(taskPage.text);
    expect((await officer.postForm(`/can-bo/cong-viec/${task.id}/nhan`, { _csrf: csrf })).status).toBe(302);
    const done = await officer.postJson(
      `/can-bo/cong-viec/${task.id}/hoan-thanh`,
      { data: { complete: true, completenessNote: 'Đủ thành phần hồ sơ' } },
      csrf,
    );
    expect(done.status).toBe(200);
    let slip = await officer.get(r.slip);
    for (let i = 0; i < 300 && slip.status !== 200; i++) {
      await new Promise((s) => setTimeout(s, 100));
      slip = await officer.get(r.slip);
    }
    expect(slip.status).toBe(200);
    expect(slip.text).toContain('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    expect(slip.text).toContain(r.dossierCode);

    // The applicant's account holds the dossier, with its channel.
    const applicant = await signedIn('congdan2');
    expect((await applicant.get('/ho-so-cua-toi')).text).toContain(r.id);
    expect((await applicant.get(`/ho-so/${r.id}`)).text).toContain('Trực tiếp');
  });

  it('receives by post for someone without an account: found publicly by code with its channel', async () => {
    const officer = await signedIn('canbo2');
    const res = await receive(
      officer,
      { channel: '3', applicant: '' },
      validApplication({ fullName: 'Lò Văn Mạnh' }),
    );
    expect(res.status).toBe(201);
    const r = res.json<Received>();
    expect(r.channel).toBe(3);
    const dossier = await createPortalStores(ds).dossiers.findById(r.id);
    expect(dossier).toMatchObject({ channel: 3, applicantId: '' });
    const lookup = await new PortalClient(url).lookup(r.dossierCode, '2345');
    expect(lookup.text).toMatch(/<dt>Kênh<\/dt>\s*<dd class="dossier-channel">Bưu chính công ích<\/dd>/);
    expect(lookup.text).not.toContain('Lò Văn Mạnh');
    const history = await new DossierLifeStore(ds).listHistory(r.id);
    expect(history.find((e) => e.kind === 'desk-received')?.textVi).toContain('qua bưu chính công ích');
    // An online dossier says so too.
    const online = await signedIn('congdan');
    const onlinePage = await online.get(`/thu-tuc/${PROCEDURE_KEY}`);
    const sent = await online.postJson(
      `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`,
      { data: validApplication(), documents: await documentsFor(online, PROCEDURE_KEY, onlinePage.text) },
      PortalClient.csrfIn(onlinePage.text),
    );
    const code = sent.json<{ dossierCode: string }>().dossierCode;
    expect((await new PortalClient(url).lookup(code, '0912345678')).text).toContain('Trực tuyến');
  });

  it('rejects bad input with Vietnamese messages for the form and the desk fields; nothing is started', async () => {
    const officer = await signedIn('canbo');
    const before = await instanceCount();
    const bad = await receive(
      officer,
      { channel: '2', applicant: 'a b' },
      validApplication({ citizenId: '12ab' }),
    );
    expect(bad.status).toBe(400);
    const body = bad.json<{
      message: string;
      errors: Array<{ field: string; label: string; message: string }>;
    }>();
    expect(body.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['channel', 'applicant', 'citizenId']),
    );
    expect(body.errors.find((e) => e.field === 'channel')?.message).toBe(
      'Vui lòng chọn kênh tiếp nhận: trực tiếp hoặc bưu chính công ích.',
    );
    expect(body.errors.find((e) => e.field === 'citizenId')?.message).toBe(
      'Số định danh cá nhân gồm đúng 12 chữ số.',
    );

    const unknown = await receive(officer, { channel: '1', applicant: 'khong-ton-tai' }, validApplication());
    expect(unknown.status).toBe(400);
    expect(unknown.json<{ errors: Array<{ message: string }> }>().errors[0]?.message).toContain(
      'Không tìm thấy tài khoản công dân',
    );
    // A staff account is never an applicant.
    expect((await receive(officer, { channel: '1', applicant: 'lanhdao' }, validApplication())).status).toBe(
      400,
    );
    const noMeta = await receive(officer, undefined, validApplication());
    expect(noMeta.status).toBe(400);
    expect((await officer.postJson(DESK, 'not an object', await officer.csrf(DESK))).status).toBe(400);
    expect(await instanceCount()).toBe(before);
  });

  it('rejects a post without or with a wrong CSRF token, and starts nothing', async () => {
    const officer = await signedIn('canbo');
    const before = await instanceCount();
    const payload = { data: validApplication(), meta: { channel: '1' } };
    expect((await officer.postJson(DESK, payload)).status).toBe(403);
    expect((await officer.postJson(DESK, payload, 'forged-token')).status).toBe(403);
    expect(await instanceCount()).toBe(before);
  });

  it('lets only the desk group of the procedure receive: 403 for other steps and applicants, 404 for outsiders', async () => {
    const before = await instanceCount();
    const payload = { data: validApplication(), meta: { channel: '1' } };
    const applicant = await signedIn('congdan');
    expect((await applicant.get(DESK)).status).toBe(403);
    expect((await applicant.postJson(DESK, payload, await applicant.csrf('/'))).status).toBe(403);

    // The leader has a step in the procedure (approval), not the desk.
    const leader = await signedIn('lanhdao');
    expect((await leader.get(DESK)).status).toBe(403);
    expect((await leader.postJson(DESK, payload, await leader.csrf('/can-bo/cong-viec'))).status).toBe(403);
    expect((await leader.get('/can-bo/tiep-nhan')).text).toContain('Bạn không thuộc bộ phận tiếp nhận');

    const outsider = await signedIn('canbo-ngoai');
    expect((await outsider.get(DESK)).status).toBe(404);
    expect((await outsider.postJson(DESK, payload, await outsider.csrf('/can-bo/cong-viec'))).status).toBe(
      404,
    );
    expect((await outsider.get('/can-bo/tiep-nhan/khong-co-thu-tuc')).status).toBe(404);

    expect(await instanceCount()).toBe(before);
    const denied = await new AuditStore(ds).list({ action: 'access.denied' });
    const reasons = denied.map((a) => (a.detail as { reason?: string } | null)?.reason);
    expect(reasons).toEqual(expect.arrayContaining(['not-the-desk-group', 'no-step-in-procedure']));
  });
});
