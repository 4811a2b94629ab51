/**
 * The designer studio through HTTP against the real engine, workers and portal, on SQLite and
 * MariaDB: who may reach /thiet-ke (401 signed out, 403 applicant and officer, CSRF), the
 * procedures page with versions and counts and the diacritics-free search, drafts (open, save,
 * optimistic concurrency, bad XML refused with nothing lost), the check that blocks a deploy,
 * the deploy of version 2 with its change note in the audit, a restart that keeps version 2,
 * and the migration of one chosen running instance while another stays on version 1.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { silentLogger } from '@motcua/domain';
import { openDatabase, type DataSource } from '@motcua/db';
import { AuditStore } from '@motcua/db/portal';
import { testDatabases } from '@motcua/db/testing';
import { loadPublishedCatalogue } from '@motcua/processes';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { deployCatalogue } from '../src/engine/deploy-catalogue.js';
import { EngineClient } from '../src/engine/engine-client.js';
import { documentsFor } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
import { engineJson, signIn } from './support/stack-calls.js';
import { NEW_TASK_ID, withReviewTask } from './support/studio-model.js';

const dialects = await testDatabases();
jest.setTimeout(180_000);

const SOME_DRAFT = '00000000-0000-4000-8000-000000000000';

interface DraftDto {
  id: string;
  rev: number;
  bpmnXml: string;
  forms: Record<string, { id: string; components: unknown[] }>;
  dmnXml: string | null;
}

describe.each(dialects)('designer studio on $dialect', (factory) => {
  let stack: Stack;
  let url: string;
  let ds: DataSource;
  let designer: PortalClient;
  let csrf: string;
  let draftId: string;

  const definitions = () =>
    engineJson<Array<{ id: string; version: number; tenantId: string | null }>>(
      stack.engineUrl,
      `/process-definition?key=${PROCEDURE_KEY}&sortBy=version&sortOrder=asc`,
    );
  const draft = async () =>
    (await designer.request('GET', `/thiet-ke/api/ban-nhap/${draftId}`)).json<DraftDto>();
  const put = (body: unknown, token = csrf) =>
    designer.request('PUT', `/thiet-ke/api/ban-nhap/${draftId}`, {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
    });

  /** Two dossiers submitted on version 1, before any deploy: the migration moves one of them. */
  const onVersion1: string[] = [];

  beforeAll(async () => {
    stack = await startStack(factory);
    url = stack.portal.url;
    ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    designer = await signIn(url, 'thietke');
    csrf = await designer.csrf('/thiet-ke');
    const applicant = await signIn(url, 'congdan');
    for (let i = 0; i < 2; i++) {
      const page = await applicant.get(`/thu-tuc/${PROCEDURE_KEY}`);
      const sent = await applicant.postJson(
        `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`,
        { data: validApplication(), documents: await documentsFor(applicant, PROCEDURE_KEY, page.text) },
        PortalClient.csrfIn(page.text),
      );
      expect(sent.status).toBe(201);
      const [pi] = await engineJson<Array<{ id: string }>>(
        stack.engineUrl,
        `/process-instance?businessKey=${sent.json<{ id: string }>().id}`,
      );
      onVersion1.push(pi!.id);
    }
  });

  afterAll(async () => {
    await ds?.destroy();
    await stack?.close();
  });

  describe('access', () => {
    const pages = [
      '/thiet-ke',
      `/thiet-ke/ban-nhap/${SOME_DRAFT}`,
      '/thiet-ke/chuyen-phien-ban?tu=a&den=b',
      '/thiet-ke/so-sanh?a=a&b=b',
      '/thiet-ke/chay-thu',
      '/thiet-ke/chay-thu/abc',
    ];
    const api: Array<[string, string]> = [
      ['GET', `/thiet-ke/api/ban-nhap/${SOME_DRAFT}`],
      ['PUT', `/thiet-ke/api/ban-nhap/${SOME_DRAFT}`],
      ['POST', '/thiet-ke/ban-nhap'],
      ['POST', `/thiet-ke/api/ban-nhap/${SOME_DRAFT}/kiem-tra`],
      ['POST', `/thiet-ke/api/ban-nhap/${SOME_DRAFT}/trien-khai`],
      ['POST', '/thiet-ke/chuyen-phien-ban'],
      ['GET', '/thiet-ke/chay-thu/abc/so-do.json'],
      ['POST', `/thiet-ke/ban-nhap/${SOME_DRAFT}/chay-thu`],
      ['POST', '/thiet-ke/chay-thu/abc/ket-thuc'],
    ];

    it('signed out: pages redirect to the sign-in, the API answers 401', async () => {
      const anon = new PortalClient(url);
      for (const p of pages) {
        const res = await anon.get(p);
        expect([p, res.status]).toEqual([p, 302]);
        expect(res.headers.get('location')).toMatch(/^\/dang-nhap\?next=/);
      }
      for (const [method, p] of api) {
        const res = await anon.request(method, p, {
          ...(method === 'GET' ? {} : { body: '{}' }),
          headers: { 'content-type': 'application/json', accept: 'application/json' },
        });
        expect([method, p, res.status]).toEqual([method, p, 401]);
      }
    });

    it.each(['congdan', 'canbo'])('%s gets 403 on every route, audited', async (username) => {
      const c = await signIn(url, username);
      const token = await c.csrf('/');
      for (const p of pages) expect([p, (await c.get(p)).status]).toEqual([p, 403]);
      for (const [method, p] of api) {
        const res = await c.request(method, p, {
          ...(method === 'GET'
            ? {}
            : { body: JSON.stringify({ key: PROCEDURE_KEY, from: 'catalogue', note: 'x' }) }),
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
        });
        expect([method, p, res.status]).toEqual([method, p, 403]);
      }
      const denied = await new AuditStore(ds).list({ action: 'access.denied' });
      expect(denied.some((e) => e.target === 'GET /thiet-ke')).toBe(true);
    });

    it('a designer without the CSRF token is refused (403)', async () => {
      const res = await designer.postForm('/thiet-ke/ban-nhap', { key: PROCEDURE_KEY, from: 'catalogue' });
      expect(res.status).toBe(403);
    });
  });

  describe('procedures page', () => {
    it('lists 1.009846 with version 1 and its instance counts', async () => {
      const res = await designer.get('/thiet-ke');
      expect(res.status).toBe(200);
      const section = res.text.slice(res.text.indexOf(`data-key="${PROCEDURE_KEY}"`));
      expect(section).toContain('1.009846');
      expect(section).toMatch(/<tr data-version="1">/);
      expect(section).toMatch(/data-count="running">2</);
    });

    it('search ignores diacritics', async () => {
      const found = await designer.get('/thiet-ke?q=cap%20chung%20chi%20nhan%20vien%20buc%20xa');
      expect(found.text).toContain(`data-key="${PROCEDURE_KEY}"`);
      expect(found.text).toContain('cấp Chứng chỉ nhân viên bức xạ');
      const none = await designer.get('/thiet-ke?q=khong%20co%20thu%20tuc%20nay');
      expect(none.text).not.toContain('class="panel studio-procedure"');
      expect(none.text).toContain('0 thủ tục');
    });
  });

  describe('drafts, check, deploy, migration', () => {
    it('opens the catalogue model as a draft with every form', async () => {
      const res = await designer.postForm('/thiet-ke/ban-nhap', {
        _csrf: csrf,
        key: PROCEDURE_KEY,
        from: 'catalogue',
      });
      expect(res.status).toBe(302);
      draftId = res.headers.get('location')!.split('/').pop()!;
      const d = await draft();
      expect(d.rev).toBe(1);
      expect(d.bpmnXml).toContain('UserTask_AppraiseDossier');
      expect(Object.keys(d.forms)).toContain(`${PROCEDURE_KEY}-application`);
      const page = await designer.get(`/thiet-ke/ban-nhap/${draftId}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self';");
      expect(page.text).toContain('/static/studio-editor.js');
    });

    it('the legal dossier-life template comes from the generator', async () => {
      const res = await designer.postForm('/thiet-ke/ban-nhap', {
        _csrf: csrf,
        key: PROCEDURE_KEY,
        from: 'template',
      });
      const id = res.headers.get('location')!.split('/').pop()!;
      const t = (await designer.request('GET', `/thiet-ke/api/ban-nhap/${id}`)).json<DraftDto>();
      expect(t.bpmnXml).toContain('SubProcess_DossierWithdrawn');
      expect(t.bpmnXml).toContain('ServiceTask_SignResult');
    });

    it('saves with optimistic concurrency: a stale tab gets 409 and nothing is overwritten', async () => {
      const d = await draft();
      const application = d.forms[`${PROCEDURE_KEY}-application`]!;
      const withField = {
        ...application,
        components: [
          ...application.components,
          {
            type: 'textfield',
            key: 'professionalExperience',
            label: 'Số năm kinh nghiệm bức xạ',
            id: 'Field_exp',
          },
        ],
      };
      const ok = await put({
        rev: 1,
        bpmnXml: d.bpmnXml,
        forms: { ...d.forms, [application.id]: withField },
        dmnXml: d.dmnXml,
      });
      expect(ok.status).toBe(200);
      expect(ok.json<{ rev: number }>().rev).toBe(2);
      const stale = await put({ rev: 1, bpmnXml: d.bpmnXml, forms: d.forms, dmnXml: d.dmnXml });
      expect(stale.status).toBe(409);
      expect(stale.json<{ message: string }>().message).toMatch(/đã được lưu ở nơi khác/);
      expect(JSON.stringify((await draft()).forms)).toContain('professionalExperience');
    });

    it('refuses a DOCTYPE, a form whose id differs from its key, and bad CSRF; the draft stays', async () => {
      const d = await draft();
      const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${d.bpmnXml.replace(/^<\?xml[^>]*>/, '')}`;
      const res = await put({ rev: d.rev, bpmnXml: xxe, forms: d.forms, dmnXml: d.dmnXml });
      expect(res.status).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/DOCTYPE/);
      const renamed = { ...d.forms, x: { ...d.forms[`${PROCEDURE_KEY}-application`]!, id: 'khac' } };
      expect((await put({ rev: d.rev, bpmnXml: d.bpmnXml, forms: renamed, dmnXml: d.dmnXml })).status).toBe(
        400,
      );
      expect(
        (await put({ rev: d.rev, bpmnXml: d.bpmnXml, forms: d.forms, dmnXml: null }, 'forged')).status,
      ).toBe(403);
      expect((await draft()).rev).toBe(d.rev);
    });

    it('the check lists a user task without candidate group in Vietnamese and blocks the deploy', async () => {
      const d = await draft();
      const saved = await put({
        rev: d.rev,
        bpmnXml: withReviewTask(d.bpmnXml, { candidateGroups: null }),
        forms: d.forms,
        dmnXml: d.dmnXml,
      });
      expect(saved.status).toBe(200);
      const check = (await designer.postJson(`/thiet-ke/api/ban-nhap/${draftId}/kiem-tra`, {}, csrf)).json<{
        errors: Array<{ elementId: string; rule: string; message: string }>;
      }>();
      expect(check.errors).toEqual([
        expect.objectContaining({
          elementId: NEW_TASK_ID,
          message: expect.stringMatching(/chưa có nhóm xử lý/),
        }),
      ]);
      const blocked = await designer.postJson(
        `/thiet-ke/api/ban-nhap/${draftId}/trien-khai`,
        { note: 'Thêm bước rà soát căn cứ pháp lý' },
        csrf,
      );
      expect(blocked.status).toBe(400);
      expect(blocked.json<{ check: { errors: unknown[] } }>().check.errors).toHaveLength(1);
      expect((await definitions()).map((x) => x.version)).toEqual([1]);
      expect((await designer.get('/thiet-ke')).text).toContain('Có lỗi');
    });

    it('deploys version 2 with the change note in the audit; a restart keeps version 2', async () => {
      const d = await draft();
      const fixed = d.bpmnXml.replace(
        `id="${NEW_TASK_ID}" name="Rà soát căn cứ pháp lý"`,
        `id="${NEW_TASK_ID}" name="Rà soát căn cứ pháp lý" camunda:candidateGroups="chuyen-vien"`,
      );
      expect((await put({ rev: d.rev, bpmnXml: fixed, forms: d.forms, dmnXml: d.dmnXml })).status).toBe(200);
      const noNote = await designer.postJson(
        `/thiet-ke/api/ban-nhap/${draftId}/trien-khai`,
        { note: ' ' },
        csrf,
      );
      expect(noNote.status).toBe(400);
      expect(noNote.json<{ message: string }>().message).toMatch(/ghi chú thay đổi/);

      const res = await designer.postJson(
        `/thiet-ke/api/ban-nhap/${draftId}/trien-khai`,
        { note: 'Thêm bước rà soát căn cứ pháp lý' },
        csrf,
      );
      expect(res.status).toBe(200);
      const out = res.json<{ version: number; resources: string[] }>();
      expect(out.version).toBe(2);
      // Every file of the procedure in one deployment: its forms are bound `deployment`.
      expect(out.resources).toEqual(
        expect.arrayContaining(['process.bpmn', 'application.form', 'approve-dossier.form']),
      );
      const [entry] = await new AuditStore(ds).list({ action: 'studio.deploy' });
      expect(entry!.detail).toEqual(
        expect.objectContaining({ note: 'Thêm bước rà soát căn cứ pháp lý', version: 2, draftId }),
      );
      const form = await engineJson<{ components: Array<{ key?: string }> }>(
        stack.engineUrl,
        `/process-definition/key/${PROCEDURE_KEY}/deployed-start-form`,
      );
      expect(form.components.map((c) => c.key)).toContain('professionalExperience');

      // The portal starting again redeploys the catalogue: the designer's version stays in force.
      const engine = new EngineClient({ url: stack.engineUrl });
      await deployCatalogue(engine, new Catalogue(loadPublishedCatalogue()), silentLogger, {
        timeoutMs: 10_000,
      });
      expect((await definitions()).filter((x) => !x.tenantId).map((x) => x.version)).toEqual([1, 2]);
      expect((await designer.get('/thiet-ke')).text).toMatch(/<tr data-version="2">/);
      const [v1, v2] = await definitions();
      const compared = await designer.get(`/thiet-ke/so-sanh?a=${v1!.id}&b=${v2!.id}`);
      expect(compared.status).toBe(200);
      expect(compared.text).toMatch(new RegExp(`<ul class="diff-added">[\\s\\S]*${NEW_TASK_ID}`));
      // Old and new the right way round (bpmn-js-differ alone swaps them).
      expect(compared.text.replace(/>\s+</g, '><')).toContain(
        '<td><code>targetRef</code></td><td>UserTask_ApproveDossier</td><td>UserTask_ReviewLegalBasis</td>',
      );
    });

    it('a deploy the engine refuses keeps the draft and says why in Vietnamese', async () => {
      const d = await draft();
      // Lint-clean, but the engine cannot parse the condition's expression.
      const broken = d.bpmnXml.replace(
        '${complete}</bpmn:conditionExpression>',
        '${complete &amp;&amp;}</bpmn:conditionExpression>',
      );
      expect(broken).not.toBe(d.bpmnXml);
      expect((await put({ rev: d.rev, bpmnXml: broken, forms: d.forms, dmnXml: d.dmnXml })).status).toBe(200);
      const res = await designer.postJson(
        `/thiet-ke/api/ban-nhap/${draftId}/trien-khai`,
        { note: 'Thử một mô hình hỏng' },
        csrf,
      );
      expect(res.status).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/từ chối triển khai.*không mất gì/);
      expect((await draft()).bpmnXml).toContain('${complete &amp;&amp;}');
      expect((await definitions()).map((x) => x.version)).toEqual([1, 2]);
      expect((await new AuditStore(ds).list({ action: 'studio.deploy-refused' })).length).toBe(1);
    });

    it('migrates one chosen running instance to version 2; the other stays on version 1', async () => {
      const [v1, v2] = await definitions();
      const [a, b] = onVersion1.map((id) => ({ id }));
      const page = await designer.get(`/thiet-ke/chuyen-phien-ban?tu=${v1!.id}&den=${v2!.id}`);
      expect([page.status, page.status === 200 ? '' : page.text]).toEqual([200, '']);
      expect(page.text).toContain('UserTask_AppraiseDossier');
      expect(page.text).toContain('Kế hoạch hợp lệ');
      expect(page.text).toContain(`value="${a!.id}"`);
      expect(page.text).toContain(`value="${b!.id}"`);
      const noNote = await designer.postForm('/thiet-ke/chuyen-phien-ban', {
        _csrf: csrf,
        tu: v1!.id,
        den: v2!.id,
        hoSo: a!.id,
        note: '',
      });
      expect(noNote.status).toBe(400);
      expect(noNote.text).toContain('Hãy ghi lý do chuyển phiên bản');
      const done = await designer.postForm('/thiet-ke/chuyen-phien-ban', {
        _csrf: csrf,
        tu: v1!.id,
        den: v2!.id,
        hoSo: a!.id,
        note: 'Áp dụng bước rà soát mới',
      });
      expect(done.status).toBe(200);
      expect(done.text).toContain('Đã chuyển 1 hồ sơ sang phiên bản 2');
      const [pa, pb] = await Promise.all(
        [a!, b!].map((p) =>
          engineJson<{ definitionId: string }>(stack.engineUrl, `/process-instance/${p.id}`),
        ),
      );
      expect(pa!.definitionId).toBe(v2!.id);
      expect(pb!.definitionId).toBe(v1!.id);
      const [entry] = await new AuditStore(ds).list({ action: 'studio.migrate' });
      expect(entry!.detail).toEqual(
        expect.objectContaining({ instances: [a!.id], note: 'Áp dụng bước rà soát mới', toVersion: 2 }),
      );
    });
  });
});
