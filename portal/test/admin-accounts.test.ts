/**
 * Accounts, groups and units in the administration over HTTP on the real stack, on SQLite and
 * MariaDB: create an account with a unit and groups (its access is the union of its groups'
 * steps), refused input shown again with the values typed, change and disable (the disabled
 * account's open session ends), self-protection, groups and units created and changed — every
 * change in the audit.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase } from '@motcua/db';
import { createPortalStores, type AuditEntry } from '@motcua/db/portal';
import { PortalClient } from './support/http-client.js';
import { signIn } from './support/stack-calls.js';
import { startStack, type Stack } from './support/stack.js';

const dialects = await testDatabases();
jest.setTimeout(180_000);
const PASSWORD = 'mat-khau-ban-dau-1';

describe.each(dialects)('accounts, groups and units on $dialect', (factory) => {
  let stack: Stack;
  let admin: PortalClient;
  let csrf: string;

  const audit = async (action: string): Promise<AuditEntry[]> => {
    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      return await createPortalStores(ds).audit.list({ action });
    } finally {
      await ds.destroy();
    }
  };
  const userIdOf = async (username: string) => {
    const page = await admin.get(`/quan-tri/nguoi-dung?q=${username}`);
    const m = new RegExp(`href="/quan-tri/nguoi-dung/([0-9a-f-]{36})">${username}<`).exec(page.text);
    return m![1]!;
  };
  /** The steps listed under "Các bước được xử lý" on an account's page. */
  const stepsOn = (page: string) => [...page.matchAll(/data-step="([^"]+)"/g)].map((m) => m[1]!);

  beforeAll(async () => {
    stack = await startStack(factory);
    admin = await signIn(stack.portal.url, 'quantri');
    csrf = PortalClient.csrfIn((await admin.get('/quan-tri/nguoi-dung/moi')).text);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('creates an account whose access is the union of its groups', async () => {
    const created = await admin.request('POST', '/quan-tri/nguoi-dung/moi', {
      body: `_csrf=${encodeURIComponent(csrf)}&username=TiepNhan1&displayName=${encodeURIComponent('Ngô Thị Lan')}&role=officer&unitCode=G13.ATBXHN&groups=mot-cua&groups=lanh-dao&password=${PASSWORD}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    expect(created.status).toBe(302);
    expect(created.headers.get('location')).toMatch(/^\/quan-tri\/nguoi-dung\/[0-9a-f-]{36}\?xong=da-tao$/);
    const page = await admin.get(created.headers.get('location')!);
    expect(page.text).toContain('Đã tạo tài khoản.');
    expect(page.text).toContain('<code>tiepnhan1</code>');

    // The union: every step of mot-cua and of lanh-dao, and only those.
    const desk = (await admin.get('/quan-tri/nhom/mot-cua')).text;
    const leaders = (await admin.get('/quan-tri/nhom/lanh-dao')).text;
    const count = (html: string) => (html.split('Các bước nhóm xử lý')[1]!.match(/<li>/g) ?? []).length;
    const steps = stepsOn(page.text);
    expect(steps.length).toBe(count(desk) + count(leaders));
    expect(steps).toContain('most-chung-chi-nhan-vien-buc-xa#UserTask_CheckCompleteness');
    expect(steps).toContain('most-chung-chi-nhan-vien-buc-xa#UserTask_ApproveDossier');
    expect(steps).not.toContain('most-chung-chi-nhan-vien-buc-xa#UserTask_AppraiseDossier');

    // The new account signs in with its initial password and reaches the officers' pages.
    const officer = new PortalClient(stack.portal.url);
    expect((await officer.login('tiepnhan1', PASSWORD)).status).toBe(302);
    expect((await officer.get('/can-bo/cong-viec')).status).toBe(200);

    const [entry] = await audit('user.created');
    expect(entry).toMatchObject({
      target: 'tiepnhan1',
      detail: { role: 'officer', unitCode: 'G13.ATBXHN', groups: ['lanh-dao', 'mot-cua'] },
    });
    expect(JSON.stringify(entry)).not.toContain(PASSWORD);
  });

  it('shows a refused account form again with the values typed and Vietnamese messages', async () => {
    const res = await admin.postForm('/quan-tri/nguoi-dung/moi', {
      _csrf: csrf,
      username: 'a',
      displayName: 'Trần Văn Bình',
      role: 'officer',
      unitCode: 'KHONG-CO',
      groups: 'khong-co-nhom',
      password: 'ngan',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tên đăng nhập gồm 3–100 ký tự');
    expect(res.text).toContain('Mật khẩu ban đầu phải có từ 12 đến 200 ký tự.');
    expect(res.text).toContain('Đơn vị không tồn tại hoặc đã ngừng hoạt động.');
    expect(res.text).toContain('Nhóm không tồn tại hoặc đã ngừng hoạt động: khong-co-nhom.');
    expect(res.text).toContain('value="Trần Văn Bình"');
    const taken = await admin.postForm('/quan-tri/nguoi-dung/moi', {
      _csrf: csrf,
      username: 'canbo',
      displayName: 'Trùng tên',
      role: 'officer',
      unitCode: '',
      password: PASSWORD,
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('Tên đăng nhập &quot;canbo&quot; đã được dùng.');
    expect((await admin.postForm('/quan-tri/nguoi-dung/moi', { username: 'khong-csrf' })).status).toBe(403);
  });

  it('changes role, unit and groups (audited field by field) and disables an account', async () => {
    const id = await userIdOf('canbo2');
    const officer = await signIn(stack.portal.url, 'canbo2');
    expect((await officer.get('/can-bo/cong-viec')).status).toBe(200);
    const saved = await admin.postForm(`/quan-tri/nguoi-dung/${id}`, {
      _csrf: csrf,
      displayName: 'Đỗ Văn Em',
      role: 'leader',
      unitCode: 'G13.SHTT',
      groups: 'lanh-dao',
    });
    expect(saved.status).toBe(302);
    const [updated] = await audit('user.updated');
    expect(updated).toMatchObject({
      target: 'canbo2',
      detail: {
        displayName: { from: 'Đỗ Văn Em (cán bộ)', to: 'Đỗ Văn Em' },
        role: { from: 'officer', to: 'leader' },
        unitCode: { from: null, to: 'G13.SHTT' },
        groups: { from: ['mot-cua'], to: ['lanh-dao'] },
      },
    });
    const page = await admin.get(`/quan-tri/nguoi-dung/${id}`);
    expect(stepsOn(page.text)).toContain('most-chung-chi-nhan-vien-buc-xa#UserTask_ApproveDossier');
    expect(stepsOn(page.text)).not.toContain('most-chung-chi-nhan-vien-buc-xa#UserTask_CheckCompleteness');

    const disabled = await admin.postForm(`/quan-tri/nguoi-dung/${id}/trang-thai`, {
      _csrf: csrf,
      active: 'false',
    });
    expect(disabled.headers.get('location')).toBe(`/quan-tri/nguoi-dung/${id}?xong=da-khoa`);
    // The open session ends at its next request; signing in again is refused.
    expect((await officer.get('/can-bo/cong-viec')).status).toBe(302);
    expect((await new PortalClient(stack.portal.url).login('canbo2', 'mat-khau-thu-nghiem')).status).not.toBe(
      302,
    );
    expect(await audit('user.disabled')).toEqual([expect.objectContaining({ target: 'canbo2' })]);
    await admin.postForm(`/quan-tri/nguoi-dung/${id}/trang-thai`, { _csrf: csrf, active: 'true' });
    expect(await audit('user.enabled')).toEqual([expect.objectContaining({ target: 'canbo2' })]);
    expect((await new PortalClient(stack.portal.url).login('canbo2', 'mat-khau-thu-nghiem')).status).toBe(
      302,
    );
  });

  it('an admin cannot lock themselves out', async () => {
    const id = await userIdOf('quantri');
    const demote = await admin.postForm(`/quan-tri/nguoi-dung/${id}`, {
      _csrf: csrf,
      displayName: 'Vũ Thị Hạnh (quản trị)',
      role: 'officer',
      unitCode: 'G13',
    });
    expect(demote.status).toBe(400);
    expect(demote.text).toContain('Không thể bỏ vai trò quản trị của chính mình.');
    expect(
      (await admin.postForm(`/quan-tri/nguoi-dung/${id}/trang-thai`, { _csrf: csrf, active: 'false' }))
        .status,
    ).toBe(409);
    expect((await admin.get('/quan-tri')).status).toBe(200);
  });

  it('lists, searches and pages accounts', async () => {
    const page = await admin.get('/quan-tri/nguoi-dung?vai-tro=applicant');
    expect(page.text).toContain('data-username="congdan"');
    expect(page.text).not.toContain('data-username="canbo"');
    const byGroup = await admin.get('/quan-tri/nguoi-dung?nhom=chuyen-vien');
    expect(byGroup.text).toContain('data-username="canbo"');
    expect(byGroup.text).not.toContain('data-username="lanhdao"');
    const byName = await admin.get(`/quan-tri/nguoi-dung?q=${encodeURIComponent('phạm thu')}`);
    expect(byName.text).toContain('data-username="lanhdao"');
    expect(byName.text).toContain('Tìm thấy <strong>1</strong> tài khoản.');
  });

  it('creates and changes a group; a new group can be given to an account', async () => {
    const created = await admin.postForm('/quan-tri/nhom', {
      _csrf: csrf,
      id: 'mot-cua-shtt',
      nameVi: 'Bộ phận Một cửa Cục Sở hữu trí tuệ',
      kind: 'desk',
      unitCode: 'G13.SHTT',
    });
    expect(created.status).toBe(302);
    const bad = await admin.postForm('/quan-tri/nhom', {
      _csrf: csrf,
      id: 'Một Cửa',
      nameVi: 'X',
      kind: 'desk',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Mã nhóm chỉ gồm chữ thường không dấu');
    expect(
      (await admin.postForm('/quan-tri/nhom', { _csrf: csrf, id: 'mot-cua', nameVi: 'X', kind: 'desk' }))
        .status,
    ).toBe(409);
    const changed = await admin.postForm('/quan-tri/nhom/mot-cua-shtt', {
      _csrf: csrf,
      nameVi: 'Bộ phận Một cửa (Cục SHTT)',
      kind: 'desk',
      unitCode: 'G13.SHTT',
      active: 'true',
    });
    expect(changed.status).toBe(302);
    expect(await audit('group.created')).toEqual([
      expect.objectContaining({
        target: 'group:mot-cua-shtt',
        detail: { nameVi: 'Bộ phận Một cửa Cục Sở hữu trí tuệ', kind: 'desk', unitCode: 'G13.SHTT' },
      }),
    ]);
    expect(await audit('group.updated')).toEqual([
      expect.objectContaining({
        detail: { nameVi: { from: 'Bộ phận Một cửa Cục Sở hữu trí tuệ', to: 'Bộ phận Một cửa (Cục SHTT)' } },
      }),
    ]);
    const id = await userIdOf('canbo');
    const saved = await admin.postForm(`/quan-tri/nguoi-dung/${id}`, {
      _csrf: csrf,
      displayName: 'Lê Minh Cường (cán bộ)',
      role: 'officer',
      unitCode: 'G13.ATBXHN',
      groups: 'mot-cua-shtt',
    });
    expect(saved.status).toBe(302);
    const group = await admin.get('/quan-tri/nhom/mot-cua-shtt');
    expect(group.text).toContain('Lê Minh Cường (cán bộ)');
  });

  it('creates, renames and retires a unit; a cycle is refused', async () => {
    expect(
      (
        await admin.postForm('/quan-tri/don-vi', {
          _csrf: csrf,
          code: 'G13.SHTT.P1',
          nameVi: 'Phòng Sáng chế',
          parentCode: 'G13.SHTT',
        })
      ).status,
    ).toBe(302);
    const cycle = await admin.postForm('/quan-tri/don-vi/G13.SHTT', {
      _csrf: csrf,
      nameVi: 'Cục Sở hữu trí tuệ',
      parentCode: 'G13.SHTT.P1',
      active: 'true',
    });
    expect(cycle.status).toBe(400);
    expect(cycle.text).toContain('Đơn vị cấp trên không được là chính đơn vị này');
    expect(
      (
        await admin.postForm('/quan-tri/don-vi/G13.SHTT.P1', {
          _csrf: csrf,
          nameVi: 'Phòng Sáng chế 1',
          parentCode: 'G13.SHTT',
        })
      ).status,
    ).toBe(302);
    const list = await admin.get('/quan-tri/don-vi');
    expect(list.text).toContain('Phòng Sáng chế 1');
    expect(await audit('unit.created')).toEqual([expect.objectContaining({ target: 'unit:G13.SHTT.P1' })]);
    expect(await audit('unit.updated')).toEqual([
      expect.objectContaining({
        target: 'unit:G13.SHTT.P1',
        detail: {
          nameVi: { from: 'Phòng Sáng chế', to: 'Phòng Sáng chế 1' },
          active: { from: true, to: false },
        },
      }),
    ]);
  });
});
