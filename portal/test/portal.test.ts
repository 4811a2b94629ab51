/**
 * The portal over HTTP against the real engine and workers, on SQLite and MariaDB: sign-in and
 * sessions, CSRF, server-side validation, IDOR protection, task authorization, and the whole
 * dossier flow through to the result.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase } from '@motcua/db';
import { createPortalStores } from '@motcua/db/portal';
import { startPortal } from '@motcua/portal';
import { documentsFor } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { DEMO_PASSWORD, PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
import { signIn } from './support/stack-calls.js';

const dialects = await testDatabases();
// The whole platform starts per suite; testTimeout in a Jest project config is ignored, so set it here.
jest.setTimeout(120_000);
const SUBMIT = `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`;

interface Task {
  id: string;
  taskDefinitionKey: string;
  assignee: string | null;
}

describe.each(dialects)('portal on $dialect', (factory) => {
  let stack: Stack;
  let url: string;

  const engineGet = async <T>(path: string): Promise<T> => {
    const res = await fetch(stack.engineUrl + path);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const instancesOf = (businessKey?: string) =>
    engineGet<unknown[]>(
      `/process-instance?processDefinitionKey=${PROCEDURE_KEY}${businessKey ? `&businessKey=${businessKey}` : ''}`,
    );
  const signedIn = (username: string) => signIn(url, username);
  const submit = async (c: PortalClient, data: Record<string, unknown>) => {
    const page = await c.get(`/thu-tuc/${PROCEDURE_KEY}`);
    const documents = await documentsFor(c, PROCEDURE_KEY, page.text);
    return c.postJson(SUBMIT, { data, documents }, PortalClient.csrfIn(page.text));
  };
  /** Waits for the engine to create the named task of a process instance. */
  const waitForTask = async (processInstanceId: string, key: string): Promise<Task> => {
    for (let i = 0; i < 300; i++) {
      const tasks = await engineGet<Task[]>(
        `/task?processInstanceId=${processInstanceId}&taskDefinitionKey=${key}`,
      );
      if (tasks[0]) return tasks[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`task ${key} never appeared`);
  };
  const processInstanceOf = async (dossierId: string) => {
    const [pi] = await engineGet<Array<{ id: string }>>(`/process-instance?businessKey=${dossierId}`);
    return pi!.id;
  };

  /** Opens, claims and completes the task `key` of a process instance as `c`. */
  const decide = async (pi: string, c: PortalClient, key: string, data: Record<string, unknown>) => {
    const task = await waitForTask(pi, key);
    const page = await c.get(`/can-bo/cong-viec/${task.id}`);
    expect(page.status).toBe(200);
    const csrf = PortalClient.csrfIn(page.text);
    expect((await c.postForm(`/can-bo/cong-viec/${task.id}/nhan`, { _csrf: csrf })).status).toBe(302);
    const done = await c.postJson(`/can-bo/cong-viec/${task.id}/hoan-thanh`, { data }, csrf);
    expect(done.status).toBe(200);
  };
  /** Reloads the applicant's dossier page until it shows `text`. */
  const dossierPageShowing = async (c: PortalClient, id: string, text: string) => {
    let page = '';
    for (let i = 0; i < 300 && !page.includes(text); i++) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      page = (await c.get(`/ho-so/${id}`)).text;
    }
    return page;
  };

  beforeAll(async () => {
    stack = await startStack(factory);
    url = stack.portal.url;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('reports health with the engine up', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', engine: 'up' });
  });

  it('serves the published catalogue as JSON', async () => {
    const res = await fetch(`${url}/api/procedures`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: PROCEDURE_KEY, code: '1.009846' })]),
    );
  });

  describe('sign-in', () => {
    it('rejects a wrong password, then signs in with an HttpOnly SameSite=Lax session cookie', async () => {
      const c = new PortalClient(url);
      const bad = await c.login('canbo', 'wrong-password');
      expect(bad.status).toBe(401);
      expect(bad.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
      expect(c.cookies.has('motcua_sid')).toBe(false);

      const ok = await c.login('canbo', DEMO_PASSWORD);
      expect(ok.status).toBe(302);
      expect(ok.headers.get('location')).toBe('/can-bo/cong-viec');
      const line = c.setCookieLines.find(
        (l) => l.startsWith('motcua_sid=') && !l.startsWith('motcua_sid=;'),
      )!;
      expect(line).toMatch(/httponly/i);
      expect(line).toMatch(/samesite=lax/i);
      expect((await c.get('/can-bo/cong-viec')).status).toBe(200);
    });

    it('rotates the session at login and kills it at logout', async () => {
      const c = await signedIn('congdan');
      const first = c.cookies.get('motcua_sid')!;
      await c.login('congdan', DEMO_PASSWORD);
      const second = c.cookies.get('motcua_sid')!;
      expect(second).not.toBe(first);
      const stale = new PortalClient(url);
      stale.cookies.set('motcua_sid', first);
      expect((await stale.get('/ho-so-cua-toi')).status).toBe(302); // old session is gone → login

      const csrf = await c.csrf('/ho-so-cua-toi');
      expect((await c.postForm('/dang-xuat', { _csrf: csrf })).status).toBe(302);
      const replay = new PortalClient(url);
      replay.cookies.set('motcua_sid', second);
      const after = await replay.get('/ho-so-cua-toi');
      expect(after.status).toBe(302);
      expect(after.headers.get('location')).toMatch(/^\/dang-nhap/);
    });

    it('blocks a username+IP after repeated failures, even with the right password', async () => {
      const c = new PortalClient(url);
      for (let i = 0; i < 5; i++) expect((await c.login('congdan3', 'sai-mat-khau')).status).toBe(401);
      const blocked = await c.login('congdan3', DEMO_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain('Bạn đã nhập sai quá nhiều lần');
    });

    it('rejects a login post without the login form token', async () => {
      const c = new PortalClient(url);
      const res = await c.postForm('/dang-nhap', { username: 'congdan', password: DEMO_PASSWORD });
      expect(res.status).toBe(403);
      expect(c.cookies.has('motcua_sid')).toBe(false);
    });
  });

  describe('applicant', () => {
    it('rejects a submission without or with a wrong CSRF token, and starts nothing', async () => {
      const c = await signedIn('congdan');
      const before = (await instancesOf()).length;
      expect((await c.postJson(SUBMIT, { data: validApplication() })).status).toBe(403);
      expect((await c.postJson(SUBMIT, { data: validApplication() }, 'forged-token')).status).toBe(403);
      expect((await instancesOf()).length).toBe(before);
    });

    it('rejects invalid data with Vietnamese per-field messages; nothing is started or saved', async () => {
      const c = await signedIn('congdan2');
      const before = (await instancesOf()).length;
      const res = await submit(
        c,
        validApplication({ citizenId: '12ab', email: 'khong-phai-email', fullName: '', approved: true }),
      );
      expect(res.status).toBe(400);
      const body = res.json<{
        message: string;
        errors: Array<{ field: string; label: string; message: string }>;
      }>();
      const fields = body.errors.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['citizenId', 'email', 'fullName', 'approved']));
      expect(body.errors.find((e) => e.field === 'citizenId')).toMatchObject({
        label: 'Số định danh cá nhân (CCCD)',
        message: 'Số định danh cá nhân gồm đúng 12 chữ số.',
      });
      expect((await instancesOf()).length).toBe(before);
      expect((await c.get('/ho-so-cua-toi')).text).toContain('Bạn chưa nộp hồ sơ nào');
    });

    it('submits a valid application, gets a dossier code, and only the owner sees the dossier', async () => {
      const owner = await signedIn('congdan');
      const res = await submit(owner, validApplication());
      expect(res.status).toBe(201);
      const { id, dossierCode, redirect } = res.json<{ id: string; dossierCode: string; redirect: string }>();
      expect(dossierCode).toMatch(/^[A-Z0-9.]+-\d{6}-\d{5}$/);
      expect(await instancesOf(id)).toHaveLength(1);

      const page = await owner.get(redirect);
      expect(page.status).toBe(200);
      expect(page.text).toContain(dossierCode);
      expect(page.text).toContain('Nguyễn Văn An');
      expect(page.text).toContain('Mới đăng ký');

      const other = await signedIn('congdan2');
      const stolen = await other.get(`/ho-so/${id}`);
      expect(stolen.status).toBe(404);
      expect(stolen.text).not.toContain('Nguyễn Văn An');
      expect((await other.get('/ho-so-cua-toi')).text).not.toContain(dossierCode);

      const lookup = await new PortalClient(url).lookup(dossierCode.toLowerCase(), '0912 345 678');
      expect(lookup.status).toBe(200);
      expect(lookup.text).toContain(dossierCode);
      expect(lookup.text).toContain('Mới đăng ký');
      expect(lookup.text).not.toContain('Nguyễn Văn An');
      expect(lookup.text).not.toContain('001090012345');
    });

    it('keeps applicants out of the officer inbox', async () => {
      const c = await signedIn('congdan');
      expect((await c.get('/can-bo/cong-viec')).status).toBe(403);
    });
  });

  describe('officer inbox', () => {
    it('lets only the task’s candidate groups act, and never on a task a colleague holds', async () => {
      const applicant = await signedIn('congdan');
      const { id } = (await submit(applicant, validApplication({ fullName: 'Hoàng Thị Giang' }))).json<{
        id: string;
      }>();
      const pi = await processInstanceOf(id);
      const task = await waitForTask(pi, 'UserTask_CheckCompleteness');
      const taskPath = `/can-bo/cong-viec/${task.id}`;

      // The leader's group (lanh-dao) is not a candidate of the completeness check.
      const leader = await signedIn('lanhdao');
      expect((await leader.get('/can-bo/cong-viec')).text).not.toContain(task.id);
      expect((await leader.get(taskPath)).status).toBe(403);
      const leaderCsrf = await leader.csrf('/can-bo/cong-viec');
      expect((await leader.postForm(`${taskPath}/nhan`, { _csrf: leaderCsrf })).status).toBe(403);
      expect(
        (await leader.postJson(`${taskPath}/hoan-thanh`, { data: { complete: true } }, leaderCsrf)).status,
      ).toBe(403);

      // canbo claims; canbo2 (same group) can no longer complete it.
      const officer = await signedIn('canbo');
      expect((await officer.get('/can-bo/cong-viec')).text).toContain(task.id);
      const csrf = await officer.csrf('/can-bo/cong-viec');
      expect((await officer.postForm(`${taskPath}/nhan`, { _csrf: csrf })).status).toBe(302);
      const colleague = await signedIn('canbo2');
      const colleagueCsrf = await colleague.csrf('/can-bo/cong-viec');
      expect(
        (await colleague.postJson(`${taskPath}/hoan-thanh`, { data: { complete: true } }, colleagueCsrf))
          .status,
      ).toBe(409);
      expect(await engineGet<Task>(`/task/${task.id}`)).toMatchObject({ id: task.id });

      // Invalid decision data is refused by the same validator.
      const invalid = await officer.postJson(`${taskPath}/hoan-thanh`, { data: { complete: 'có lẽ' } }, csrf);
      expect(invalid.status).toBe(400);
      expect(invalid.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('complete');
    });

    it('carries a dossier through completeness, appraisal and approval to the returned result', async () => {
      const applicant = await signedIn('congdan');
      const { id, dossierCode } = (
        await submit(applicant, validApplication({ fullName: 'Vũ Minh Hải' }))
      ).json<{ id: string; dossierCode: string }>();
      const pi = await processInstanceOf(id);
      const officer = await signedIn('canbo');

      await decide(pi, officer, 'UserTask_CheckCompleteness', {
        complete: true,
        completenessNote: 'Đủ thành phần hồ sơ',
      });
      expect((await applicant.get(`/ho-so/${id}`)).text).toContain('Đang xử lý');
      await decide(pi, officer, 'UserTask_AppraiseDossier', {
        recommendation: 'approve',
        appraisalNote: 'Đạt yêu cầu',
      });
      await decide(pi, await signedIn('lanhdao'), 'UserTask_ApproveDossier', {
        approved: true,
        decisionNote: 'Đồng ý cấp',
      });

      const page = await dossierPageShowing(applicant, id, 'Đã trả kết quả');
      expect(page).toContain('Đã trả kết quả');
      expect(page).toMatch(/số chứng chỉ <strong class="result-number">[^<]+<\/strong>/);
      const lookup = await new PortalClient(url).lookup(dossierCode, '2345');
      expect(lookup.text).toContain('Đã trả kết quả');
    });
    it('shows "not accepted" when the desk finds the dossier incomplete, and a refusal as a returned result', async () => {
      const applicant = await signedIn('congdan');
      const officer = await signedIn('canbo');
      const incomplete = (await submit(applicant, validApplication({ fullName: 'Lý Thị Hoa' }))).json<{
        id: string;
      }>();
      await decide(await processInstanceOf(incomplete.id), officer, 'UserTask_CheckCompleteness', {
        complete: false,
        completenessNote: 'Thiếu phiếu khám sức khỏe',
      });
      expect(await dossierPageShowing(applicant, incomplete.id, 'Không được tiếp nhận')).toContain(
        'Không được tiếp nhận',
      );

      const refused = (await submit(applicant, validApplication({ fullName: 'Đinh Công Tráng' }))).json<{
        id: string;
      }>();
      const pi = await processInstanceOf(refused.id);
      await decide(pi, officer, 'UserTask_CheckCompleteness', { complete: true });
      await decide(pi, officer, 'UserTask_AppraiseDossier', {
        recommendation: 'refuse',
        appraisalNote: 'Chứng nhận đào tạo hết hạn',
      });
      await decide(pi, await signedIn('lanhdao'), 'UserTask_ApproveDossier', {
        approved: false,
        decisionNote: 'Không đủ điều kiện',
      });
      const page = await dossierPageShowing(applicant, refused.id, 'Đã trả kết quả');
      expect(page).toContain('Không được cấp');
      expect(page).not.toContain('result-number');
    });
  });

  describe('public lookup', () => {
    it('finds a dossier by a code the portal has not cached yet, and answers a malformed code plainly', async () => {
      // A portal that does not wait for the receipt step, so the code is only in the engine.
      const quick = await startPortal({
        port: 0,
        engineUrl: stack.engineUrl,
        dbUrl: stack.dbUrl,
        dataDir: stack.dataDir,
        deploy: false,
        waitForCodeMs: 0,
      });
      try {
        const c = new PortalClient(quick.url);
        expect((await c.login('congdan', DEMO_PASSWORD)).status).toBe(302);
        const page = await c.get(`/thu-tuc/${PROCEDURE_KEY}`);
        const res = await c.postJson(
          SUBMIT,
          { data: validApplication(), documents: await documentsFor(c, PROCEDURE_KEY, page.text) },
          PortalClient.csrfIn(page.text),
        );
        expect(res.status).toBe(201);
        const pi = await processInstanceOf(res.json<{ id: string }>().id);
        let code = '';
        for (let i = 0; i < 300 && !code; i++) {
          const vars = await engineGet<Record<string, { value: unknown }>>(
            `/process-instance/${pi}/variables`,
          );
          code = typeof vars.dossierCode?.value === 'string' ? vars.dossierCode.value : '';
          if (!code) await new Promise((r) => setTimeout(r, 100));
        }
        const lookup = await new PortalClient(quick.url).lookup(code, '0912345678');
        expect(lookup.text).toContain(code);
        expect(lookup.text).toContain('Mới đăng ký');
        const bad = await new PortalClient(quick.url).lookup('<script>', '0912345678');
        expect(bad.status).toBe(200);
        expect(bad.text).toContain('value="&lt;script&gt;"');
        expect(bad.text).toContain('Không tìm thấy hồ sơ khớp với mã hồ sơ');
      } finally {
        await quick.close();
      }
    });
  });

  describe('behind an https proxy', () => {
    it('sets a Secure session cookie and sends HSTS', async () => {
      const tls = await startPortal({
        port: 0,
        engineUrl: stack.engineUrl,
        dbUrl: stack.dbUrl,
        dataDir: stack.dataDir,
        deploy: false,
        secureCookies: true,
      });
      try {
        const c = new PortalClient(tls.url);
        const proxied = { 'x-forwarded-proto': 'https' };
        const page = await c.request('GET', '/dang-nhap', { headers: proxied });
        expect(page.headers.get('strict-transport-security')).toMatch(/max-age=/);
        const form = page.text.slice(page.text.indexOf('action="/dang-nhap"'));
        const res = await c.request('POST', '/dang-nhap', {
          body: new URLSearchParams({
            _csrf: PortalClient.csrfIn(form),
            username: 'canbo',
            password: DEMO_PASSWORD,
          }).toString(),
          headers: { ...proxied, 'content-type': 'application/x-www-form-urlencoded' },
        });
        expect(res.status).toBe(302);
        const line = c.setCookieLines.find(
          (l) => l.startsWith('motcua_sid=') && !l.startsWith('motcua_sid=;'),
        )!;
        expect(line).toMatch(/;\s*secure/i);
      } finally {
        await tls.close();
      }
    });
  });

  describe('when the engine fails', () => {
    it('tells the applicant nothing was submitted and leaves no started dossier', async () => {
      // A second portal on the same database whose engine cannot be reached.
      const cut = await startPortal({
        port: 0,
        engineUrl: 'http://127.0.0.1:9/engine-rest',
        dbUrl: stack.dbUrl,
        dataDir: stack.dataDir,
        deploy: false,
      });
      try {
        const c = new PortalClient(cut.url);
        expect((await c.login('congdan2', DEMO_PASSWORD)).status).toBe(302);
        const before = (await instancesOf()).length;
        const applyPage = await c.get(`/thu-tuc/${PROCEDURE_KEY}`);
        const res = await c.postJson(
          SUBMIT,
          { data: validApplication(), documents: await documentsFor(c, PROCEDURE_KEY, applyPage.text) },
          PortalClient.csrfIn(applyPage.text),
        );
        expect(res.status).toBe(503);
        expect(res.json<{ message: string }>().message).toContain('CHƯA được nộp');
        expect((await instancesOf()).length).toBe(before);
        // The form to validate against comes from the engine: without it nothing is stored at all
        // (no dossier row), and the procedure page says the form is unavailable.
        const mine = await c.get('/ho-so-cua-toi');
        expect(mine.text).not.toContain('Chưa nộp được');
        expect(mine.text).not.toContain('Mới đăng ký');
        const page = await c.get(`/thu-tuc/${PROCEDURE_KEY}`);
        expect(page.status).toBe(200);
        expect(page.text).toContain('Chưa tải được tờ khai');
      } finally {
        await cut.close();
      }
    });
  });

  it('audits every decision: sign-in, submission, claim, completion, denial, CSRF', async () => {
    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      const entries = await createPortalStores(ds).audit.list({}, 1000);
      const actions = new Set(entries.map((e) => e.action));
      for (const a of [
        'login.success',
        'login.failure',
        'login.throttled',
        'logout',
        'dossier.submit',
        'dossier.submit-rejected',
        'dossier.start-failed',
        'task.claim',
        'task.complete',
        'access.denied',
        'csrf.rejected',
      ]) {
        expect([a, actions.has(a)]).toEqual([a, true]);
      }
      // The leader's decisions are recorded with their values (one approval, one refusal above).
      const approvals = entries
        .filter(
          (e) => e.action === 'task.complete' && e.detail?.taskDefinitionKey === 'UserTask_ApproveDossier',
        )
        .map((e) => (e.detail?.decision as { approved?: boolean } | undefined)?.approved);
      expect(approvals.sort()).toEqual([false, true]);
      expect(JSON.stringify(entries)).not.toContain(DEMO_PASSWORD);
    } finally {
      await ds.destroy();
    }
  });
});
