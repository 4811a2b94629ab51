/**
 * The desk intake page in Debian's Chromium (playwright-core) against the whole platform on
 * SQLite: the officer opens it from the inbox, chooses the post channel, fills the applicant's
 * form-js form; an unknown account is refused with the typed data kept; without an account the
 * dossier is received and its page shows the channel. No console error (CSP violations included).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { DEMO_PASSWORD, startStack, type Stack } from './support/stack.js';
import { SHOTS, chromiumRuns, fillDate, launchChromium, type Chromium } from './support/chromium.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const [sqlite] = await testDatabases();
jest.setTimeout(120_000);

(chromiumRuns ? describe : describe.skip)('desk intake in the browser (Chromium)', () => {
  let stack: Stack;
  let browser: Chromium | undefined;
  let context: BrowserContext;
  const consoleProblems: string[] = [];

  beforeAll(async () => {
    await buildBrowser();
    stack = await startStack(sqlite!);
    browser = await launchChromium();
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('receives a posted dossier without an account; an unknown account keeps what was typed', async () => {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleProblems.push(m.text());
    });
    page.on('pageerror', (e) => consoleProblems.push(e.message));

    await page.goto(`${stack.portal.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('canbo');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL('**/can-bo/cong-viec'),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
    await page.getByRole('link', { name: 'Tiếp nhận hồ sơ trực tiếp / qua bưu chính' }).click();
    await page
      .getByRole('link', { name: /Chứng chỉ nhân viên bức xạ/i })
      .first()
      .click();
    await page.waitForSelector('.fjs-container');

    await page.getByLabel('Bưu chính công ích').check();
    await page.getByLabel(/Tài khoản người nộp/).fill('khong-ton-tai');
    // Enter in the desk's own fields must not reload the page.
    await page.keyboard.press('Enter');
    await page.getByLabel('Họ và tên').fill('Lò Văn Mạnh');
    await fillDate(page, 'Ngày sinh', '05/12/1990', /Tiếp nhận hồ sơ:/);
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001090012345');
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByLabel('Thư điện tử').fill('manh.lo@example.vn');
    await page.getByLabel('Tên cơ sở nơi làm việc').fill('Bệnh viện Đa khoa tỉnh Hà Nam');
    await page.locator('.fjs-form-field-select .fjs-select-display').click();
    await page.locator('.fjs-dropdownlist-item').first().click();
    await page.getByLabel('Số giấy chứng nhận đào tạo').fill('ATBX-2024-0153');
    await page.getByLabel('Cơ sở đào tạo').fill('Viện Năng lượng nguyên tử Việt Nam');
    await fillDate(page, 'Ngày cấp giấy chứng nhận', '03/01/2024', /Tiếp nhận hồ sơ:/);
    await page.getByLabel(/Tôi cam đoan/).check();

    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await expect(page.locator('#form-errors').textContent()).resolves.toContain(
      'Không tìm thấy tài khoản công dân',
    );
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Lò Văn Mạnh');
    await page.screenshot({ path: join(SHOTS, 'desk-01-unknown-account.png'), fullPage: true });

    await page.getByLabel(/Tài khoản người nộp/).fill('');
    await Promise.all([
      page.waitForURL('**/can-bo/ho-so/*?xong=tiep-nhan'),
      page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click(),
    ]);
    expect(await page.locator('.dossier-channel').textContent()).toBe('Bưu chính công ích');
    await page.screenshot({ path: join(SHOTS, 'desk-02-received.png'), fullPage: true });
    expect(consoleProblems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
