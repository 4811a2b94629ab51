/**
 * Documents (thành phần hồ sơ) in the browser, on SQLite and MariaDB: Debian's Chromium against
 * the real engine, workers and portal. A generated procedure whose catalogue lists five required
 * documents (technology transfer approval, served here with `alsoServe`):
 * - the procedure page lists them (unknown facts said to be unknown);
 * - an applicant on a 390 px phone viewport uploads them beside the form-js form: a program
 *   renamed .pdf, a too-large file and an empty one are refused in Vietnamese next to their slot,
 *   the form's data and the other uploads stay; sending without the required documents is refused
 *   naming them and starts nothing; then the dossier is created with its files;
 * - another applicant's and another unit's officer's document URLs → 404 (audited); headers of a
 *   download and of the officer's inline preview;
 * - the desk previews the PDF beside the completeness check's form and asks for a supplement
 *   naming a document (a reason is required); the applicant uploads the replacement with the
 *   supplement; the history lists the uploads and the replacement; the replaced file stays
 *   retrievable for officers only;
 * - the desk attaches scans when receiving a dossier in person; CSRF and the early size cut-off.
 * axe-core and the 390 px overflow check on every page (screenshots in /tmp/motcua-shots).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase, type DataSource } from '@motcua/db';
import { AuditStore, DossierLifeStore, createPortalStores } from '@motcua/db/portal';
import { loadPublishedCatalogue } from '@motcua/processes';
import { hashPassword } from '../src/auth/passwords.js';
import { chromiumRuns, launchChromium, type Chromium } from './support/chromium.js';
import { samplePdf, uploadTo } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { checkPage } from './support/page-checks.js';
import { DEMO_PASSWORD, startStack, type Stack } from './support/stack.js';
import { signIn, until } from './support/stack-calls.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const dialects = chromiumRuns ? await testDatabases() : [];
jest.setTimeout(240_000);

const KEY = 'most-chap-thuan-chuyen-giao-cong-nghe';
/** Small limits so the size checks cost little. */
const MAX_FILE = 256 * 1024;
const TASK = 'Xem xét tính đầy đủ';

// A Windows program ("MZ" … "PE"), as a setup.exe renamed to a .pdf carries.
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([64, 0, 0, 0]),
  Buffer.from('PE\0\0'),
  Buffer.alloc(400),
]);
// A real 1×1 PNG, what a phone camera's picture is (much smaller).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

if (!dialects.length) it.skip('documents browser suite (Chromium missing)', () => {});

