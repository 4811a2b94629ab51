/**
 * The accessibility sweep: Chromium visits every public and applicant page it can reach (the
 * catalogue and its searches, every procedure page, signed out and with the form, sign-in, the
 * lookup and its answer, my dossiers empty and full, a dossier, the withdrawal and the rating
 * pages, an error page) and each must have no serious or critical axe-core violation, its headings
 * in order, and no horizontal scrolling at 390 px. SQLite; the journeys run on both databases.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { loadPublishedCatalogue } from '@motcua/processes';
import { chromiumRuns, launchChromium, type Chromium } from './support/chromium.js';
import { headingOrderProblems, horizontalOverflow, seriousAxeViolations } from './support/page-checks.js';
import { signIn } from './support/stack-calls.js';
import { documentsFor } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { DEMO_PASSWORD, PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const [sqlite] = chromiumRuns ? await testDatabases() : [];
/** A generated procedure whose process accepts a withdrawal (1.009846's does not). */
const WITHDRAWABLE_KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
jest.setTimeout(300_000);
const catalogue = loadPublishedCatalogue();

(sqlite ? describe : describe.skip)('axe sweep of the public and applicant pages (Chromium)', () => {
  let stack: Stack;
  let browser: Chromium;
  let page: Page;
  /** Everything found, page by page: the test prints it all at once when something is wrong. */
  const findings: Record<string, unknown> = {};

  let prefix = '';
  async function sweep(path: string, ready?: string) {
    await page.goto(`${stack.portal.url}${path}`);
    if (ready) await page.waitForSelector(ready);
    await record(path);
  }
  async function record(label: string) {
    const name = `${prefix}${label}`;
    await page.setViewportSize({ width: 1280, height: 900 });
    const axe = await seriousAxeViolations(page);
    const headings = await headingOrderProblems(page);
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await horizontalOverflow(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    if (axe.length || headings.length || overflow > 0) findings[name] = { axe, headings, overflow };
    else findings[name] = 'ok';
  }

  beforeAll(async () => {
    await buildBrowser();
    stack = await startStack(sqlite!);
    browser = await launchChromium();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('public pages', async () => {
    await sweep('/');
    await sweep('/?q=chung+chi');
    await sweep('/?q=khong+co+thu+tuc+nao+nhu+vay');
    await sweep(`/?linh-vuc=${encodeURIComponent('Tiêu chuẩn, đo lường, chất lượng')}`);
    for (const e of catalogue) await sweep(`/thu-tuc/${e.key}`);
    await sweep('/dang-nhap');
    await sweep('/tra-cuu');
    await page.getByLabel('Mã hồ sơ').fill('G13.ATBXHN-261206-00001');
    await page.getByLabel('Số điện thoại người nộp hoặc 4 số cuối CCCD').fill('0912345678');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page.waitForSelector('#lookup-message');
    await record('/tra-cuu (answer)');
    await sweep('/khong-co-trang-nay');
    const bad = Object.entries(findings).filter(([, v]) => v !== 'ok');
    expect(bad).toEqual([]);
    expect(Object.keys(findings).length).toBe(catalogue.length + 8);
  });

  it('applicant pages', async () => {
    const before = Object.keys(findings).length;
    await page.goto(`${stack.portal.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('congdan2');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
    prefix = 'applicant ';
    await page.goto(`${stack.portal.url}/ho-so-cua-toi`);
    await record('/ho-so-cua-toi (empty)');
    await sweep('/');
    for (const e of catalogue) await sweep(`/thu-tuc/${e.key}`, '.fjs-container');

    // A dossier of this applicant: its page, the withdrawal page, a refused rating.
    const c = await signIn(stack.portal.url, 'congdan2');
    const applyPage = await c.get(`/thu-tuc/${PROCEDURE_KEY}`);
    const res = await c.postJson(
      `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`,
      {
        data: validApplication({ fullName: 'Phan Thị Mai' }),
        documents: await documentsFor(c, PROCEDURE_KEY, applyPage.text),
      },
      PortalClient.csrfIn(applyPage.text),
    );
    const { id } = res.json<{ id: string }>();
    await sweep('/ho-so-cua-toi');
    await sweep(`/ho-so/${id}`);
    // 1.009846 cannot be withdrawn online: its page says so, without a form.
    await sweep(`/ho-so/${id}/rut`);
    // A generated procedure's dossier being processed can: its confirmation form.
    const generated = await c.postJson(
      `/thu-tuc/${WITHDRAWABLE_KEY}/nop-ho-so`,
      {
        data: {
          fullName: 'Phan Thị Mai',
          citizenId: '001190012345',
          address: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội',
          phone: '0912345678',
          email: 'mai.phan@example.vn',
        },
      },
      await c.csrf(`/thu-tuc/${WITHDRAWABLE_KEY}`),
    );
    expect(generated.status).toBe(201);
    await page.goto(`${stack.portal.url}/ho-so/${generated.json<{ id: string }>().id}/rut`);
    // Without the confirmation: the server's refusal page (the browser's own checks switched off).
    await page.locator('form[action$="/rut"]').evaluate((f) => {
      (f as HTMLFormElement).noValidate = true;
    });
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Xác nhận rút hồ sơ' }).click(),
    ]);
    await page.waitForSelector('.alert');
    await record(`/ho-so/…/rut of a generated procedure (refused: no confirmation)`);
    await page.goto(`${stack.portal.url}/ho-so/${id}`);
    // The rating page shows after a refused rating (no result yet): reached by posting the form.
    await page.evaluate((dossierId) => {
      const f = document.createElement('form');
      f.method = 'post';
      f.action = `/ho-so/${dossierId}/danh-gia`;
      const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')!;
      const i = document.createElement('input');
      i.name = '_csrf';
      i.value = csrf.value;
      f.append(i);
      document.body.append(f);
      f.submit();
    }, id);
    await page.waitForSelector('h1:has-text("Đánh giá mức độ hài lòng")');
    await record(`/ho-so/${id}/danh-gia (refused)`);
    await sweep(`/ho-so/${id}/in/01`); // not issued yet: the 404 page

    const bad = Object.entries(findings).filter(([, v]) => v !== 'ok');
    expect(bad).toEqual([]);
    expect(Object.keys(findings).length - before).toBe(catalogue.length + 8);
  });
});
