/**
 * The indicator reports in Debian's Chromium on the whole platform (SQLite), over the known
 * history of test/reports/known-history.ts: the admin's report with its ECharts trend (SVG, drawn
 * under the strict CSP), the drill-down, and the leader's view of their unit. Each page passes axe
 * (no serious or critical violation), fits 390 px, has no console or CSP error, and is
 * photographed at 1280 and 390 px (checkPage).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { openDatabase } from '@motcua/db';
import { createPortalStores } from '@motcua/db/portal';
import { testDatabases } from '@motcua/db/testing';
import { DEMO_PASSWORD, startStack, type Stack } from './support/stack.js';
import { chromiumRuns, launchChromium, type Chromium } from './support/chromium.js';
import { checkPage, headingOrderProblems } from './support/page-checks.js';
import { buildKnownHistory } from './reports/known-history.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const [sqlite] = await testDatabases();
jest.setTimeout(300_000);

const OWN = { key: 'most-chung-chi-nhan-vien-buc-xa', code: 'G13-OWN' };
const OTHER = { key: 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te', code: 'BKHCN-OTHER' };

(chromiumRuns ? describe : describe.skip)('the indicator reports (Chromium)', () => {
  let stack: Stack;
  let browser: Chromium | undefined;
  let page: Page;
  const problems: string[] = [];

  async function signInAs(username: string) {
    await page.context().clearCookies();
    await page.goto(`${stack.portal.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
  }

  beforeAll(async () => {
    await buildBrowser();
    stack = await startStack(sqlite!);
    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      await buildKnownHistory(ds, createPortalStores(ds), { 'proc-a': OWN, 'proc-b': OWN, 'proc-c': OTHER });
    } finally {
      await ds.destroy();
    }
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

  async function expectGoodPage(name: string) {
    const check = await checkPage(page, `report-${name}`);
    expect(check.axe).toEqual([]);
    expect(check.overflowAt390).toBeLessThanOrEqual(0);
    expect(await headingOrderProblems(page)).toEqual([]);
    expect(problems).toEqual([]);
  }

  it('the admin opens the report from the administration, filters a month and sees the trend chart', async () => {
    await signInAs('quantri');
    await page.goto(`${stack.portal.url}/quan-tri`);
    await page
      .getByRole('navigation', { name: 'Quản trị hệ thống' })
      .getByRole('link', { name: 'Báo cáo' })
      .click();
    await page.waitForURL((u) => u.pathname === '/quan-tri/bao-cao');
    await page.getByLabel('Tháng', { exact: true }).fill('2026-11');
    await page.getByLabel('Nhóm theo').selectOption('channel');
    await Promise.all([
      page.waitForURL(/thang=2026-11/),
      page.getByRole('button', { name: 'Xem báo cáo' }).click(),
    ]);
    await expect(page.locator('#chi-so-received .report-card-value').textContent()).resolves.toBe('7');
    await expect(page.locator('#chi-so-onTimeRate .report-card-value').textContent()).resolves.toBe('50 %');
    await expect(page.locator('#chi-so-avgProcessingDays .report-card-value').textContent()).resolves.toBe(
      '6,5',
    );
    // The chart is drawn by ECharts' SVG renderer (prints as vectors), under the strict CSP.
    await page.waitForSelector('#report-trend-chart[data-rendered="true"] svg');
    await expect(
      page.locator('#report-trend-chart svg text', { hasText: 'Tiếp nhận' }).count(),
    ).resolves.toBeGreaterThan(0);
    // The help text says how a figure is computed.
    await page.locator('#chi-so-onTimeRate summary').click();
    await expect(page.locator('#chi-so-onTimeRate details p').textContent()).resolves.toContain('÷');
    await expectGoodPage('quan-tri');
  });

  it('drills down from a figure to the dossiers behind it', async () => {
    await page
      .locator('#chi-so-late')
      .getByRole('link', { name: /Xem hồ sơ/ })
      .click();
    await page.waitForURL((u) => u.pathname === '/quan-tri/bao-cao/ho-so');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Hồ sơ: Giải quyết quá hạn',
    );
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    await expectGoodPage('ho-so');
  });

  it('the leader sees their unit in their own report', async () => {
    await signInAs('lanhdao');
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Báo cáo' })
      .click();
    await page.waitForURL((u) => u.pathname === '/lanh-dao/bao-cao');
    await page.goto(`${stack.portal.url}/lanh-dao/bao-cao?thang=2026-11&theo=procedure`);
    await expect(page.locator('#chi-so-received .report-card-value').textContent()).resolves.toBe('5');
    await page.waitForSelector('#report-trend-chart[data-rendered="true"] svg');
    await expectGoodPage('lanh-dao');
  });

  it('the public open-data page describes the files', async () => {
    await page.context().clearCookies();
    await page.goto(`${stack.portal.url}/du-lieu-mo`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dữ liệu mở');
    await expectGoodPage('du-lieu-mo');
  });
});
