/**
 * The citizen's public journeys in Debian Chromium, on SQLite and MariaDB, against the whole
 * platform: the catalogue (national codes, search without diacritics, filters, no placeholder
 * text anywhere), a procedure page with what to know before applying, the public lookup with its
 * second factor, and the satisfaction rating after the result. Every page passes checkPage (axe
 * serious/critical none, no horizontal scrolling at 390 px, screenshots at 1280 and 390 px).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { openDatabase } from '@motcua/db';
import { createPortalStores } from '@motcua/db/portal';
import { testDatabases } from '@motcua/db/testing';
import { isPlaceholder, loadPublishedCatalogue } from '@motcua/processes';

import { LOOKUP_NOT_FOUND_VI } from '../src/dossiers/dossier-lookup.js';
import { chromiumRuns, launchChromium, type Chromium } from './support/chromium.js';
import { PortalClient } from './support/http-client.js';
import { checkPage } from './support/page-checks.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';
import { documentsFor } from './support/documents.js';
import { DEMO_PASSWORD, PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const dialects = chromiumRuns ? await testDatabases() : [];
jest.setTimeout(180_000);
const catalogue = loadPublishedCatalogue();

/** The visible text of an HTML page (tags, scripts and JSON blocks removed). */
function visibleText(page: string): string {
  return page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe.each(dialects)('public journeys in Chromium on $dialect', (factory) => {
  let stack: Stack;
  let browser: Chromium;
  let context: BrowserContext;
  const problems: string[] = [];

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  }
  async function checked(page: Page, name: string) {
    const check = await checkPage(page, `${factory.dialect}-${name}`);
    expect(check.axe).toEqual([]);
    expect(check.overflowAt390).toBeLessThanOrEqual(0);
  }
  async function login(page: Page, username: string) {
    await context.clearCookies();
    await page.goto(`${stack.portal.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
  }
  /** Claims and completes a task through the portal as `c`. */
  async function decide(pi: string, c: PortalClient, key: string, data: Record<string, unknown>) {
    const task = await openTask(stack.engineUrl, pi, key);
    const page = await c.get(`/can-bo/cong-viec/${task.id}`);
    const csrf = PortalClient.csrfIn(page.text);
    expect((await c.postForm(`/can-bo/cong-viec/${task.id}/nhan`, { _csrf: csrf })).status).toBe(302);
    expect((await c.postJson(`/can-bo/cong-viec/${task.id}/hoan-thanh`, { data }, csrf)).status).toBe(200);
  }
  async function submitted(c: PortalClient, data: Record<string, unknown>) {
    const applyPage = await c.get(`/thu-tuc/${PROCEDURE_KEY}`);
    const res = await c.postJson(
      `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`,
      { data, documents: await documentsFor(c, PROCEDURE_KEY, applyPage.text) },
      PortalClient.csrfIn(applyPage.text),
    );
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string }>();
    const [pi] = await engineJson<Array<{ id: string }>>(
      stack.engineUrl,
      `/process-instance?businessKey=${id}`,
    );
    const code = await until('the dossier code', async () => {
      const vars = await engineJson<Record<string, { value: unknown }>>(
        stack.engineUrl,
        `/process-instance/${pi!.id}/variables`,
      );
      return typeof vars.dossierCode?.value === 'string' ? vars.dossierCode.value : undefined;
    });
    return { id, pi: pi!.id, code };
  }

  beforeAll(async () => {
    await buildBrowser();
    stack = await startStack(factory);
    browser = await launchChromium();
    context = browser.context;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the catalogue: national codes only, search without diacritics, filters by field and agency', async () => {
    const page = await newPage();
    await page.goto(stack.portal.url);
    const codes = await page.locator('.procedure-code').allTextContents();
    expect(codes).toHaveLength(catalogue.length);
    // Never an internal slug: a national code, or "unknown".
    for (const c of codes) expect(c.trim()).toMatch(/^(\d\.\d{6}|Chưa có thông tin)$/);
    expect(codes.map((c) => c.trim())).toContain('1.009846');
    await checked(page, 'catalogue');

    await page.getByLabel('Tìm thủ tục (gõ có hoặc không dấu)').fill('cap chung chi');
    await Promise.all([
      page.waitForURL('**/?q=*'),
      page.getByRole('button', { name: 'Tìm', exact: true }).click(),
    ]);
    const names = await page.locator('.procedure-name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(catalogue.length);
    expect(names.some((n) => n.includes('cấp Chứng chỉ nhân viên bức xạ'))).toBe(true);
    expect(names.some((n) => n.startsWith('Giao quyền sở hữu'))).toBe(false);
    await checked(page, 'catalogue-search');

    await page.goto(stack.portal.url);
    await page.getByLabel('Cơ quan thực hiện').selectOption('Cục An toàn bức xạ và hạt nhân');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL('**co-quan=*');
    const agencies = await page.locator('.procedure-meta div:nth-child(3) dd').allTextContents();
    expect(agencies.length).toBeGreaterThan(0);
    for (const a of agencies) expect(a.trim()).toBe('Cục An toàn bức xạ và hạt nhân');

    await page.goto(stack.portal.url);
    await page.getByLabel('Lĩnh vực').selectOption('Tiêu chuẩn, đo lường, chất lượng');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL('**linh-vuc=*');
    const fields = await page.locator('.procedure-meta div:nth-child(2) dd').allTextContents();
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.length).toBeLessThan(catalogue.length);
    for (const f of fields) expect(f.trim()).toBe('Tiêu chuẩn, đo lường, chất lượng');
    await checked(page, 'catalogue-filtered');
    await page.close();
  });

  it('no placeholder text from the catalogue on the list or on any procedure page', async () => {
    const c = new PortalClient(stack.portal.url);
    const pages = [
      await c.get('/'),
      ...(await Promise.all(catalogue.map((e) => c.get(`/thu-tuc/${e.key}`)))),
    ];
    for (const p of pages) {
      expect(p.status).toBe(200);
      const text = visibleText(p.text);
      // Each sentence-sized piece is checked with the same patterns the filter uses.
      const offending = text.split(/[.;()]/).filter((s) => isPlaceholder(s));
      expect(offending).toEqual([]);
    }
    // The application forms the applicant fills (deployed from the generator) are clean too.
    const applicant = await signIn(stack.portal.url, 'congdan');
    for (const e of catalogue) {
      const withForm = (await applicant.get(`/thu-tuc/${e.key}`)).text;
      const schema = /<script type="application\/json" id="form-schema">([\s\S]*?)<\/script>/.exec(withForm);
      expect(schema).not.toBeNull();
      expect(schema![1]!.split(/[.;()"\\]/).filter((piece) => isPlaceholder(piece))).toEqual([]);
    }
    // The catalogue's "(cấp tỉnh; ví dụ Tiền Giang)" became "(cấp tỉnh)".
    const xray = catalogue.find((e) => e.code === '2.002131')!;
    const page = await c.get(`/thu-tuc/${xray.key}`);
    expect(page.text).toContain('Sở Khoa học và Công nghệ (cấp tỉnh)');
    expect(page.text).not.toContain('Tiền Giang');
  });

  it('a procedure page says what a citizen needs before applying; the form fits a phone', async () => {
    const page = await newPage();
    await page.goto(`${stack.portal.url}/thu-tuc/${PROCEDURE_KEY}`);
    await expect(page.locator('.fact-code dd').textContent()).resolves.toBe('1.009846');
    await expect(page.locator('.fact-time dd').textContent()).resolves.toContain('15 ngày làm việc');
    await expect(page.locator('.fact-agency dd').textContent()).resolves.toContain(
      'Cục An toàn bức xạ và hạt nhân',
    );
    await expect(page.locator('.fact-legal dd').textContent()).resolves.toContain('546/QĐ-BKHCN');
    await expect(page.locator('.fact-result dd').textContent()).resolves.toContain(
      'Chứng chỉ nhân viên bức xạ',
    );
    // Unknown in the catalogue: said so, never guessed.
    await expect(page.locator('.fact-fees dd').textContent()).resolves.toContain('Chưa có thông tin');
    await expect(page.locator('.fact-online dd').textContent()).resolves.toContain('Chưa có thông tin');
    await expect(page.locator('.fact-conditions dd').textContent()).resolves.toContain('Chưa có thông tin');
    const docs = await page.locator('.documents-required li').allTextContents();
    expect(docs).toHaveLength(5);
    expect(docs[0]).toContain('Đơn đề nghị cấp chứng chỉ nhân viên bức xạ');
    expect(docs[4]).toContain('số lượng: 3');
    await checked(page, 'procedure-page');

    await login(page, 'congdan');
    await page.goto(`${stack.portal.url}/thu-tuc/${PROCEDURE_KEY}`);
    await page.waitForSelector('.fjs-container');
    // form-js's chunk is announced up front (modulepreload), fetched in parallel with the entry.
    const preloads = await page
      .locator('link[rel="modulepreload"]')
      .evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
    expect(preloads.some((href) => /\/static\/chunks\/index\.es-[A-Z0-9]+\.js$/.test(href))).toBe(true);
    await checked(page, 'procedure-form');
    await page.close();
  });

  it('the sign-in and home pages pass axe (the gold sign-in button has enough contrast)', async () => {
    const page = await newPage();
    await context.clearCookies();
    await page.goto(stack.portal.url);
    await expect(page.locator('.nav a.button-light').textContent()).resolves.toBe('Đăng nhập');
    await checked(page, 'home-anonymous');
    await page.goto(`${stack.portal.url}/dang-nhap`);
    await checked(page, 'sign-in');
    await page.close();
  });

  it('/tra-cuu: a code alone reveals nothing; the second factor shows the status, never personal data; then the rating', async () => {
    const applicant = await signIn(stack.portal.url, 'congdan');
    const { id, pi, code } = await submitted(applicant, validApplication({ fullName: 'Hoàng Thị Lan' }));
    const page = await newPage();
    await context.clearCookies();

    // A wrong second factor and an unknown code get the very same answer.
    await page.goto(`${stack.portal.url}/tra-cuu?ma=${encodeURIComponent(code.toLowerCase())}`);
    expect(await page.getByLabel('Mã hồ sơ').inputValue()).toBe(code.toLowerCase());
    await page.getByLabel('Số điện thoại người nộp hoặc 4 số cuối CCCD').fill('0900000000');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page.waitForSelector('#lookup-message');
    const wrongFactor = await page.locator('#lookup-message').textContent();
    expect(wrongFactor?.trim()).toBe(LOOKUP_NOT_FOUND_VI);
    expect(await page.locator('.dossier-status').count()).toBe(0);
    await checked(page, 'lookup-not-found');

    await page.getByLabel('Mã hồ sơ').fill(code.replace(/\d{5}$/, '99999'));
    await page.getByLabel('Số điện thoại người nộp hoặc 4 số cuối CCCD').fill('0912345678');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page.waitForSelector('#lookup-message');
    expect((await page.locator('#lookup-message').textContent())?.trim()).toBe(wrongFactor?.trim());

    // Drive the dossier to its result: completeness, appraisal, the leader's approval.
    const officer = await signIn(stack.portal.url, 'canbo');
    await decide(pi, officer, 'UserTask_CheckCompleteness', { complete: true, completenessNote: 'Đủ' });
    await decide(pi, officer, 'UserTask_AppraiseDossier', {
      recommendation: 'approve',
      appraisalNote: 'Đạt',
    });
    await decide(pi, await signIn(stack.portal.url, 'lanhdao'), 'UserTask_ApproveDossier', {
      approved: true,
      decisionNote: 'Đồng ý',
    });
    await until('the returned result', async () =>
      (await applicant.get(`/ho-so/${id}`)).text.includes('Đã trả kết quả'),
    );

    // The right factor (last 4 digits of the CCCD), the code typed in lower case: status only.
    await page.goto(`${stack.portal.url}/tra-cuu`);
    await page.getByLabel('Mã hồ sơ').fill(code.toLowerCase());
    await page.getByLabel('Số điện thoại người nộp hoặc 4 số cuối CCCD').fill('2345');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page.waitForSelector('.dossier-status');
    expect(await page.locator('.dossier-status').textContent()).toContain('Đã trả kết quả');
    expect(await page.locator('.lookup-result .dossier-code').textContent()).toBe(code);
    const body = (await page.locator('main').textContent()) ?? '';
    for (const secret of ['Hoàng Thị Lan', '001090012345', '0912345678', 'an.nguyen@example.vn', 'CCNV-'])
      expect(body).not.toContain(secret);
    await checked(page, 'lookup-found');

    // The rating after the result, once.
    await login(page, 'congdan');
    await page.goto(`${stack.portal.url}/ho-so/${id}`);
    await checked(page, 'dossier-rating-form');
    await page.getByLabel('Hài lòng', { exact: true }).check();
    await page.getByLabel('Góp ý (không bắt buộc)').fill('Cán bộ hướng dẫn tận tình.');
    await Promise.all([
      page.waitForURL(`**/ho-so/${id}?xong=danh-gia`),
      page.getByRole('button', { name: 'Gửi đánh giá' }).click(),
    ]);
    expect(await page.locator('.rating-given').textContent()).toContain('Hài lòng');
    await checked(page, 'dossier-rated');
    const again = await applicant.postForm(`/ho-so/${id}/danh-gia`, {
      _csrf: await applicant.csrf(`/ho-so/${id}`),
      score: '1',
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain('mỗi hồ sơ chỉ đánh giá một lần');
    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      const stores = createPortalStores(ds);
      expect(await stores.ratings.findByDossier(id)).toMatchObject({
        score: 4,
        comment: 'Cán bộ hướng dẫn tận tình.',
        procedureCode: '1.009846',
      });
      const summary = await stores.ratings.summary({
        from: new Date(Date.now() - 3600_000),
        to: new Date(Date.now() + 3600_000),
      });
      expect(summary).toMatchObject({ count: 1, satisfied: 1, satisfiedShare: 1 });
      const audit = await stores.audit.list({
        actions: ['dossier.rated', 'dossier.lookup', 'dossier.lookup-failed'],
      });
      expect(audit.filter((a) => a.action === 'dossier.rated')).toHaveLength(1);
      expect(
        audit
          .filter((a) => a.action === 'dossier.lookup-failed')
          .map((a) => a.detail?.reason)
          .sort(),
      ).toEqual(['second-factor', 'unknown-code']);
      expect(audit.some((a) => a.action === 'dossier.lookup' && a.target === `dossier:${id}`)).toBe(true);
    } finally {
      await ds.destroy();
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('rating is refused before the result, with the typed comment kept; another applicant gets 404', async () => {
    const applicant = await signIn(stack.portal.url, 'congdan');
    const { id } = await submitted(applicant, validApplication({ fullName: 'Đinh Văn Tú' }));
    const early = await applicant.postForm(`/ho-so/${id}/danh-gia`, {
      _csrf: await applicant.csrf(`/ho-so/${id}`),
      score: '5',
      comment: 'Nhanh quá',
    });
    expect(early.status).toBe(409);
    expect(early.text).toContain('chưa có kết quả');
    expect(early.text).toContain('Nhanh quá');
    const noScore = await applicant.postForm(`/ho-so/${id}/danh-gia`, {
      _csrf: await applicant.csrf(`/ho-so/${id}`),
      comment: 'Giữ lại',
    });
    expect(noScore.status).toBe(400);
    expect(noScore.text).toContain('Vui lòng chọn một mức đánh giá.');
    expect(noScore.text).toContain('Giữ lại');
    const other = await signIn(stack.portal.url, 'congdan2');
    expect(
      (
        await other.postForm(`/ho-so/${id}/danh-gia`, {
          _csrf: await other.csrf('/ho-so-cua-toi'),
          score: '5',
        })
      ).status,
    ).toBe(404);
  });

  it('compresses pages and scripts (brotli or gzip), not tiny answers', async () => {
    const get = (path: string, enc: string) =>
      fetch(`${stack.portal.url}${path}`, { headers: { 'accept-encoding': enc } });
    expect((await get('/', 'br, gzip')).headers.get('content-encoding')).toBe('br');
    expect((await get('/', 'gzip')).headers.get('content-encoding')).toBe('gzip');
    expect((await get('/static/form-page.js', 'gzip')).headers.get('content-encoding')).toBe('gzip');
    expect((await get('/', 'identity')).headers.get('content-encoding')).toBeNull();
    expect((await get('/health', 'br, gzip')).headers.get('content-encoding')).toBeNull();
  });

  it('failed look-ups are limited per address (429, audited)', async () => {
    const c = new PortalClient(stack.portal.url);
    let last = 0;
    for (let i = 0; i < 12 && last !== 429; i++)
      last = (await c.lookup('G13.ATBXHN-261206-00042', '0000')).status;
    expect(last).toBe(429);
    const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    try {
      expect(
        (await createPortalStores(ds).audit.list({ action: 'dossier.lookup-throttled' })).length,
      ).toBeGreaterThan(0);
    } finally {
      await ds.destroy();
    }
  });
});
