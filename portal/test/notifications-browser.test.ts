/**
 * Notifications end to end in Debian's Chromium (playwright-core) against the whole platform on
 * SQLite, with the workers sending to the SMTP and SMS emulators over real SMTP and HTTP: the
 * applicant sets their choice in the profile (a wrong address is refused with a Vietnamese
 * message, nothing saved), the desk asks for a supplement, and the e-mail with the desk's reasons
 * appears in the development mailbox page, the SMS in the SMS page, and both in the dossier's
 * history the applicant sees. Every page: axe, 390 px, screenshots.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { SmsEmulator, SmtpEmulator } from '@motcua/emulators';
import { DEMO_PASSWORD, PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
import { chromiumRuns, launchChromium, type Chromium } from './support/chromium.js';
import { checkPage } from './support/page-checks.js';
import { PortalClient } from './support/http-client.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';
import { documentsFor } from './support/documents.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const [sqlite] = await testDatabases();
jest.setTimeout(180_000);

(chromiumRuns ? describe : describe.skip)('notifications in the browser (Chromium)', () => {
  let stack: Stack;
  let browser: Chromium | undefined;
  let page: Page;
  let smtp: SmtpEmulator;
  let sms: SmsEmulator;
  const problems: string[] = [];

  beforeAll(async () => {
    await buildBrowser();
    smtp = await new SmtpEmulator().start();
    sms = await new SmsEmulator().start();
    stack = await startStack(sqlite!, {
      notifications: {
        smtp: { url: smtp.url, from: '"Cổng dịch vụ công" <khong-tra-loi@motcua.local>' },
        sms: { url: sms.url, brandname: 'MOTCUA', apiKey: sms.apiKey },
        portalUrl: 'http://localhost:3000',
        pollMs: 200,
        reminderPollMs: 0,
      },
      devEmulators: { smtp, sms },
    });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await smtp?.close();
    await sms?.close();
  });

  async function pageIsFine(name: string): Promise<void> {
    const check = await checkPage(page, `notifications-${name}`);
    expect({ name, axe: check.axe, overflow: check.overflowAt390 }).toEqual({ name, axe: [], overflow: 0 });
  }

  it('an applicant chooses e-mail and SMS, a status change happens, the mail appears in the development mailbox', async () => {
    const url = stack.portal.url;
    await page.goto(`${url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('congdan');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL('**/ho-so-cua-toi'),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);

    await page.getByRole('link', { name: 'Nhận thông báo' }).click();
    await page.waitForURL('**/tai-khoan/thong-bao');
    expect(await page.getByLabel('Không nhận thông báo').isChecked()).toBe(true);
    await pageIsFine('01-profile');

    // A wrong address and SMS without a phone: refused, with what was typed kept.
    await page.getByLabel('Địa chỉ thư điện tử').fill('an.nguyen@');
    await page.getByLabel('Cả thư điện tử và SMS').check();
    await page.getByRole('button', { name: 'Lưu lựa chọn' }).click();
    await expect(page.locator('#email-error').textContent()).resolves.toContain(
      'Địa chỉ thư điện tử không hợp lệ',
    );
    await expect(page.locator('#phone-error').textContent()).resolves.toContain(
      'Vui lòng nhập số điện thoại',
    );
    expect(await page.getByLabel('Địa chỉ thư điện tử').inputValue()).toBe('an.nguyen@');
    expect(await page.getByLabel('Cả thư điện tử và SMS').isChecked()).toBe(true);
    await pageIsFine('02-profile-errors');

    await page.getByLabel('Địa chỉ thư điện tử').fill('an.nguyen@example.vn');
    await page.getByLabel('Số điện thoại di động').fill('0912 345 678');
    await Promise.all([
      page.waitForURL('**/tai-khoan/thong-bao?xong=1'),
      page.getByRole('button', { name: 'Lưu lựa chọn' }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Đã lưu lựa chọn nhận thông báo.',
    );
    expect(await page.getByLabel('Số điện thoại di động').inputValue()).toBe('0912345678');
    expect(await page.getByLabel('Cả thư điện tử và SMS').isChecked()).toBe(true);
    await pageIsFine('03-profile-saved');

    // The applicant applies; the desk finds the dossier incomplete (a status change: supplement).
    const applicant = await signIn(url, 'congdan');
    const form = await applicant.get(`/thu-tuc/${PROCEDURE_KEY}`);
    const res = await applicant.postJson(
      `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`,
      { data: validApplication(), documents: await documentsFor(applicant, PROCEDURE_KEY, form.text) },
      PortalClient.csrfIn(form.text),
    );
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string }>();
    const [pi] = await engineJson<Array<{ id: string }>>(
      stack.engineUrl,
      `/process-instance?businessKey=${id}`,
    );
    const officer = await signIn(url, 'canbo');
    const task = await openTask(stack.engineUrl, pi!.id, 'UserTask_CheckCompleteness');
    const taskPage = await officer.get(`/can-bo/cong-viec/${task.id}`);
    const csrf = PortalClient.csrfIn(taskPage.text);
    expect((await officer.postForm(`/can-bo/cong-viec/${task.id}/nhan`, { _csrf: csrf })).status).toBe(302);
    const note = 'Thiếu giấy chứng nhận sức khỏe do cơ sở y tế cấp.';
    const done = await officer.postJson(
      `/can-bo/cong-viec/${task.id}/hoan-thanh`,
      { data: { complete: false, requestSupplement: true, completenessNote: note } },
      csrf,
    );
    expect(done.status).toBe(200);

    const mail = await until('the supplement e-mail', async () =>
      smtp.messages().find((m) => m.to.includes('an.nguyen@example.vn')),
    );
    expect(mail.subject).toMatch(/^Hồ sơ .+ cần bổ sung, hoàn thiện$/);
    expect(mail.text).toContain(`Nội dung cần bổ sung: ${note}`);
    await until('the supplement SMS', async () => sms.messages().find((m) => m.phone === '0912345678'));

    // The tester sees it in the development mailbox page.
    await page.goto(`${url}/gia-lap/hop-thu/`);
    const item = page.locator('.emulator-item', { hasText: 'an.nguyen@example.vn' });
    await expect(item.locator('.emulator-subject').textContent()).resolves.toBe(mail.subject);
    await expect(item.locator('.emulator-body').textContent()).resolves.toContain(note);
    expect(((await item.textContent()) ?? '').replace(/\s+/g, ' ')).toContain('supplement (phiên bản 1)');
    await pageIsFine('04-mailbox');
    await page.goto(`${url}/gia-lap/sms/`);
    await expect(page.locator('.emulator-item', { hasText: '0912345678' }).textContent()).resolves.toContain(
      'cần bổ sung',
    );
    await pageIsFine('05-sms');

    // Both messages are in the dossier's history the applicant sees; sent once each.
    await until('the history lines', async () => {
      await page.goto(`${url}/ho-so/${id}`);
      const text = (await page.locator('main').textContent()) ?? '';
      return (
        text.includes(`tới an.nguyen@example.vn`) &&
        text.includes('Đã gửi tin nhắn SMS thông báo tới số 0912345678')
      );
    });
    await pageIsFine('06-dossier-history');
    expect(smtp.messages().filter((m) => m.to.includes('an.nguyen@example.vn'))).toHaveLength(1);
    expect(sms.messages().filter((m) => m.phone === '0912345678')).toHaveLength(1);
    // The refused profile form answers 400 on purpose; nothing else may complain.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
