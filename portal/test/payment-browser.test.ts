/**
 * Online fee payment in Debian's Chromium against the whole platform (issue 12's proof), on SQLite
 * and MariaDB, with the VNPay emulator mounted on the portal at /gia-lap/vnpay as `npm start`
 * mounts it: an applicant applies for a procedure with a fee (technology transfer approval,
 * 10 000 000 đồng), the desk finds it complete, the applicant pays on the emulator's page, comes
 * back to the result page, downloads the electronic receipt, and the dossier moves on to the
 * appraisal — after a first request left unpaid expired by its timer in the process (the engine's
 * TestClock moved past it, due jobs run) and the page offered "Thanh toán lại". Every page is
 * checked with checkPage (axe, 390 px, screenshots), the emulator's too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { TestClock } from '@motcua/engine';
import { loadPublishedCatalogue } from '@motcua/processes';
import { chromiumRuns, launchChromium, type Chromium } from './support/chromium.js';
import { uploadEverySlot } from './support/documents.js';
import { checkPage } from './support/page-checks.js';
import { DEMO_PASSWORD, startStack, type Stack } from './support/stack.js';
import { engineJson, openTask, until } from './support/stack-calls.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const dialects = chromiumRuns ? await testDatabases() : [];
jest.setTimeout(300_000);

const KEY = 'most-chap-thuan-chuyen-giao-cong-nghe';

describe.each(dialects)('online fee payment in Chromium on $dialect', (factory) => {
  let stack: Stack;
  let url: string;
  let browser: Chromium | undefined;
  let page: Page;
  const problems: string[] = [];
  // The engine's, the workers' and online payment's clock (the job executor runs due jobs on demand).
  const clock = new TestClock(new Date());
  const engine = <T>(path: string, init?: RequestInit) => engineJson<T>(stack.engineUrl, path, init);

  async function pageIsFine(name: string): Promise<void> {
    const check = await checkPage(page, `payment-${factory.dialect}-${name}`);
    expect({ name, axe: check.axe, overflow: check.overflowAt390 }).toEqual({ name, axe: [], overflow: 0 });
  }

  beforeAll(async () => {
    await buildBrowser();
    stack = await startStack(factory, {
      catalogue: loadPublishedCatalogue({ alsoServe: [KEY] }),
      // As under `npm start` without a VNPay terminal: the emulator on the portal itself.
      payment: {
        mode: 'emulator',
        tmnCode: 'MOTCUA01',
        hashSecret: randomBytes(32).toString('hex'),
        requestMinutes: 15,
        reconcileSeconds: 86_400,
      },
      clock,
    });
    url = stack.portal.url;
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
  });

  it('applies for a procedure with a fee, pays on the gateway, gets the receipt; the dossier moves on', async () => {
    await page.goto(`${url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('congdan');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);

    // Applies.
    await page.goto(`${url}/thu-tuc/${KEY}`);
    await page.waitForSelector('.fjs-container');
    await page.getByLabel('Họ và tên').fill('Lê Văn Cường');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001090054321');
    await page.getByLabel('Địa chỉ').fill('Số 2 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội');
    await page.getByLabel('Số điện thoại').fill('0987654321');
    await page.getByLabel('Thư điện tử').fill('cuong.le@example.vn');
    await uploadEverySlot(page);
    await Promise.all([
      page.waitForURL('**/ho-so/*'),
      page.getByRole('button', { name: 'Nộp hồ sơ' }).click(),
    ]);
    const id = new URL(page.url()).pathname.split('/').pop()!;

    // The desk finds it complete: the fee from the procedure's fee table is due.
    const [pi] = await engine<Array<{ id: string }>>(`/process-instance?businessKey=${id}`);
    const check = await openTask(stack.engineUrl, pi!.id, 'UserTask_CheckCompleteness');
    await engine(`/task/${check.id}/complete`, {
      method: 'POST',
      body: JSON.stringify({ variables: { complete: { value: true, type: 'Boolean' } } }),
    });
    await until(
      'the payment wait',
      async () =>
        (
          await engine<unknown[]>(
            `/history/activity-instance?processInstanceId=${pi!.id}&activityId=ReceiveTask_AwaitPayment&unfinished=true`,
          )
        ).length > 0,
    );

    await page.goto(`${url}/ho-so/${id}`);
    const fee = page.locator('#le-phi');
    await fee.waitFor();
    expect(await fee.textContent()).toContain('10.000.000 đồng');
    expect(await fee.textContent()).toContain('Mười triệu đồng');
    await pageIsFine('dossier-fee-due');

    // To the gateway's page (the emulator mounted at /gia-lap/vnpay).
    await Promise.all([
      page.waitForURL('**/gia-lap/vnpay/paymentv2/vpcpay.html?**'),
      page.getByRole('button', { name: 'Nộp lệ phí trực tuyến' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Thanh toán trực tuyến');
    expect(await page.locator('.amount').textContent()).toBe('10.000.000 đồng');
    await pageIsFine('gateway');

    // Left unpaid: past its 15 minutes the request's timer in the process expires it.
    await page.goto(`${url}/ho-so/${id}`);
    clock.advance(15 * 60_000 + 1000);
    await stack.runDueJobs();
    await until('the request expired', async () => {
      await page.goto(`${url}/ho-so/${id}`);
      return (await page.locator('#le-phi').textContent())?.includes('Yêu cầu thanh toán đã hết hạn');
    });
    expect(await page.locator('#le-phi').textContent()).toContain('Hết hạn');
    await pageIsFine('dossier-request-expired');

    // Pays again: a new request on the gateway's page.
    clock.advance(1000);
    await Promise.all([
      page.waitForURL('**/gia-lap/vnpay/paymentv2/vpcpay.html?**'),
      page.getByRole('button', { name: 'Thanh toán lại' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Thanh toán trực tuyến');

    // Pays; back on the portal's result page.
    await Promise.all([
      page.waitForURL('**/thanh-toan/vnpay/ket-qua?**'),
      page.getByRole('button', { name: 'Thanh toán', exact: true }).click(),
    ]);
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Thanh toán thành công');
    await pageIsFine('result');

    // The electronic receipt.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải biên lai điện tử (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^bien-lai-[0-9A-F]+\.pdf$/);
    const dir = mkdtempSync(join(tmpdir(), 'motcua-receipt-'));
    try {
      const file = join(dir, 'bien-lai.pdf');
      await download.saveAs(file);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
      expect(text).toContain('Mười triệu đồng');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // The dossier moved on: the appraisal waits; the page shows the payment and no pay button.
    await openTask(stack.engineUrl, pi!.id, 'UserTask_AppraiseDossier');
    await page.goto(`${url}/ho-so/${id}`);
    expect(await page.locator('#le-phi').textContent()).toContain('Đã thanh toán');
    expect(await page.getByRole('button', { name: 'Nộp lệ phí trực tuyến' }).count()).toBe(0);
    expect(await page.textContent('body')).toContain('Đã thanh toán trực tuyến phí, lệ phí: 10.000.000 đồng');
    await pageIsFine('dossier-paid');
    expect(problems).toEqual([]);
  });
});
