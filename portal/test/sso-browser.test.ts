/**
 * Single sign-on in a browser (issue 13): Debian's Chromium against the whole platform with the
 * embedded identity provider. A citizen signs in with the provider's login and consent pages,
 * applies for a procedure, and signs out of the portal and of the provider. Every page on the
 * way passes axe, fits 390 px, and raises no CSP violation (the provider's pages are ours).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { uploadEverySlot } from './support/documents.js';
import { DEMO_PASSWORD, PROCEDURE_KEY, startStack, type Stack } from './support/stack.js';
import { chromiumRuns, fillDate, launchChromium, type Chromium } from './support/chromium.js';
import { checkPage } from './support/page-checks.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const [sqlite] = await testDatabases();
jest.setTimeout(180_000);

(chromiumRuns ? describe : describe.skip)('single sign-on in the browser (Chromium)', () => {
  let stack: Stack;
  let browser: Chromium | undefined;
  const problems: string[] = [];

  beforeAll(async () => {
    await buildBrowser();
    stack = await startStack(sqlite!, { sso: { passwordLogin: true, embeddedIdp: true } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function newPage(): Promise<Page> {
    const page = await browser!.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  }

  async function expectClean(page: Page, name: string) {
    const check = await checkPage(page, name);
    expect({ name, axe: check.axe, overflow: check.overflowAt390 }).toEqual({
      name,
      axe: [],
      overflow: 0,
    });
  }

  it('a citizen signs in through the embedded provider, applies, and signs out on both sides', async () => {
    const page = await newPage();
    await page.goto(`${stack.portal.url}/dang-nhap`);
    await expectClean(page, 'sso-01-login');

    await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh (VNeID / Cổng DVCQG)' }).click();
    await page.waitForURL('**/oidc/interaction/**');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng nhập tài khoản định danh');
    await expectClean(page, 'sso-02-idp-login');
    // A wrong password first: the provider's own Vietnamese message.
    await page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập').fill('001090000001');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('mật khẩu không đúng');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('button', { name: 'Đồng ý', exact: true }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Số định danh cá nhân');
    await expectClean(page, 'sso-03-idp-consent');
    await Promise.all([
      page.waitForURL('**/ho-so-cua-toi'),
      page.getByRole('button', { name: 'Đồng ý', exact: true }).click(),
    ]);
    expect(await page.locator('.who').textContent()).toContain('Nguyễn Văn An (công dân)');

    // Apply for a procedure as the signed-on citizen.
    await page.goto(`${stack.portal.url}/thu-tuc/${PROCEDURE_KEY}`);
    await page.waitForSelector('.fjs-container');
    await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await fillDate(page, 'Ngày sinh', '05/12/1990', /Tờ khai trực tuyến/);
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001090000001');
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByLabel('Thư điện tử').fill('an.nguyen@example.vn');
    await page.getByLabel('Tên cơ sở nơi làm việc').fill('Bệnh viện Đa khoa tỉnh Hà Nam');
    await page.locator('.fjs-form-field-select .fjs-select-display').click();
    await page.locator('.fjs-dropdownlist-item').first().click();
    await page.getByLabel('Số giấy chứng nhận đào tạo').fill('ATBX-2024-0153');
    await page.getByLabel('Cơ sở đào tạo').fill('Viện Năng lượng nguyên tử Việt Nam');
    await fillDate(page, 'Ngày cấp giấy chứng nhận', '03/01/2024', /Tờ khai trực tuyến/);
    await page.getByLabel(/Tôi cam đoan/).check();
    expect(await uploadEverySlot(page)).toBe(5);
    await Promise.all([
      page.waitForURL('**/ho-so/*'),
      page.getByRole('button', { name: 'Nộp hồ sơ' }).click(),
    ]);
    let code = (await page.locator('.dossier-code').first().textContent())?.trim() ?? '';
    for (let i = 0; i < 150 && !/^[A-Z0-9.]+-\d{6}-\d{5}$/.test(code); i++) {
      await page.waitForTimeout(200);
      await page.reload();
      code = (await page.locator('.dossier-code').first().textContent())?.trim() ?? '';
    }
    expect(code).toMatch(/^[A-Z0-9.]+-\d{6}-\d{5}$/);
    await page.goto(`${stack.portal.url}/ho-so-cua-toi`);
    expect(await page.locator('main').textContent()).toContain(code);

    // Sign out: the portal, then the provider's question, then back on the portal.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL('**/oidc/session/end**');
    await expectClean(page, 'sso-04-idp-logout');
    await Promise.all([
      page.waitForURL('**/dang-xuat/xong'),
      page.getByRole('button', { name: 'Đăng xuất', exact: true }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bạn đã đăng xuất');
    await expectClean(page, 'sso-05-signed-out');
    await page.goto(`${stack.portal.url}/ho-so-cua-toi`);
    await page.waitForURL('**/dang-nhap?next=**');
    // The provider forgot the citizen too: signing in again asks for the password.
    await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh (VNeID / Cổng DVCQG)' }).click();
    await page.waitForURL('**/oidc/interaction/**');
    await page.getByLabel('Mật khẩu').waitFor();

    // A tampered callback: the refusal page.
    await page.goto(`${stack.portal.url}/dang-nhap/oidc/callback?code=x&state=gia-mao`);
    expect(await page.locator('main').textContent()).toContain('Yêu cầu đăng nhập không hợp lệ');
    await expectClean(page, 'sso-06-refused');

    // The wrong password (401) and the refusal (400) are pages with an error status on purpose;
    // anything else (a CSP violation above all) is a problem.
    const expected = /Failed to load resource: the server responded with a status of 40[01]/;
    expect(problems.filter((p) => !expected.test(p))).toEqual([]);
  });

  it('works across the two local addresses of the portal (localhost page, 127.0.0.1 provider) under the CSP', async () => {
    const page = await newPage();
    const local = stack.portal.url.replace('127.0.0.1', 'localhost');
    await page.goto(`${local}/dang-nhap?next=/tra-cuu`);
    await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh (VNeID / Cổng DVCQG)' }).click();
    await page.waitForURL(`${stack.portal.url}/oidc/interaction/**`);
    await page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập').fill('congdan2');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    const consent = page.getByRole('button', { name: 'Đồng ý', exact: true });
    await page.waitForURL(
      (u) => u.href.startsWith(`${local}/tra-cuu`) || u.pathname.includes('/oidc/interaction/'),
    );
    if (page.url().includes('/oidc/interaction/')) await consent.click();
    await page.waitForURL(`${local}/tra-cuu`);
    expect(await page.locator('.who').textContent()).toContain('Trần Thị Bình (công dân)');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${stack.portal.url}/oidc/session/end**`);
    await Promise.all([
      page.waitForURL(`${local}/dang-xuat/xong`),
      page.getByRole('button', { name: 'Đăng xuất', exact: true }).click(),
    ]);
    const expected = /Failed to load resource: the server responded with a status of 40[01]/;
    expect(problems.filter((p) => !expected.test(p))).toEqual([]);
  });
});