describe.each(dialects)('documents in the browser on $dialect', (factory) => {
  let stack: Stack;
  let url: string;
  let ds: DataSource;
  let chromium: Chromium;
  const problems: string[] = [];
  let dossierId = '';
  let docNames: string[] = [];

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await chromium.context.newPage();
    await page.setViewportSize(viewport);
    page.on('console', (m) => {
      // A refused upload is a 400 answer, which Chromium logs; anything else is a problem (CSP…).
      if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  }

  async function login(page: Page, username: string) {
    await chromium.context.clearCookies();
    await page.goto(`${url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
      page.getByRole('button', { name: 'Đăng nhập' }).click(),
    ]);
  }

  async function expectClean(page: Page, name: string) {
    const check = await checkPage(page, `documents-${name}`);
    if (check.overflowAt390 > 0) {
      await page.setViewportSize({ width: 390, height: 844 });
      process.stderr.write(
        `OVERFLOW ${name} ` +
          (await page
            .evaluate(() =>
              [...document.querySelectorAll('*')]
                .filter((e) => e.getBoundingClientRect().right > 391)
                .slice(0, 15)
                .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
            )
            .then((x) => x.join(' | '))) +
          '\n',
      );
    }
    expect(check.axe).toEqual([]);
    expect(check.overflowAt390).toBeLessThanOrEqual(0);
  }

  const slotMessage = (page: Page, slot: number) => page.locator(`#doc-msg-${slot}`);
  const slotFiles = (page: Page, slot: number) =>
    page.locator(`.doc-slot[data-slot="${slot}"] li[data-attachment-id]`);
  const audits = (action: string) => new AuditStore(ds).list({ action });

  beforeAll(async () => {
    await buildBrowser();
    stack = await startStack(factory, {
      catalogue: loadPublishedCatalogue({ alsoServe: [KEY] }),
      documents: { maxFileBytes: MAX_FILE, maxDossierBytes: 4 * MAX_FILE },
    });
    url = stack.portal.url;
    ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    // An officer of another unit: no step in this procedure.
    await createPortalStores(ds).users.upsert({
      id: randomUUID(),
      username: 'canbo-khac',
      displayName: 'Phan Thị Giang',
      passwordHash: await hashPassword(DEMO_PASSWORD),
      role: 'officer',
      groups: ['don-vi-khac'],
    });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await ds?.destroy();
    await stack?.close();
  });

  it('the application has one upload slot per catalogue document, and says what the catalogue does not know', async () => {
    const page = await newPage();
    await login(page, 'congdan');
    await page.goto(`${url}/thu-tuc/${KEY}`);
    await page.waitForSelector('.fjs-container');
    // The procedure page's list (the public catalogue's part) and the slots name the same documents.
    const listed = await page.locator('.documents-required li').allTextContents();
    expect(listed).toHaveLength(5);
    const slots = page.locator('.doc-slot');
    expect(await slots.count()).toBe(5);
    docNames = (await page.locator('.doc-slot legend .doc-name').allTextContents()).map((t) => t.trim());
    expect(docNames[0]).toMatch(/^Văn bản đề nghị chấp thuận chuyển giao công nghệ/);
    docNames.forEach((name, i) => expect(listed[i]).toContain(name));
    expect(await slots.first().textContent()).toContain('Bắt buộc');
    // The catalogue gives neither the number of copies nor original/copy: said, not guessed.
    const facts = await slots.first().locator('.doc-facts').innerText();
    expect(facts).toMatch(/Bản chính\/bản sao:\s*chưa có thông tin/);
    expect(facts).toMatch(/Số lượng:\s*chưa có thông tin/);
    expect(await slots.first().textContent()).toContain('Nhận tệp: PDF, JPEG, PNG.');
    await expectClean(page, 'procedure');
    // A published procedure whose documents the catalogue does not list yet: no slot, and its page says so.
    await page.goto(`${url}/thu-tuc/most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te`);
    await page.waitForSelector('.fjs-container');
    expect(await page.locator('.doc-slot').count()).toBe(0);
    expect(await page.locator('section[aria-labelledby="docs-heading"]').textContent()).toContain(
      'Chưa có thông tin',
    );
    await page.close();
  });

  it('an applicant on a phone uploads the documents; bad files are refused and nothing typed is lost', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await login(page, 'congdan');
    await page.goto(`${url}/thu-tuc/${KEY}`);
    await page.waitForSelector('.fjs-container');
    // The inputs take files and, on a phone, the camera.
    expect(await page.locator('#doc-file-0').getAttribute('accept')).toContain('application/pdf');
    expect(await page.locator('#doc-camera-0').getAttribute('capture')).toBe('environment');

    await page.getByLabel('Họ và tên').fill('Lê Văn Cường');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001090054321');
    await page.getByLabel('Địa chỉ').fill('Số 2 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội');
    await page.getByLabel('Số điện thoại').fill('0987654321');
    await page.getByLabel('Thư điện tử').fill('cuong.le@example.vn');

    await page
      .locator('#doc-file-0')
      .setInputFiles({ name: 'de-nghi.pdf', mimeType: 'application/pdf', buffer: samplePdf('de nghi') });
    await slotFiles(page, 0).first().waitFor();

    // A program renamed .pdf, sent as application/pdf by the browser: refused by its bytes.
    await page
      .locator('#doc-file-1')
      .setInputFiles({ name: 'tu-cach-phap-ly.pdf', mimeType: 'application/pdf', buffer: EXE });
    await expect(slotMessage(page, 1)).toBeDefined();
    await page.waitForFunction(() => document.getElementById('doc-msg-1')?.dataset.kind === 'error');
    expect(await slotMessage(page, 1).textContent()).toContain(
      'chương trình máy tính (EXE), không phải tài liệu',
    );
    // Too large (over 256 KB), and empty.
    await page.locator('#doc-file-2').setInputFiles({
      name: 'giai-trinh.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([samplePdf(), Buffer.alloc(MAX_FILE)]),
    });
    await page.waitForFunction(() => document.getElementById('doc-msg-2')?.dataset.kind === 'error');
    expect(await slotMessage(page, 2).textContent()).toContain('Tệp quá lớn');
    await page
      .locator('#doc-file-3')
      .setInputFiles({ name: 'rong.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
    await page.waitForFunction(() => document.getElementById('doc-msg-3')?.dataset.kind === 'error');
    expect(await slotMessage(page, 3).textContent()).toContain('Tệp rỗng');
    for (const slot of [1, 2, 3]) expect(await slotFiles(page, slot).count()).toBe(0);
    expect(await slotFiles(page, 0).count()).toBe(1); // the good upload stays
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Lê Văn Cường'); // the form too

    // Sending without the required documents: refused, naming them; nothing submitted.
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.locator('#form-errors:not([hidden])').waitFor();
    const refusal = (await page.locator('#form-errors').textContent()) ?? '';
    expect(refusal).toContain('còn thiếu thành phần hồ sơ bắt buộc');
    for (const name of docNames.slice(1)) expect(refusal).toContain(name);
    expect(refusal).not.toContain(`“${docNames[0]}”`);
    expect(await slotMessage(page, 4).textContent()).toContain('Chưa tải lên tệp nào');
    expect(page.url()).toBe(`${url}/thu-tuc/${KEY}`);
    expect(await page.getByLabel('Số điện thoại').inputValue()).toBe('0987654321');
    expect(await createPortalStores(ds).dossiers.listByApplicant((await applicantId('congdan'))!)).toEqual(
      [],
    );
    await expectClean(page, 'refused');

    // The other documents: PDFs, and a photo from the camera input.
    for (const slot of [1, 2, 3])
      await page.locator(`#doc-file-${slot}`).setInputFiles({
        name: `tai-lieu-${slot}.pdf`,
        mimeType: 'application/pdf',
        buffer: samplePdf(`tai lieu ${slot}`),
      });
    await page
      .locator('#doc-camera-4')
      .setInputFiles({ name: 'anh-chup.png', mimeType: 'image/png', buffer: PNG });
    for (const slot of [1, 2, 3, 4]) await slotFiles(page, slot).first().waitFor();
    // A wrong file chosen can be removed before sending.
    await page
      .locator('#doc-file-3')
      .setInputFiles({ name: 'nham.pdf', mimeType: 'application/pdf', buffer: samplePdf('nham') });
    await page.waitForFunction(
      () => document.querySelectorAll('.doc-slot[data-slot="3"] li[data-attachment-id]').length === 2,
    );
    await slotFiles(page, 3).nth(1).getByRole('button', { name: 'Xoá tệp' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('.doc-slot[data-slot="3"] li[data-attachment-id]').length === 1,
    );
    await expectClean(page, 'application');

    await Promise.all([
      page.waitForURL('**/ho-so/*'),
      page.getByRole('button', { name: 'Nộp hồ sơ' }).click(),
    ]);
    dossierId = new URL(page.url()).pathname.split('/').pop()!;
    const files = page.locator('.dossier-documents li[data-attachment-id]');
    expect(await files.count()).toBe(5);
    expect(await page.locator('.dossier-documents').textContent()).toContain('anh-chup.png');
    await expectClean(page, 'dossier');

    const rejected = await audits('document.upload-rejected');
    expect(rejected.map((a) => a.detail?.reason).sort()).toEqual(['empty', 'too-large', 'wrong-type']);
    expect(rejected.find((a) => a.detail?.reason === 'wrong-type')?.detail?.detected).toBe('exe');
    expect((await audits('document.discard')).length).toBe(1);
    expect((await audits('dossier.submit-rejected'))[0]?.detail?.missingDocuments).toEqual(docNames.slice(1));
    const history = await new DossierLifeStore(ds).listHistory(dossierId);
    expect(history.filter((e) => e.kind === 'document-uploaded')).toHaveLength(5);
    await page.close();
  });

  async function applicantId(username: string): Promise<string | undefined> {
    return (await createPortalStores(ds).users.findByUsername(username))?.id;
  }

  it('serves a file only to its applicant and the officers of its unit; 404 and an audit entry for anyone else', async () => {
    const owner = await signIn(url, 'congdan');
    const page = await owner.get(`/ho-so/${dossierId}`);
    const fileId = /\/ho-so\/[^/]+\/tai-lieu\/([0-9a-f-]{36})/.exec(page.text)![1]!;
    const own = await owner.request('GET', `/ho-so/${dossierId}/tai-lieu/${fileId}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(own.headers.get('content-disposition')).toMatch(/^attachment; filename="de-nghi\.pdf"/);
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    expect(own.headers.get('content-security-policy')).toContain('sandbox');
    expect(own.text.startsWith('%PDF-')).toBe(true);

    const other = await signIn(url, 'congdan2');
    const denied = await other.request('GET', `/ho-so/${dossierId}/tai-lieu/${fileId}`);
    expect(denied.status).toBe(404);
    const missing = await other.request('GET', `/ho-so/${dossierId}/tai-lieu/${randomUUID()}`);
    expect(missing.status).toBe(404); // the same answer: no oracle
    const stranger = await signIn(url, 'canbo-khac');
    expect((await stranger.request('GET', `/can-bo/ho-so/${dossierId}/tai-lieu/${fileId}`)).status).toBe(404);
    const denials = (await audits('access.denied')).filter((a) => a.target === `dossier:${dossierId}`);
    expect(denials.map((a) => a.actor).sort()).toEqual(
      // congdan2 twice (the file and a missing one answer alike), the other unit's officer once.
      [await applicantId('congdan2'), await applicantId('congdan2'), await applicantId('canbo-khac')].sort(),
    );
    // A file of this dossier is not reachable through another dossier's URL either.
    expect((await owner.request('GET', `/ho-so/${randomUUID()}/tai-lieu/${fileId}`)).status).toBe(404);

    // Uploads need the CSRF token; an oversized body is refused before it is read.
    const form = new FormData();
    form.append('slot', '0');
    form.append('file', new Blob([samplePdf()]), 'a.pdf');
    expect((await owner.postMultipart(`/thu-tuc/${KEY}/tai-lieu`, form)).status).toBe(403);
    const csrf = PortalClient.csrfIn((await owner.get(`/thu-tuc/${KEY}`)).text);
    const huge = await uploadTo(owner, `/thu-tuc/${KEY}/tai-lieu`, csrf, 0, {
      bytes: Buffer.concat([samplePdf(), Buffer.alloc(2 * MAX_FILE)]),
      name: 'lon.pdf',
    });
    expect(huge.status).toBe(400);
    expect(huge.body.message).toContain('Tệp quá lớn');
  });

  it('the desk previews the PDF beside the completeness form and asks for a document with a reason', async () => {
    const page = await newPage();
    await login(page, 'canbo');
    for (let i = 0; i < 150; i++) {
      await page.goto(`${url}/can-bo/cong-viec`);
      if (await page.getByRole('link', { name: new RegExp(TASK) }).count()) break;
      await page.waitForTimeout(200);
    }
    const row = page.locator('tr', { has: page.getByRole('link', { name: new RegExp(TASK) }) }).first();
    await row.getByRole('button', { name: 'Nhận xử lý' }).click();
    await page.waitForURL('**/can-bo/cong-viec');
    await page
      .getByRole('link', { name: new RegExp(TASK) })
      .first()
      .click();
    await page.waitForSelector('.fjs-container');
    const taskUrl = page.url();

    // The first PDF is shown beside the form, from a same-origin URL that passes the access check.
    const frame = page.locator('iframe.doc-preview-frame');
    await frame.waitFor();
    const src = (await frame.getAttribute('src'))!;
    expect(src).toMatch(new RegExp(`^/can-bo/ho-so/${dossierId}/tai-lieu/[0-9a-f-]{36}\\?xem=1$`));
    const preview = await page.request.get(url + src);
    expect(preview.status()).toBe(200);
    expect(preview.headers()['content-type']).toBe('application/pdf');
    expect(preview.headers()['content-disposition']).toMatch(/^inline;/);
    expect(preview.headers()['x-content-type-options']).toBe('nosniff');
    expect(preview.headers()['content-security-policy']).toMatch(/sandbox/);
    expect(preview.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
    // Chromium hands the framed response to its built-in PDF viewer (the component's fixed id): it
    // is shown in the frame — not downloaded, not refused by frame-ancestors / X-Frame-Options.
    await until('the PDF viewer in the preview frame', async () =>
      page.frames().some((f) => f.url().startsWith('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/')),
    );
    await expectClean(page, 'officer-preview-pdf');
    // The photo is previewed as an image.
    await page
      .locator('li[data-attachment-id]', { hasText: 'anh-chup.png' })
      .getByRole('link', { name: 'Xem' })
      .click();
    await page.locator('img.doc-preview-image').waitFor();
    expect(
      await page.locator('img.doc-preview-image').evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBe(1);
    await expectClean(page, 'officer-preview-image');
    await page.goto(taskUrl);
    await page.waitForSelector('.fjs-container');

    await page.getByLabel('Hồ sơ chưa đầy đủ, hợp lệ').check();
    await page.getByLabel(/Yêu cầu tổ chức, cá nhân bổ sung/).check();
    await page.getByLabel(/Thành phần còn thiếu/).fill('Tài liệu giải trình về công nghệ chưa có chữ ký.');
    await page.getByLabel(docNames[2]!, { exact: true }).check();
    // A document named without a reason: refused, the task stays open.
    await page.getByRole('button', { name: 'Hoàn thành' }).click();
    await page.locator('#form-errors:not([hidden])').waitFor();
    expect(await page.locator('#form-errors').textContent()).toContain('Vui lòng nêu lý do');
    await page.getByLabel(`Lý do: ${docNames[2]}`).fill('Bản giải trình chưa có chữ ký của người đại diện.');
    await Promise.all([
      page.waitForURL('**/can-bo/cong-viec?xong=1'),
      page.getByRole('button', { name: 'Hoàn thành' }).click(),
    ]);
    const history = await new DossierLifeStore(ds).listHistory(dossierId);
    const request = history.find((e) => e.kind === 'documents-requested');
    expect(request?.detail?.documents).toEqual([
      { slot: 2, nameVi: docNames[2], reason: 'Bản giải trình chưa có chữ ký của người đại diện.' },
    ]);
    expect((await audits('document.request')).length).toBe(1);
    await page.close();
  });

  it('the applicant uploads the replacement with the supplement; the history lists uploads and the replacement', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await login(page, 'congdan');
    await until('the supplement request', async () => {
      await page.goto(`${url}/ho-so/${dossierId}`);
      return (await page.locator('#document-slots').count()) > 0;
    });
    expect(await page.locator('.doc-requested').textContent()).toContain('Bản giải trình chưa có chữ ký');
    // Only the requested document takes uploads.
    expect(
      await page.locator('.doc-slot').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.slot)),
    ).toEqual(['2']);
    await page.waitForSelector('.fjs-container');
    await page.getByLabel('Nội dung đã bổ sung, sửa đổi').fill('Bổ sung bản giải trình có chữ ký.');
    // Without the requested document: refused, naming it; nothing changes.
    await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await page.locator('#form-errors:not([hidden])').waitFor();
    expect(await page.locator('#form-errors').textContent()).toContain(docNames[2]!);
    expect(await page.getByLabel('Nội dung đã bổ sung, sửa đổi').inputValue()).toBe(
      'Bổ sung bản giải trình có chữ ký.',
    );
    await page.locator('#doc-file-2').setInputFiles({
      name: 'giai-trinh-co-chu-ky.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf('co chu ky'),
    });
    await slotFiles(page, 2).first().waitFor();
    await expectClean(page, 'supplement');
    await Promise.all([
      page.waitForURL('**/ho-so/*?xong=bo-sung'),
      page.getByRole('button', { name: 'Gửi bổ sung' }).click(),
    ]);

    const replaced = page.locator('.dossier-documents li.doc-replaced');
    expect(await replaced.count()).toBe(1);
    expect(await replaced.textContent()).toContain('Đã thay thế');
    expect(await replaced.locator('a').count()).toBe(0); // kept for officers, not offered here
    expect(await page.locator('.dossier-documents').textContent()).toContain('giai-trinh-co-chu-ky.pdf');
    const historyText = (await page.locator('.history').textContent()) ?? '';
    expect(historyText).toContain('thay thế thành phần hồ sơ');
    expect(historyText).toContain('giai-trinh-co-chu-ky.pdf');
    expect(historyText).toContain('tai-lieu-2.pdf');
    await expectClean(page, 'after-supplement');

    const history = await new DossierLifeStore(ds).listHistory(dossierId);
    expect(history.filter((e) => e.kind === 'document-uploaded')).toHaveLength(5);
    const replacement = history.find((e) => e.kind === 'document-replaced');
    const oldId = (replacement?.detail?.replaced as string[])[0]!;
    // The replaced file: officers still open it, the applicant no longer downloads it.
    const officer = await signIn(url, 'canbo');
    const old = await officer.request('GET', `/can-bo/ho-so/${dossierId}/tai-lieu/${oldId}`);
    expect(old.status).toBe(200);
    expect(old.headers.get('content-disposition')).toMatch(/^attachment; filename="tai-lieu-2\.pdf"/);
    const owner = await signIn(url, 'congdan');
    expect((await owner.request('GET', `/ho-so/${dossierId}/tai-lieu/${oldId}`)).status).toBe(404);
    const officerPage = await officer.get(`/can-bo/ho-so/${dossierId}`);
    expect(officerPage.text).toContain('Đã thay thế');
    // Form 02 (the supplement request) names the document and the reason.
    const form02 = await owner.get(`/ho-so/${dossierId}/in/02`);
    expect(form02.status).toBe(200);
    expect(form02.text).toContain('Thành phần hồ sơ cần bổ sung hoặc thay thế');
    expect(form02.text).toContain('Bản giải trình chưa có chữ ký của người đại diện.');
    await page.close();
  });

  it('the desk attaches scans when receiving a dossier in person', async () => {
    const page = await newPage();
    await login(page, 'canbo');
    await page.goto(`${url}/can-bo/tiep-nhan/${KEY}`);
    await page.waitForSelector('.fjs-container');
    expect(await page.locator('.doc-slot').count()).toBe(5);
    await page
      .locator('#doc-file-0')
      .setInputFiles({ name: 'ban-quet.pdf', mimeType: 'application/pdf', buffer: samplePdf('ban quet') });
    await slotFiles(page, 0).first().waitFor();
    await page.getByLabel('Họ và tên').fill('Đặng Thị Hoa');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001190067890');
    await page.getByLabel('Địa chỉ').fill('Số 5 Hàng Bài, Hà Nội');
    await page.getByLabel('Số điện thoại').fill('0911222333');
    await page.getByLabel('Thư điện tử').fill('hoa.dang@example.vn');
    await expectClean(page, 'desk');
    await Promise.all([
      page.waitForURL('**/can-bo/ho-so/*'),
      page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click(),
    ]);
    expect(await page.locator('.dossier-documents').textContent()).toContain('bản quét tại một cửa');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const history = await new DossierLifeStore(ds).listHistory(id);
    expect(history.find((e) => e.kind === 'document-uploaded')?.textVi).toContain(
      'Bộ phận một cửa đính kèm bản quét',
    );
    expect(problems).toEqual([]);
    await page.close();
  });
});
