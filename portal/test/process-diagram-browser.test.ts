/**
 * The process diagram on the officer's dossier page in Debian's Chromium (playwright-core), on the
 * whole platform over SQLite: bpmn-js NavigatedViewer draws the dossier's own process version, the
 * current step carries the `motcua-current` marker, the visited steps `motcua-visited` and the
 * flows between two visited steps `motcua-path` (a heuristic: the engine keeps no flow history);
 * a legend and the list of steps stand beside it; the page passes axe, fits 390 px, has no console
 * or CSP error, and keeps the bpmn.io watermark. The diagram's JSON has the page's access check.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { testDatabases } from '@motcua/db/testing';
import { PortalClient } from './support/http-client.js';
import { documentsFor } from './support/documents.js';
import { DEMO_PASSWORD, PROCEDURE_KEY, startStack, validApplication, type Stack } from './support/stack.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';
import { SHOTS, chromiumRuns, launchChromium, type Chromium } from './support/chromium.js';
import { checkPage } from './support/page-checks.js';
// @ts-expect-error -- plain ESM build script without type declarations
import { buildBrowser } from '../build-browser.mjs';

const [sqlite] = await testDatabases();
jest.setTimeout(180_000);

interface DiagramJson {
  xml: string;
  active: string[];
  visited: string[];
  ended: boolean;
  steps: Array<{ activityId: string; name: string; state: string }>;
}

(chromiumRuns ? describe : describe.skip)(
  'the process diagram on the officer dossier page (Chromium)',
  () => {
    let stack: Stack;
    let browser: Chromium | undefined;
    let context: BrowserContext;
    let dossierId: string;
    const problems: string[] = [];

    beforeAll(async () => {
      await buildBrowser();
      stack = await startStack(sqlite!);
      browser = await launchChromium();
      context = browser.context;
      // A dossier submitted online, waiting at the completeness check.
      dossierId = await submit();
      await openTask(stack.engineUrl, await processOf(dossierId), 'UserTask_CheckCompleteness');
    });

    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });

    /** An online application by `congdan`: its dossier id. */
    const submit = async (): Promise<string> => {
      const applicant = await signIn(stack.portal.url, 'congdan');
      const page = await applicant.get(`/thu-tuc/${PROCEDURE_KEY}`);
      const res = await applicant.postJson(
        `/thu-tuc/${PROCEDURE_KEY}/nop-ho-so`,
        { data: validApplication(), documents: await documentsFor(applicant, PROCEDURE_KEY, page.text) },
        PortalClient.csrfIn(page.text),
      );
      expect(res.status).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const processOf = async (id: string): Promise<string> =>
      (
        await engineJson<Array<{ id: string }>>(
          stack.engineUrl,
          `/history/process-instance?processInstanceBusinessKey=${id}`,
        )
      )[0]!.id;

    const signInAs = async (page: Page, username: string) => {
      await page.goto(`${stack.portal.url}/dang-nhap`);
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')),
        page.getByRole('button', { name: 'Đăng nhập' }).click(),
      ]);
    };

    it('serves the diagram data only to those who may see the dossier', async () => {
      const path = `/can-bo/ho-so/${dossierId}/so-do.json`;
      const officer = await signIn(stack.portal.url, 'canbo');
      const ok = await officer.get(path);
      expect(ok.status).toBe(200);
      const data = ok.json<DiagramJson>();
      expect(data.xml).toContain('UserTask_CheckCompleteness');
      expect(data.active).toEqual(['UserTask_CheckCompleteness']);
      expect(data.visited).toEqual(
        expect.arrayContaining([
          'StartEvent_DossierSubmitted',
          'ServiceTask_ReceiveDossier',
          'UserTask_CheckCompleteness',
        ]),
      );
      expect(data.ended).toBe(false);
      expect(data.steps.find((s) => s.activityId === 'UserTask_CheckCompleteness')?.state).toBe('active');
      // An applicant, even the owner, is not an officer (403); signed out → 401/redirect; no engine
      // URL is ever given to the browser.
      const applicant = await signIn(stack.portal.url, 'congdan');
      expect((await applicant.get(path)).status).toBe(403);
      expect((await new PortalClient(stack.portal.url).get(path)).status).not.toBe(200);
      expect(ok.text).not.toContain(stack.engineUrl);
      // A finished dossier: no runtime tree any more; the end event it reached stands for the
      // current step (from the history).
      const second = await submit();
      const task = await openTask(stack.engineUrl, await processOf(second), 'UserTask_CheckCompleteness');
      const taskPage = await officer.get(`/can-bo/cong-viec/${task.id}`);
      const claimed = await officer.postForm(`/can-bo/cong-viec/${task.id}/nhan`, {
        _csrf: PortalClient.csrfIn(taskPage.text),
      });
      expect(claimed.status).toBe(302);
      const done = await officer.postJson(
        `/can-bo/cong-viec/${task.id}/hoan-thanh`,
        { data: { complete: false, completenessNote: 'Thiếu giấy chứng nhận đào tạo.' } },
        PortalClient.csrfIn(taskPage.text),
      );
      expect(done.status).toBe(200);
      const ended = await until('the refused dossier to end', async () => {
        const d = (await officer.get(`/can-bo/ho-so/${second}/so-do.json`)).json<DiagramJson>();
        return d.ended ? d : undefined;
      });
      expect(ended.active.length).toBeGreaterThan(0);
      for (const id of ended.active) expect(id).toMatch(/^EndEvent_/);
      expect(ended.visited).toEqual(expect.arrayContaining(['UserTask_CheckCompleteness', ...ended.active]));
      // A malformed or unknown dossier id: 404.
      expect(
        (await officer.get('/can-bo/ho-so/00000000-0000-4000-8000-000000000000/so-do.json')).status,
      ).toBe(404);
    });

    it('draws the current step, the path taken, a legend and the list of steps', async () => {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await signInAs(page, 'canbo');
      await page.goto(`${stack.portal.url}/can-bo/ho-so/${dossierId}`);
      await page.waitForSelector('#process-diagram[data-ready="true"]');

      const classesOf = (id: string) =>
        page.locator(`#process-diagram [data-element-id="${id}"]`).first().getAttribute('class');
      expect(await classesOf('UserTask_CheckCompleteness')).toMatch(/\bmotcua-current\b/);
      expect(await classesOf('ServiceTask_ReceiveDossier')).toMatch(/\bmotcua-visited\b/);
      expect(await classesOf('ServiceTask_ReceiveDossier')).not.toMatch(/\bmotcua-current\b/);
      expect(await classesOf('UserTask_ApproveDossier')).not.toMatch(/\bmotcua-(visited|current)\b/);
      // The flows between visited steps are marked, the others not.
      const marked = await page.locator('#process-diagram .djs-connection.motcua-path').count();
      expect(marked).toBeGreaterThanOrEqual(2);
      const all = await page.locator('#process-diagram .djs-connection').count();
      expect(marked).toBeLessThan(all);
      // The current step's fill comes from our marker, over bpmn-js's inline style.
      const fill = await page
        .locator('#process-diagram [data-element-id="UserTask_CheckCompleteness"] .djs-visual > rect')
        .first()
        .evaluate((el) => getComputedStyle(el).fill);
      expect(fill).toBe('rgb(255, 243, 196)');
      await expect(page.locator('.motcua-current-badge').first().textContent()).resolves.toBe('Đang xử lý');
      // Legend, text alternative, watermark.
      await expect(page.locator('.diagram-legend').textContent()).resolves.toContain('Bước đang xử lý');
      await expect(page.locator('.diagram-legend').textContent()).resolves.toContain('ước tính');
      await expect(page.locator('.diagram-steps li.step-active').first().textContent()).resolves.toContain(
        'đang xử lý',
      );
      expect(await page.locator('#process-diagram .bjs-powered-by').isVisible()).toBe(true);

      const check = await checkPage(page, 'officer-dossier-diagram');
      expect(check.axe).toEqual([]);
      expect(check.overflowAt390).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, 'officer-dossier-diagram.png'), fullPage: true });
      expect(problems).toEqual([]);
    });
  },
);
