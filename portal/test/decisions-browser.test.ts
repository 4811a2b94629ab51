/**
 * Reasoned decisions, dates and officers' tools in Debian's Chromium against the whole platform, on
 * SQLite and MariaDB (issue 10):
 * - dates: 31/02/2024 refused in the browser with the text kept, a birth date in the future refused
 *   (browser and server), the picker in Vietnamese dd/mm/yyyy and inside a phone's width;
 * - 1.009846 through a supplement round; the leader sees the desk's and the appraiser's notes;
 *   a refusal without a reason is refused (form and direct POST), with one it reaches the
 *   applicant as "Từ chối" in its own colour with the letter and the reason;
 * - the officers' dossier list: search, near-due and overdue filters, links; the inbox's due dates;
 * - a decided dossier cannot be withdrawn (no button, 409 on a direct POST).
 * Every page visited is checked with checkPage (axe, 390 px, screenshots).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { documentsFor, uploadEverySlot } from './support/documents.js';
import { DEMO_PASSWORD, PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';
import { PortalClient } from './support/http-client.js';
import { chromiumRuns, fillDate, launchChromium, type Chromium } from './support/chromium.js';
import { checkPage } from './support/page-checks.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const dialects = await testDatabases();
jest.setTimeout(300_000);

/** A generated procedure with the withdrawal event subprocess (see dossier-life.test.ts). */
const GENERATED_KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
const generatedApplication = {
  fullName: 'Trần Thị Bình',
  citizenId: '001190012345',
  address: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội',
  phone: '0912345678',
  email: 'binh.tran@example.vn',
};

