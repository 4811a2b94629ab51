/**
 * The national portal sync seen in Debian's Chromium against the whole platform and the portal's
 * emulator, on SQLite and MariaDB (issue 13):
 * - an applicant applies, the one-stop desk accepts: the emulator's page lists the dossier with
 *   its statuses in order, and the officer's dossier page says everything was sent;
 * - the national portal failing: the officer's page shows the failure with the portal's answer,
 *   "Gửi lại" (CSRF form, audited) resends and the dossier arrives;
 * - the national portal failing: the dossier is one engine incident with the portal's answer;
 *   the administrators' sync page lists it under "Lỗi" with the answer, its "Gửi lại" (audited)
 *   resolves the incident and every status arrives once, in order;
 * - a dossier filed on the emulator appears in the one-stop desk's inbox under our code.
 * Every page visited is checked with checkPage (axe, 390 px, screenshots).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { openDatabase } from '@motcua/db';
import { loadPublishedCatalogue } from '@motcua/processes';
import { testDatabases } from '@motcua/db/testing';
import { DVCQG_DEV_CLIENT, startDvcqgEmulator, type RunningDvcqgEmulator } from '@motcua/emulators';
import { documentsFor } from './support/documents.js';
import { DEMO_PASSWORD, startStack, type Stack } from './support/stack.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';
import { PortalClient } from './support/http-client.js';
import { chromiumRuns, launchChromium, type Chromium } from './support/chromium.js';
import { checkPage } from './support/page-checks.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const dialects = await testDatabases();
jest.setTimeout(300_000);

const KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
const application = {
  fullName: 'Trần Thị Bình',
  citizenId: '001190012345',
  address: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội',
  phone: '0912345678',
  email: 'binh.tran@example.vn',
};

(chromiumRuns ? describe.each(dialects) : describe.skip.each(dialects))(
  'national portal sync in Chromium on $dialect',
  (factory) => {
    let stack: Stack;
    let emulator: RunningDvcqgEmulator;
    let url: string;
    let browser: Chromium | undefined;
    let page: Page;
    const shot = (name: string) => `dvcqg-${factory.dialect}-${name}`;
    const engine = <T>(path: string) => engineJson<T>(stack.engineUrl, path);

    async function login(username: string, landing: string): Promise<void> {
      await browser!.context.clearCookies();
      await page.goto(`${url}/dang-nhap`);
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL(`**${landing}`),
        page.getByRole('button', { name: 'Đăng nhập' }).click(),
      ]);
    }

    async function pageIsFine(name: string): Promise<void> {
      const check = await checkPage(page, shot(name));
      expect(check.axe).toEqual([]);
      expect(check.overflowAt390).toBe(0);
    }

    /** An application by congdan; its id, instance and code. */
    async function applied(): Promise<{ id: string; pi: string; code: string }> {
      const c = await signIn(url, 'congdan');
      const form = await c.get(`/thu-tuc/${KEY}`);
      const documents = await documentsFor(c, KEY, form.text);
      const res = await c.postJson(
        `/thu-tuc/${KEY}/nop-ho-so`,
        { data: application, documents },
        PortalClient.csrfIn(form.text),
      );
      expect(res.status).toBe(201);
      const { id } = res.json<{ id: string }>();
      const [pi] = await engine<Array<{ id: string }>>(`/process-instance?businessKey=${id}`);
      const code = await until('dossier code', async () => {
        const [v] = await engine<Array<{ value: string }>>(
          `/history/variable-instance?processInstanceId=${pi!.id}&variableName=dossierCode`,
        );
        return v?.value;
      });
      return { id, pi: pi!.id, code };
    }

    /** The one-stop desk accepts the dossier through the portal (claim, complete). */
    async function accept(pi: string): Promise<void> {
      const officer = await signIn(url, 'canbo');
      const task = await openTask(stack.engineUrl, pi, 'UserTask_CheckCompleteness');
      const taskPage = await officer.get(`/can-bo/cong-viec/${task.id}`);
      const csrf = PortalClient.csrfIn(taskPage.text);
      expect((await officer.postForm(`/can-bo/cong-viec/${task.id}/nhan`, { _csrf: csrf })).status).toBe(302);
      const done = await officer.postJson(
        `/can-bo/cong-viec/${task.id}/hoan-thanh`,
        { data: { complete: true } },
        csrf,
      );
      expect(done.status).toBe(200);
    }

    beforeAll(async () => {
      await buildBrowser();
      emulator = await startDvcqgEmulator();
      stack = await startStack(factory, {
        nationalPortal: {
          url: emulator.url,
          clientId: DVCQG_DEV_CLIENT.id,
          clientSecret: DVCQG_DEV_CLIENT.secret,
          unitCode: 'G13',
          pollMs: 100,
          inboundPollMs: 200,
          timeoutMs: 5_000,
          maxAttempts: 2,
        },
      });
      url = stack.portal.url;
      browser = await launchChromium();
      page = await browser.context.newPage();
    });
    afterAll(async () => {
      await browser?.close();
      await stack?.close();
      await emulator?.close();
    });

    it('the statuses reach the emulator after the desk acts, and the officer sees them sent', async () => {
      const d = await applied();
      await accept(d.pi);
      await openTask(stack.engineUrl, d.pi, 'UserTask_AppraiseDossier');
      await until('statuses 1, 2, 4 at the national portal', async () => {
        const s = emulator.state.dossiers
          .get(d.code)
          ?.statuses.map((x) => x.statusCode)
          .join(',');
        return s === '1,2,4';
      });

      await page.goto(`${emulator.url}/`);
      const section = page.locator(`section[data-dossier-code="${d.code}"]`);
      expect(await section.locator('ol.statuses li').allTextContents()).toEqual([
        expect.stringContaining('Mới đăng ký'),
        expect.stringContaining('Được tiếp nhận'),
        expect.stringContaining('Đang xử lý'),
      ]);
      expect(await section.textContent()).toContain('Trần Thị Bình');
      await pageIsFine('01-emulator-page');

      await login('canbo', '/can-bo/cong-viec');
      await page.goto(`${url}/can-bo/ho-so/${d.id}`);
      await until('all sent on the officer page', async () => {
        await page.reload();
        return (await page.locator('.dvcqg-overall').getAttribute('data-state')) === 'sent';
      });
      expect(await page.locator('.dvcqg-overall').textContent()).toBe('Đã gửi đầy đủ');
      expect(await page.locator('.dvcqg-rows li[data-state="sent"]').count()).toBeGreaterThanOrEqual(3);
      await pageIsFine('02-officer-sync-sent');
    });

    it('a failing national portal shows on the officer page with its answer; "Gửi lại" delivers the dossier', async () => {
      // Every call answers 500 until switched off: two attempts, then the row is failed.
      emulator.state.faults = { ...emulator.state.faults, http500: 1_000 };
      const d = await applied();
      await login('canbo', '/can-bo/cong-viec');
      await page.goto(`${url}/can-bo/ho-so/${d.id}`);
      await until('the failure on the officer page', async () => {
        await page.reload();
        return (await page.locator('.dvcqg-overall').getAttribute('data-state')) === 'failed';
      });
      expect(
        await page.locator('.dvcqg-rows li[data-state="failed"] .dvcqg-answer').first().textContent(),
      ).toContain('HTTP 500');
      await pageIsFine('03-officer-sync-failed');
      expect(emulator.state.dossiers.has(d.code)).toBe(false);

      emulator.state.faults = { ...emulator.state.faults, http500: 0 };
      await Promise.all([
        page.waitForURL(`**/can-bo/ho-so/${d.id}?xong=dong-bo*`),
        page.getByRole('button', { name: 'Gửi lại Cổng Dịch vụ công quốc gia' }).click(),
      ]);
      expect(await page.locator('p.alert-ok[role="status"]').textContent()).toContain(
        'gửi lại Cổng Dịch vụ công quốc gia',
      );
      await until('the dossier at the national portal', async () => emulator.state.dossiers.has(d.code));
      const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
      try {
        const audit = (await ds.query(
          "SELECT action, target FROM audit_entry WHERE action = 'dvcqg.resend'",
        )) as Array<{ action: string; target: string }>;
        expect(audit).toEqual([{ action: 'dvcqg.resend', target: `dossier:${d.id}` }]);
      } finally {
        await ds.destroy();
      }
      // Without the form's token the resend is refused.
      const officer = await signIn(url, 'canbo');
      expect((await officer.postForm(`/can-bo/ho-so/${d.id}/dong-bo-dvcqg/gui-lai`, {})).status).toBe(403);
    });

    it('the administrators see dossiers by sync state; a failing one is one engine incident, and "Gửi lại" resolves it and delivers every status once, in order', async () => {
      emulator.state.faults = { ...emulator.state.faults, http500: 1_000 };
      const d = await applied();
      // The desk accepts meanwhile: the later statuses wait behind the failed first one.
      await accept(d.pi);
      const incidents = () =>
        engine<Array<{ id: string; incidentType: string; incidentMessage: string }>>(
          `/incident?processInstanceId=${d.pi}&incidentType=nationalPortalSyncFailed`,
        );
      const [incident] = await until('the sync incident on the dossier process', async () => {
        const open = await incidents();
        return open.length ? open : undefined;
      });
      expect(incident!.incidentMessage).toContain('HTTP 500');

      await browser!.context.clearCookies();
      await page.goto(`${url}/dang-nhap`);
      await page.getByLabel('Tên đăng nhập').fill('quantri');
      await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
        page.getByRole('button', { name: 'Đăng nhập' }).click(),
      ]);
      // The dossiers sent in the first test are under "Đã gửi"; this one is not.
      await page.goto(`${url}/quan-tri/dong-bo-dvcqg?trang-thai=da-gui`);
      expect(await page.locator('tbody tr[data-state="sent"]').count()).toBeGreaterThanOrEqual(1);
      expect(await page.locator(`tr[data-dossier-id="${d.id}"]`).count()).toBe(0);
      await page
        .getByRole('navigation', { name: 'Lọc theo tình trạng đồng bộ' })
        .getByRole('link', { name: /^Lỗi/ })
        .click();
      await page.waitForURL('**/quan-tri/dong-bo-dvcqg?trang-thai=loi');
      const row = page.locator(`tr[data-dossier-id="${d.id}"]`);
      expect(await row.getAttribute('data-state')).toBe('failed');
      expect(await row.locator('.sync-answer').textContent()).toContain('HTTP 500');
      expect(await row.locator('td[data-label="Hồ sơ"] a').textContent()).toBe(d.code);
      expect(await row.locator('td[data-label="Thời điểm"]').textContent()).toMatch(/\d\d\/\d\d\/\d{4}/);
      expect(await row.locator(`a[href="/quan-tri/su-co/${incident!.id}"]`).count()).toBe(1);
      expect(await page.locator('a[data-state="failed"] .sync-count').textContent()).toBe(
        String(await page.locator('tbody tr[data-state="failed"]').count()),
      );
      await pageIsFine('06-admin-sync-failed');
      // The incident's page in the administration names it and shows the portal's answer.
      await row.getByRole('link', { name: 'Xem sự cố trên quy trình' }).click();
      await page.waitForURL(`**/quan-tri/su-co/${incident!.id}`);
      const details = await page.locator('.data-list').textContent();
      expect(details).toContain('Đồng bộ Cổng Dịch vụ công quốc gia thất bại');
      expect(details).toContain('HTTP 500');
      await pageIsFine('07-admin-sync-incident');
      await page.goto(`${url}/quan-tri/dong-bo-dvcqg?trang-thai=loi`);

      emulator.state.faults = { ...emulator.state.faults, http500: 0 };
      await Promise.all([
        page.waitForURL('**/quan-tri/dong-bo-dvcqg?trang-thai=loi&da-gui-lai=1'),
        row.getByRole('button', { name: 'Gửi lại' }).click(),
      ]);
      expect(await page.locator('p.alert-ok[role="status"]').textContent()).toContain('Đã đưa 1 sự kiện');
      await until('the incident resolved', async () => (await incidents()).length === 0);
      const ds = await openDatabase({ url: stack.dbUrl, migrate: false });
      try {
        const rows = () =>
          ds.query(
            'SELECT event_key, status_code, state FROM dvcqg_outbox WHERE dossier_id = ? ORDER BY id',
            [d.id],
          ) as Promise<Array<{ event_key: string; status_code: number | null; state: string }>>;
        await until('every row sent', async () => (await rows()).every((r) => r.state === 'sent'));
        const statusKeys = (await rows()).filter((r) => r.status_code !== null).map((r) => r.event_key);
        expect(statusKeys.length).toBeGreaterThanOrEqual(2);
        const atPortal = emulator.state.dossiers.get(d.code)!;
        expect(atPortal.statuses.map((x) => x.eventKey)).toEqual(statusKeys);
        expect(atPortal.statuses.map((x) => x.statusCode).slice(0, 2)).toEqual([1, 2]);
        const user = (await ds.query("SELECT id FROM portal_user WHERE username = 'quantri'")) as Array<{
          id: string;
        }>;
        const audit = (await ds.query(
          "SELECT actor, target FROM audit_entry WHERE action = 'dvcqg.resend' AND target = ?",
          [`dossier:${d.id}`],
        )) as Array<{ actor: string; target: string }>;
        expect(audit).toEqual([{ actor: user[0]!.id, target: `dossier:${d.id}` }]);
      } finally {
        await ds.destroy();
      }
      // Without the form's token the resend is refused.
      const admin = await signIn(url, 'quantri');
      expect((await admin.postForm(`/quan-tri/dong-bo-dvcqg/${d.id}/gui-lai`, {})).status).toBe(403);
    });

    it('a dossier filed on the national portal appears in the one-stop desk inbox under our code', async () => {
      const filed = await fetch(`${emulator.url}/dieu-khien/nop-ho-so`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          procedureCode: loadPublishedCatalogue().find((e) => e.key === KEY)!.code,
          applicantName: 'Lê Thị Cúc',
          applicantId: '001190099999',
          formData: { ...application, fullName: 'Lê Thị Cúc', citizenId: '001190099999' },
        }),
      });
      expect(filed.status).toBe(201);
      const { nationalCode } = (await filed.json()) as { nationalCode: string };
      const code = await until(
        'acknowledged with our code',
        async () => emulator.state.inbound.find((x) => x.nationalCode === nationalCode)?.acknowledgedAs,
      );
      await login('canbo', '/can-bo/cong-viec');
      await until('in the inbox', async () => {
        await page.goto(`${url}/can-bo/cong-viec`);
        return (await page.getByRole('link', { name: code }).count()) > 0;
      });
      await pageIsFine('04-inbox-with-national-dossier');
      await page.getByRole('link', { name: code }).first().click();
      await page.waitForLoadState();
      expect(await page.locator('body').textContent()).toContain('Lê Thị Cúc');

      await page.goto(`${emulator.url}/`);
      expect(await page.locator('table tbody').textContent()).toContain(`Đã nhận: ${code}`);
      await pageIsFine('05-emulator-inbound');
    });
  },
);
