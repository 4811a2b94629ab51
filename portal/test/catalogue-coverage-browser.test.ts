/**
 * The catalogue's coverage page for administrators (`/quan-tri/danh-muc`, issue 16) in Debian's
 * Chromium on the whole platform (SQLite): the admin opens it from the administration's
 * navigation; its figures are the coverage report's (`npm run procedures:coverage`); each
 * procedure not published says why and which facts are missing; the page passes axe, fits 390 px
 * and is photographed (checkPage). Other roles are refused (admin-access.test.ts covers every
 * /quan-tri route, this one included).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { buildCoverageReport } from '@motcua/processes';
import { DEMO_PASSWORD, startStack, type Stack } from './support/stack.js';
import { chromiumRuns, launchChromium, type Chromium } from './support/chromium.js';
import { checkPage, headingOrderProblems } from './support/page-checks.js';
import { signIn } from './support/stack-calls.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const [sqlite] = await testDatabases();
jest.setTimeout(240_000);
const report = buildCoverageReport();

(chromiumRuns ? describe : describe.skip)('the catalogue coverage page (Chromium)', () => {
  let stack: Stack;
  let browser: Chromium | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await buildBrowser();
    stack = await startStack(sqlite!);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${stack.portal.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows the report’s figures, per field and agency, and what each unpublished procedure lacks', async () => {
    await page.goto(`${stack.portal.url}/quan-tri`);
    await page
      .getByRole('navigation', { name: 'Quản trị hệ thống' })
      .getByRole('link', { name: 'Danh mục thủ tục' })
      .click();
    await page.waitForURL((u) => u.pathname === '/quan-tri/danh-muc');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Danh mục thủ tục hành chính',
    );

    const figure = (label: string) =>
      page.locator('.coverage-totals div', { hasText: label }).locator('dd').textContent();
    await expect(figure('Trong danh mục')).resolves.toBe(String(report.totals.catalogued));
    await expect(figure('Sinh quy trình')).resolves.toBe(String(report.totals.generated));
    await expect(figure('Công bố')).resolves.toBe(String(report.totals.published));
    await expect(figure('Phiên bản cũ')).resolves.toBe(String(report.totals.superseded));

    const fieldRows = page.getByRole('region', { name: 'Theo lĩnh vực' }).locator('tbody tr');
    await expect(fieldRows.count()).resolves.toBe(report.byField.length);
    const agencyRows = page.getByRole('region', { name: 'Theo cơ quan' }).locator('tbody tr');
    await expect(agencyRows.count()).resolves.toBe(report.byAgency.length);

    const pending = report.procedures.filter((p) => !p.published);
    await expect(page.locator('.coverage-procedure').count()).resolves.toBe(pending.length);
    // The procedure without a unit: its reason and the unknown fact, in Vietnamese.
    const noUnit = pending.find((p) => p.agencyVi === 'Chưa rõ cơ quan')!;
    const item = page.locator(`.coverage-procedure[data-id="${noUnit.id}"]`);
    await item.locator('summary').click();
    await expect(item.textContent()).resolves.toContain('Chưa rõ cơ quan thực hiện.');
    await expect(item.textContent()).resolves.toContain('Cơ quan thực hiện chưa rõ');

    const check = await checkPage(page, 'admin-danh-muc');
    expect(check.axe).toEqual([]);
    expect(check.overflowAt390).toBeLessThanOrEqual(0);
    expect(await headingOrderProblems(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('is refused to an officer', async () => {
    const officer = await signIn(stack.portal.url, 'canbo');
    const res = await officer.get('/quan-tri/danh-muc');
    expect(res.status).toBe(403);
  });
});