/** `YYYY-MM-DD` in Vietnam, `days` from today. */
function vnDay(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
const dmy = (iso: string) => iso.split('-').reverse().join('/');

(chromiumRuns ? describe.each(dialects) : describe.skip.each(dialects))(
  'decisions, dates and officer tools in Chromium on $dialect',
  (factory) => {
    let stack: Stack;
    let url: string;
    let browser: Chromium | undefined;
    let context: BrowserContext;
    let page: Page;
    const problems: string[] = [];
    const shot = (name: string) => `decisions-${factory.dialect}-${name}`;

    const engine = <T>(path: string, init?: RequestInit) => engineJson<T>(stack.engineUrl, path, init);

    async function login(username: string, landing: string): Promise<void> {
      await context.clearCookies();
      await page.goto(`${url}/dang-nhap`);
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL(`**${landing}`),
        page.getByRole('button', { name: 'Đăng nhập' }).click(),
      ]);
    }

    async function pageIsFine(name: string): Promise<void> {
      const check = await checkPage(page, shot(name));
      expect(check.axe).toEqual([]);
      if (check.overflowAt390 > 0) {
        // Name what sticks out, so a failure says where to look.
        await page.setViewportSize({ width: 390, height: 844 });
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > 392)
            .slice(0, 8)
            .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
        );
        await page.setViewportSize({ width: 1280, height: 900 });
        expect({ name, overflow: check.overflowAt390, wide }).toEqual({ name, overflow: 0, wide: [] });
      }
    }

    /** Claims and completes a task through the portal as `c` (who is then its assignee). */
    async function decide(c: PortalClient, pi: string, key: string, data: Record<string, unknown>) {
      const task = await openTask(stack.engineUrl, pi, key);
      const taskPage = await c.get(`/can-bo/cong-viec/${task.id}`);
      const csrf = PortalClient.csrfIn(taskPage.text);
      expect((await c.postForm(`/can-bo/cong-viec/${task.id}/nhan`, { _csrf: csrf })).status).toBe(302);
      const done = await c.postJson(`/can-bo/cong-viec/${task.id}/hoan-thanh`, { data }, csrf);
      expect([done.status, done.text]).toEqual([200, expect.any(String)]);
    }

    async function submitted(
      c: PortalClient,
      key: string,
      data: Record<string, unknown>,
    ): Promise<{ id: string; pi: string; code: string }> {
      const form = await c.get(`/thu-tuc/${key}`);
      const documents = await documentsFor(c, key, form.text);
      const res = await c.postJson(
        `/thu-tuc/${key}/nop-ho-so`,
        { data, documents },
        PortalClient.csrfIn(form.text),
      );
      expect(res.status).toBe(201);
      const { id } = res.json<{ id: string }>();
      const [pi] = await engine<Array<{ id: string }>>(`/process-instance?businessKey=${id}`);
      const code = await until('dossier code', async () => {
        const [v] = await engine<Array<{ value: string }>>(
          `/history/variable-instance?processInstanceId=${pi!.id}&variableName=dossierCode`,
        );
        return v?.value;
      });
      return { id, pi: pi!.id, code };
    }

    beforeAll(async () => {
      await buildBrowser();
      // A quick background refresh, so a clock moved in the engine reaches the officers' list.
      stack = await startStack(factory, { refreshDossiers: { intervalMs: 300, batch: 50 } });
      url = stack.portal.url;
      browser = await launchChromium();
      context = browser.context;
      page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
    });
    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });

    it('refuses 31/02/2024 with the text kept and a birth date in the future, in Vietnamese dd/mm/yyyy', async () => {
      await login('congdan', '/ho-so-cua-toi');
      await page.goto(`${url}/thu-tuc/${PROCEDURE_KEY}`);
      await page.waitForSelector('.fjs-container');
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().includes('/nop-ho-so')) posts.push(r.url());
      });

      // The picker speaks Vietnamese, starts the week on Monday and fits on a phone.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByLabel('Ngày sinh').click();
      const calendar = page.locator('.flatpickr-calendar.open');
      await calendar.waitFor();
      expect(await page.getByLabel('Ngày sinh').getAttribute('placeholder')).toBe('dd/mm/yyyy');
      expect((await calendar.locator('.flatpickr-weekday').first().textContent())?.trim()).toBe('T2');
      expect(await calendar.locator('.flatpickr-monthDropdown-month').allTextContents()).toContain(
        'tháng 12',
      );
      expect(await calendar.locator('.flatpickr-day[aria-label^="Thứ Hai"]').count()).toBeGreaterThan(0);
      const box = (await calendar.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.getByLabel('Họ và tên').fill('Lò Văn Mạnh');
      await fillDate(page, 'Ngày sinh', '31/02/2024', /Tờ khai trực tuyến/);
      const typedError = page.locator('.date-typed-error');
      await expect(typedError.textContent()).resolves.toBe(
        'Ngày 31/02/2024 không có trên lịch. Vui lòng nhập đúng ngày (dd/mm/yyyy).',
      );
      // Never moved to 02/03/2024: the text stays as typed.
      expect(await page.getByLabel('Ngày sinh').inputValue()).toBe('31/02/2024');
      await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001090012345');
      await page.getByLabel('Số điện thoại').fill('0912345678');
      await page.getByLabel('Thư điện tử').fill('manh.lo@example.vn');
      await page.getByLabel('Tên cơ sở nơi làm việc').fill('Bệnh viện Đa khoa tỉnh Hà Nam');
      await page.locator('.fjs-form-field-select .fjs-select-display').click();
      await page.locator('.fjs-dropdownlist-item').first().click();
      await page.getByLabel('Số giấy chứng nhận đào tạo').fill('ATBX-2024-0153');
      await page.getByLabel('Cơ sở đào tạo').fill('Viện Năng lượng nguyên tử Việt Nam');
      await fillDate(page, 'Ngày cấp giấy chứng nhận', '03/01/2024', /Tờ khai trực tuyến/);
      await page.getByLabel(/Tôi cam đoan/).check();
      await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
      await expect(page.locator('#form-errors').textContent()).resolves.toContain('không có trên lịch');
      expect(posts).toEqual([]);
      expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Lò Văn Mạnh');
      expect(await page.getByLabel('Ngày sinh').inputValue()).toBe('31/02/2024');
      await pageIsFine('01-impossible-date');

      // A birth date after today: a real day, refused by the field's range.
      const future = vnDay(400);
      await fillDate(page, 'Ngày sinh', dmy(future), /Tờ khai trực tuyến/);
      expect(await typedError.count()).toBe(0);
      await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
      await expect(page.locator('.fjs-form-field-error').allTextContents()).resolves.toContain(
        'Ngày này không được sau ngày hôm nay.',
      );
      expect(posts).toEqual([]);
      expect(await page.getByLabel('Ngày sinh').inputValue()).toBe(dmy(future));
      await pageIsFine('02-future-birth-date');

      // The server refuses the same, whatever the browser lets through.
      const api = await signIn(url, 'congdan');
      const apiPage = await api.get(`/thu-tuc/${PROCEDURE_KEY}`);
      const csrf = PortalClient.csrfIn(apiPage.text);
      // The documents are in order, so the answer is about the date alone.
      const documents = await documentsFor(api, PROCEDURE_KEY, apiPage.text);
      for (const [dateOfBirth, message] of [
        [future, 'Ngày này không được sau ngày hôm nay.'],
        ['2024-02-31', expect.stringContaining('không có trên lịch')],
      ] as const) {
        const res = await api.postJson(
          `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`,
          { data: validApplication({ dateOfBirth }), documents },
          csrf,
        );
        expect(res.status).toBe(400);
        expect(res.json<{ errors: unknown[] }>().errors).toEqual([
          { field: 'dateOfBirth', label: 'Ngày sinh', message },
        ]);
      }

      // Typed day first: 05/12/1990 is the 5th of December.
      await fillDate(page, 'Ngày sinh', '05/12/1990', /Tờ khai trực tuyến/);
      expect(await uploadEverySlot(page)).toBe(5);
      await Promise.all([
        page.waitForURL('**/ho-so/*'),
        page.getByRole('button', { name: 'Nộp hồ sơ' }).click(),
      ]);
      const shown = await page.locator('main').textContent();
      expect(shown).toContain('05/12/1990');
      expect(shown).toContain('03/01/2024');
      expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    });

    it('1.009846: a supplement round, the leader sees the desk’s and the appraiser’s notes, a refusal needs its reason and reaches the applicant', async () => {
      const applicant = await signIn(url, 'congdan');
      const officer = await signIn(url, 'canbo');
      const leader = await signIn(url, 'lanhdao');
      const d = await submitted(applicant, PROCEDURE_KEY, validApplication({ fullName: 'Đinh Công Tráng' }));

      await decide(officer, d.pi, 'UserTask_CheckCompleteness', {
        complete: false,
        requestSupplement: true,
        completenessNote: 'Thiếu giấy chứng nhận sức khỏe do cơ sở y tế cấp.',
      });
      // The applicant answers the supplement request of the hand-modelled procedure online.
      await login('congdan', '/ho-so-cua-toi');
      await until('the supplement form', async () => {
        await page.goto(`${url}/ho-so/${d.id}`);
        return (await page.locator('.supplement-reasons').count()) > 0;
      });
      expect(await page.locator('.supplement-reasons').textContent()).toContain(
        'Thiếu giấy chứng nhận sức khỏe',
      );
      await page.waitForSelector('#bo-sung .fjs-container');
      await pageIsFine('03-supplement-requested');
      await page
        .getByLabel('Nội dung đã bổ sung, sửa đổi')
        .fill('Đã bổ sung giấy chứng nhận sức khỏe số 15/GCN.');
      await Promise.all([
        page.waitForURL('**/ho-so/*?xong=bo-sung'),
        page.getByRole('button', { name: 'Gửi bổ sung' }).click(),
      ]);

      // Back at the desk after the resume-clock worker; then the appraisal recommends a refusal.
      await decide(officer, d.pi, 'UserTask_CheckCompleteness', {
        complete: true,
        completenessNote: 'Hồ sơ đầy đủ sau khi bổ sung giấy chứng nhận sức khỏe.',
      });
      await decide(officer, d.pi, 'UserTask_AppraiseDossier', {
        recommendation: 'refuse',
        appraisalNote: 'Giấy chứng nhận đào tạo đã hết hiệu lực từ 01/2025.',
      });

      // The leader's decision page shows both notes, with who and when.
      await login('lanhdao', '/can-bo/cong-viec');
      const approve = await openTask(stack.engineUrl, d.pi, 'UserTask_ApproveDossier');
      await page.goto(`${url}/can-bo/cong-viec/${approve.id}`);
      await page.getByRole('button', { name: 'Nhận xử lý' }).click();
      await page.waitForSelector('.fjs-container');
      const earlier = page.locator('#y-kien-truoc').locator('..');
      const notes = (await earlier.textContent()) ?? '';
      expect(notes).toContain('Hồ sơ đầy đủ sau khi bổ sung giấy chứng nhận sức khỏe.');
      expect(notes).toContain('Giấy chứng nhận đào tạo đã hết hiệu lực từ 01/2025.');
      expect(notes).toContain('Đề nghị không cấp chứng chỉ');
      expect(notes).toContain('Lê Minh Cường');
      expect(notes).toMatch(/\d\d:\d\d \d\d\/\d\d\/\d{4}/);
      await expect(page.getByRole('button', { name: 'Bỏ nhận việc (trả về nhóm)' }).count()).resolves.toBe(1);

      // Refusing without a reason: the server answers in Vietnamese, the choice stays.
      await page.getByLabel('Không cấp chứng chỉ').check();
      await page.getByRole('button', { name: 'Hoàn thành' }).click();
      // The answer comes from the server: wait for it.
      await page.locator('#form-errors', { hasText: 'Vui lòng nêu rõ lý do không phê duyệt' }).waitFor();
      expect(await page.getByLabel('Không cấp chứng chỉ').isChecked()).toBe(true);
      await pageIsFine('04-refusal-without-reason');
      // A direct POST without a reason gets the same answer, and the task stays open.
      const csrf = await leader.csrf(`/can-bo/cong-viec/${approve.id}`);
      const direct = await leader.postJson(
        `/can-bo/cong-viec/${approve.id}/hoan-thanh`,
        { data: { approved: false, decisionNote: ' ' } },
        csrf,
      );
      expect(direct.status).toBe(400);
      expect(direct.json<{ errors: Array<{ field: string; message: string }> }>().errors).toEqual([
        {
          field: 'decisionNote',
          label: expect.stringContaining('Ý kiến của lãnh đạo') as unknown as string,
          message: expect.stringContaining('Vui lòng nêu rõ lý do không phê duyệt') as unknown as string,
        },
      ]);
      expect(
        await engine<unknown[]>(`/task?processInstanceId=${d.pi}&taskDefinitionKey=UserTask_ApproveDossier`),
      ).toHaveLength(1);

      const reason = 'Giấy chứng nhận đào tạo an toàn bức xạ đã hết hiệu lực; đề nghị đào tạo lại.';
      await page.getByLabel(/Ý kiến của lãnh đạo/).fill(reason);
      await Promise.all([
        page.waitForURL('**/can-bo/cong-viec?xong=1'),
        page.getByRole('button', { name: 'Hoàn thành' }).click(),
      ]);

      // The applicant: "Từ chối" in its own colour in the list and on the page, the reason, the letter.
      await login('congdan', '/ho-so-cua-toi');
      await until('the refusal returned', async () => {
        await page.goto(`${url}/ho-so/${d.id}`);
        return (await page.locator('.refusal-reason').count()) > 0;
      });
      expect(await page.locator('.dossier-status .badge').textContent()).toBe('Từ chối');
      expect(await page.locator('.refusal-reason').textContent()).toBe(reason);
      await pageIsFine('05-refused-dossier');
      await page.goto(`${url}/ho-so-cua-toi`);
      const badge = page.locator(`tr:has(a[href="/ho-so/${d.id}"]) .badge`);
      expect(await badge.textContent()).toBe('Từ chối');
      const colour = await badge.evaluate((el) => getComputedStyle(el).backgroundColor);
      const green = await page.evaluate(() => {
        const probe = document.createElement('span');
        probe.className = 'badge badge-s10';
        document.body.append(probe);
        const c = getComputedStyle(probe).backgroundColor;
        probe.remove();
        return c;
      });
      expect(colour).not.toBe(green);
      await pageIsFine('06-my-dossiers');
      await page.goto(`${url}/ho-so/${d.id}`);
      await page.getByRole('link', { name: 'Xem và in văn bản từ chối' }).click();
      await page.waitForURL(`**/ho-so/${d.id}/in/tu-choi`);
      const letter = (await page.locator('article.legal-form').textContent()) ?? '';
      expect(letter).toContain('VĂN BẢN TRẢ LỜI TỪ CHỐI GIẢI QUYẾT HỒ SƠ');
      expect(letter).toContain(reason);
      expect(letter).toContain(d.code);
      expect(letter).toMatch(/\d\d\/\d\d\/\d{4}/);
      expect(letter).toMatch(/Ngày \d\d tháng \d\d năm \d{4}/);
      await pageIsFine('07-refusal-letter');
      // The public lookup shows the same status.
      const visitor = new PortalClient(url);
      const lookupForm = await visitor.get('/tra-cuu');
      const lookup = await visitor.postForm('/tra-cuu', {
        _csrf: PortalClient.csrfIn(lookupForm.text),
        ma: d.code,
        xacMinh: '0912345678',
      });
      expect(lookup.text).toMatch(/<span class="badge badge-refused"[^>]*>Từ chối<\/span>/);
      expect(lookup.text).not.toContain(reason);
      // Another applicant gets the 404 of a missing dossier for the letter.
      expect((await (await signIn(url, 'congdan2')).get(`/ho-so/${d.id}/in/tu-choi`)).status).toBe(404);

      // The officer's dossier page: the status, and every step's note with who and when.
      await login('canbo', '/can-bo/cong-viec');
      await page.goto(`${url}/can-bo/ho-so/${d.id}`);
      expect(await page.locator('.dossier-status .badge').textContent()).toBe('Từ chối');
      const steps = page.locator('.step-note');
      expect(await steps.count()).toBe(4);
      const all = (await page.locator('.step-notes').textContent()) ?? '';
      for (const text of [
        'Thiếu giấy chứng nhận sức khỏe do cơ sở y tế cấp.',
        'Hồ sơ đầy đủ sau khi bổ sung giấy chứng nhận sức khỏe.',
        'Giấy chứng nhận đào tạo đã hết hiệu lực từ 01/2025.',
        reason,
        'Phạm Thu Dung',
      ])
        expect(all).toContain(text);
      await pageIsFine('08-officer-dossier-notes');
      expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    });

    it('lists the officer’s dossiers with search and near-due / overdue filters; the inbox shows the legal due dates', async () => {
      const applicant = await signIn(url, 'congdan');
      const officer = await signIn(url, 'canbo');
      const late = await submitted(applicant, PROCEDURE_KEY, validApplication({ fullName: 'Phạm Thị Muộn' }));
      const soon = await submitted(applicant, PROCEDURE_KEY, validApplication({ fullName: 'Hoàng Văn Sắp' }));
      const later = await submitted(applicant, PROCEDURE_KEY, validApplication({ fullName: 'Vũ Thị Xa' }));
      // The dossier's clock as the receipt worker would have set it for older dossiers.
      const setDue = (pi: string, day: string) =>
        engine(`/process-instance/${pi}/variables/appointmentDate`, {
          method: 'PUT',
          body: JSON.stringify({ value: day, type: 'String' }),
        });
      await setDue(late.pi, vnDay(-2));
      await setDue(soon.pi, vnDay(1));
      await setDue(later.pi, vnDay(20));
      // Nobody opens them: the portal's background refresh brings the moved clocks to the list.
      await until('the refreshed due dates', async () => {
        const overdue = (await officer.get('/can-bo/ho-so?han=qua-han')).text;
        const near = (await officer.get('/can-bo/ho-so?han=sap-den-han')).text;
        return overdue.includes(late.code) && near.includes(soon.code);
      });

      await login('canbo', '/can-bo/cong-viec');
      const row = (code: string) => page.locator('tr', { has: page.getByRole('link', { name: code }) });
      expect(await row(late.code).locator('.due').textContent()).toContain(`${dmy(vnDay(-2))}`);
      expect(await row(late.code).locator('.due').textContent()).toContain('Quá hạn');
      expect(await row(soon.code).locator('.due').textContent()).toContain('Sắp đến hạn');
      expect(await row(later.code).locator('.due').textContent()).not.toMatch(/Quá hạn|Sắp đến hạn/);
      await pageIsFine('09-inbox-due-dates');

      await page.getByRole('link', { name: 'Hồ sơ của đơn vị' }).click();
      await page.waitForURL('**/can-bo/ho-so');
      await pageIsFine('10-officer-list');
      const codes = async () => page.locator('.dossier-list tbody tr td:first-child a').allTextContents();
      expect(await codes()).toEqual(expect.arrayContaining([late.code, soon.code, later.code]));

      await page.getByLabel('Hạn xử lý').selectOption('qua-han');
      await Promise.all([
        page.waitForURL('**han=qua-han**'),
        page.getByRole('button', { name: 'Tìm hồ sơ' }).click(),
      ]);
      expect(await codes()).toEqual([late.code]);
      expect(await page.locator('.dossier-list .due').textContent()).toContain('Quá hạn');
      await pageIsFine('11-officer-list-overdue');

      await page.getByLabel('Hạn xử lý').selectOption('sap-den-han');
      await Promise.all([
        page.waitForURL('**han=sap-den-han**'),
        page.getByRole('button', { name: 'Tìm hồ sơ' }).click(),
      ]);
      expect(await codes()).toEqual([soon.code]);

      // Search: the code in lower case, the applicant's name, the procedure without diacritics.
      await page.goto(`${url}/can-bo/ho-so?ma=${encodeURIComponent(later.code.toLowerCase())}`);
      expect(await codes()).toEqual([later.code]);
      await page.goto(`${url}/can-bo/ho-so`);
      await page.getByLabel('Người nộp').fill('Hoàng Văn Sắp');
      await page.getByLabel('Thủ tục (tên hoặc mã)').fill('chung chi nhan vien buc xa');
      await Promise.all([
        page.waitForURL('**nguoi-nop=**'),
        page.getByRole('button', { name: 'Tìm hồ sơ' }).click(),
      ]);
      expect(await codes()).toEqual([soon.code]);
      expect(await page.getByLabel('Người nộp').inputValue()).toBe('Hoàng Văn Sắp');
      await page.goto(`${url}/can-bo/ho-so?thu-tuc=${encodeURIComponent('không có thủ tục này')}`);
      expect(await codes()).toEqual([]);

      // Every row opens the dossier page.
      await page.goto(`${url}/can-bo/ho-so?ma=${encodeURIComponent(soon.code)}`);
      await page.getByRole('link', { name: soon.code }).click();
      await page.waitForURL(`**/can-bo/ho-so/${soon.id}`);
      expect(await page.locator('.dossier-code').first().textContent()).toBe(soon.code);

      // A leader has no step in… every procedure here has a leader step; an applicant has no list.
      expect((await applicant.get('/can-bo/ho-so')).status).toBe(403);
      expect(problems.filter((p) => !/status of 40[03]/.test(p))).toEqual([]);
    });

    it('a dossier can be withdrawn while it is processed, not once decided', async () => {
      const applicant = await signIn(url, 'congdan');
      const officer = await signIn(url, 'canbo');
      const leader = await signIn(url, 'lanhdao');
      const d = await submitted(applicant, GENERATED_KEY, generatedApplication);
      await decide(officer, d.pi, 'UserTask_CheckCompleteness', { complete: true });
      await openTask(stack.engineUrl, d.pi, 'UserTask_AppraiseDossier');
      // Being processed: the link is there.
      expect((await applicant.get(`/ho-so/${d.id}`)).text).toContain(`href="/ho-so/${d.id}/rut"`);
      await decide(officer, d.pi, 'UserTask_AppraiseDossier', {
        recommendation: 'refuse',
        appraisalNote: 'Thiết bị chưa được kiểm định theo quy định.',
      });
      await decide(leader, d.pi, 'UserTask_ApproveDossier', {
        approved: false,
        decisionNote: 'Thiết bị chưa được kiểm định; không đủ điều kiện khai báo.',
      });

      await login('congdan', '/ho-so-cua-toi');
      await page.goto(`${url}/ho-so/${d.id}`);
      expect(await page.getByRole('link', { name: 'Rút hồ sơ' }).count()).toBe(0);
      await page.goto(`${url}/ho-so/${d.id}/rut`);
      expect(await page.locator('[role="alert"]').textContent()).toContain('Không rút được hồ sơ');
      expect(await page.locator('form[action$="/rut"]').count()).toBe(0);
      await pageIsFine('12-withdraw-after-decision');
      const csrf = await applicant.csrf(`/ho-so/${d.id}`);
      const res = await applicant.postForm(`/ho-so/${d.id}/rut`, {
        _csrf: csrf,
        reason: 'Tôi muốn rút hồ sơ sau khi có quyết định.',
        confirm: 'yes',
      });
      expect(res.status).toBe(409);
      expect(res.text).toContain('Không rút được hồ sơ');
      const withdrawn = await engine<unknown[]>(
        `/history/activity-instance?processInstanceId=${d.pi}&activityId=EndEvent_Withdrawn`,
      );
      expect(withdrawn).toEqual([]);
    });
  },
);
