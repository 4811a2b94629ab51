/**
 * Browser end to end: Debian's Chromium driven by playwright-core against the whole platform
 * (real engine, workers and portal, SQLite). The applicant applies through the form-js form, the
 * officer checks and appraises, the leader approves, and the applicant sees the result.
 * Screenshots of each main page go to /tmp/motcua-shots/.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { uploadEverySlot } from './support/documents.js';
import { DEMO_PASSWORD, PROCEDURE_KEY, startStack, type Stack } from './support/stack.js';
import { SHOTS, chromiumRuns, fillDate, launchChromium, type Chromium } from './support/chromium.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const [sqlite] = await testDatabases();
// The whole platform starts per suite; testTimeout in a Jest project config is ignored, so set it here.
jest.setTimeout(120_000);

(chromiumRuns ? describe : describe.skip)('browser end to end (Chromium)', () => {
  let stack: Stack;
  let browser: Chromium | undefined;
  let context: BrowserContext;
  const consoleProblems: string[] = [];

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleProblems.push(m.text());
    });
    page.on('pageerror', (e) => consoleProblems.push(e.message));
    return page;
  }

  async function login(page: Page, username: string, landing: string) {
    await context.clearCookies();
    await page.goto(`${stack.portal.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL(`**${landing}`),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
  }

  // Waits below poll for up to ~30 s: the receipt and result workers run on their own schedule,
  // and CI machines are slow and shared.

  /** Opens the inbox until the task is there, claims it, chooses the radio option and completes. */
  async function decide(
    page: Page,
    taskName: string,
    option: string,
    note: { label: string; text: string } | null,
    shotName: string,
  ) {
    for (let i = 0; i < 150; i++) {
      await page.goto(`${stack.portal.url}/can-bo/cong-viec`);
      if (await page.getByRole('link', { name: taskName }).count()) break;
      await page.waitForTimeout(200);
    }
    const row = page.locator('tr', { has: page.getByRole('link', { name: taskName }) }).first();
    await row.getByRole('button', { name: 'Nhận xử lý' }).click();
    await page.waitForURL('**/can-bo/cong-viec');
    await page.getByRole('link', { name: taskName }).first().click();
    await page.waitForSelector('.fjs-container');
    await page.getByLabel(option).check();
    if (note) await page.getByLabel(note.label).fill(note.text);
    await shot(page, shotName);
    await Promise.all([
      page.waitForURL('**/can-bo/cong-viec?xong=1'),
      page.getByRole('button', { name: 'Hoàn thành' }).click(),
    ]);
  }

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

  it('applicant applies, officer and leader decide, applicant sees the certificate number', async () => {
    const page = await newPage();
    await page.goto(stack.portal.url);
    await expect(page.getByRole('heading', { name: 'Danh sách thủ tục Procedures' })).toBeDefined();
    await shot(page, '01-home');

    // Applicant fills the form rendered by form-js.
    await page.goto(`${stack.portal.url}/dang-nhap`);
    await shot(page, '00-login');
    await login(page, 'congdan', '/ho-so-cua-toi');
    await page.goto(`${stack.portal.url}/thu-tuc/${PROCEDURE_KEY}`);
    await page.waitForSelector('.fjs-container');
    expect(await page.locator('.fjs-powered-by').count()).toBe(1); // the bpmn.io watermark stays
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await expect(page.locator('.fjs-form-field-error').first().textContent()).resolves.toContain(
      'Trường này là bắt buộc.',
    );
    await shot(page, '02-application-errors');

    await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await fillDate(page, 'Ngày sinh', '05/12/1990', /Tờ khai trực tuyến/);
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001090012345');
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByLabel('Thư điện tử').fill('an.nguyen@example.vn');
    await page.getByLabel('Tên cơ sở nơi làm việc').fill('Bệnh viện Đa khoa tỉnh Hà Nam');
    expect(await page.locator('.fjs-form-field-select .fjs-select-display').textContent()).toBe('Chọn');
    // form-js draws its own select: open the display box, then pick from its list.
    await page.locator('.fjs-form-field-select .fjs-select-display').click();
    await page.locator('.fjs-dropdownlist-item').first().click();
    await page.getByLabel('Số giấy chứng nhận đào tạo').fill('ATBX-2024-0153');
    await page.getByLabel('Cơ sở đào tạo').fill('Viện Năng lượng nguyên tử Việt Nam');
    await fillDate(page, 'Ngày cấp giấy chứng nhận', '03/01/2024', /Tờ khai trực tuyến/);
    await page.getByLabel(/Tôi cam đoan/).check();
    // The procedure's five documents (thành phần hồ sơ), one PDF each.
    expect(await uploadEverySlot(page)).toBe(5);
    await shot(page, '03-application-filled');
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
    expect(await page.locator('.dossier-status').textContent()).toContain('Mới đăng ký');
    await shot(page, '04-dossier-submitted');
    const dossierUrl = page.url();

    // Officer: completeness check, then appraisal.
    await login(page, 'canbo', '/can-bo/cong-viec');
    await shot(page, '05-officer-inbox');
    await decide(
      page,
      'Kiểm tra tính đầy đủ',
      'Hồ sơ đầy đủ, hợp lệ — chuyển thẩm định',
      null,
      '06-task-completeness',
    );
    await decide(
      page,
      'Thẩm định',
      'Đề nghị cấp chứng chỉ',
      { label: 'Ý kiến thẩm định', text: 'Đạt yêu cầu theo quy định.' },
      '07-task-appraisal',
    );

    // Leader approves.
    await login(page, 'lanhdao', '/can-bo/cong-viec');
    await decide(page, 'Phê duyệt', 'Phê duyệt cấp chứng chỉ', null, '08-task-approval');

    // Applicant sees the result.
    await login(page, 'congdan', '/ho-so-cua-toi');
    let status = '';
    for (let i = 0; i < 150 && !status.includes('Đã trả kết quả'); i++) {
      await page.goto(dossierUrl);
      status = (await page.locator('.dossier-status').textContent()) ?? '';
      if (!status.includes('Đã trả kết quả')) await page.waitForTimeout(200);
    }
    expect(status).toContain('Đã trả kết quả');
    expect(((await page.locator('.result-number').textContent()) ?? '').trim()).not.toBe('');
    await shot(page, '09-result-returned');
    // The receipt slip (form 01) prints on one A4 page, without the site's header, no CSP problem.
    await page.click('a[href$="/in/01"]');
    await page.waitForSelector('.legal-form[data-form="01"]');
    expect(await page.locator('.site-header').count()).toBe(0);
    await shot(page, '09b-form-01');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 841(\.\d+)?\]/);
    await page.goto(`${stack.portal.url}/ho-so-cua-toi`);
    await shot(page, '10-my-dossiers');
    await page.goto(`${stack.portal.url}/tra-cuu?ma=${encodeURIComponent(code)}`);
    await page.getByLabel('Số điện thoại người nộp hoặc 4 số cuối CCCD').fill('0912345678');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).last().click();
    expect(await page.locator('.dossier-status').textContent()).toContain('Đã trả kết quả');
    await shot(page, '11-public-lookup');

    // No CSP violation, no script error, no failed request on any page.
    expect(consoleProblems).toEqual([]);
  });

  it('a generated procedure: supplement round answered online, then withdrawal', async () => {
    const KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
    const page = await newPage();
    await login(page, 'congdan', '/ho-so-cua-toi');
    await page.goto(`${stack.portal.url}/thu-tuc/${KEY}`);
    await page.waitForSelector('.fjs-container');
    await page.getByLabel('Họ và tên').fill('Trần Thị Bình');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001190012345');
    await page.getByLabel('Địa chỉ').fill('Số 1 Tràng Tiền, Hà Nội');
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByLabel('Thư điện tử').fill('binh.tran@example.vn');
    await Promise.all([
      page.waitForURL('**/ho-so/*'),
      page.getByRole('button', { name: 'Nộp hồ sơ' }).click(),
    ]);
    const dossierUrl = page.url();

    // The desk asks for a supplement (form 02) with its reasons.
    await login(page, 'canbo', '/can-bo/cong-viec');
    for (let i = 0; i < 150; i++) {
      await page.goto(`${stack.portal.url}/can-bo/cong-viec`);
      if (await page.getByRole('link', { name: 'Kiểm tra tính đầy đủ' }).count()) break;
      await page.waitForTimeout(200);
    }
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'Kiểm tra tính đầy đủ' }) }).first();
    await row.getByRole('button', { name: 'Nhận xử lý' }).click();
    await page.waitForURL('**/can-bo/cong-viec');
    await page.getByRole('link', { name: 'Kiểm tra tính đầy đủ' }).first().click();
    await page.waitForSelector('.fjs-container');
    await page.getByLabel('Hồ sơ chưa đầy đủ, hợp lệ').check();
    await page.getByLabel(/Yêu cầu tổ chức, cá nhân bổ sung/).check();
    await page.getByLabel(/Thành phần còn thiếu/).fill('Thiếu bản chụp giấy phép sử dụng thiết bị.');
    await Promise.all([
      page.waitForURL('**/can-bo/cong-viec?xong=1'),
      page.getByRole('button', { name: 'Hoàn thành' }).click(),
    ]);

    // The applicant sees the reasons, sends without the note (error, nothing lost), then answers.
    await login(page, 'congdan', '/ho-so-cua-toi');
    let shown = false;
    for (let i = 0; i < 150 && !shown; i++) {
      await page.goto(dossierUrl);
      shown = (await page.locator('.supplement-reasons').count()) > 0;
      if (!shown) await page.waitForTimeout(200);
    }
    expect(await page.locator('.supplement-reasons').textContent()).toContain('Thiếu bản chụp giấy phép');
    expect(await page.locator('.dossier-status').textContent()).toContain('Yêu cầu bổ sung giấy tờ');
    await page.waitForSelector('.fjs-container');
    expect(await page.getByLabel('Số điện thoại').inputValue()).toBe('0912345678'); // pre-filled
    await page.getByLabel('Số điện thoại').fill('0987654321');
    await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await expect(page.locator('.fjs-form-field-error').first().textContent()).resolves.toContain(
      'Trường này là bắt buộc.',
    );
    expect(await page.getByLabel('Số điện thoại').inputValue()).toBe('0987654321'); // the edit is kept
    await page.getByLabel('Nội dung đã bổ sung, sửa đổi').fill('Đã bổ sung bản chụp giấy phép.');
    await shot(page, '12-supplement-form');
    await Promise.all([
      page.waitForURL('**/ho-so/*?xong=bo-sung'),
      page.getByRole('button', { name: 'Gửi bổ sung' }).click(),
    ]);
    expect(await page.locator('.alert-ok').textContent()).toContain('Đã gửi bổ sung hồ sơ');

    // Withdrawal: confirmation and reason.
    await page.getByRole('link', { name: 'Rút hồ sơ' }).click();
    await page.getByLabel('Lý do rút hồ sơ').fill('Nộp nhầm thủ tục');
    await page.getByLabel('Tôi xác nhận muốn rút hồ sơ này.').check();
    await shot(page, '13-withdraw-confirm');
    await Promise.all([
      page.waitForURL('**/ho-so/*?xong=rut'),
      page.getByRole('button', { name: 'Xác nhận rút hồ sơ' }).click(),
    ]);
    let status = '';
    for (let i = 0; i < 150 && !status.includes('Công dân yêu cầu rút hồ sơ'); i++) {
      await page.goto(dossierUrl);
      status = (await page.locator('.dossier-status').textContent()) ?? '';
      if (!status.includes('Công dân yêu cầu rút hồ sơ')) await page.waitForTimeout(200);
    }
    expect(status).toContain('Công dân yêu cầu rút hồ sơ');
    await shot(page, '14-withdrawn');
    expect(consoleProblems).toEqual([]);
  });
});
