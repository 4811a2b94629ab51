/**
 * Debian's Chromium for the portal's browser tests, driven by playwright-core: where it is, the
 * gate that skips loudly (and fails under CI=true) without it, a fresh headless profile, and
 * form-js's date picker.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serviceGate } from '@motcua/domain';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the browser tests (outside the checkout). */
export const SHOTS = '/tmp/motcua-shots';

/** Whether the browser suites run. */
export const chromiumRuns = serviceGate(
  'Chromium',
  existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install chromium)`,
);

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium in a new empty profile, Vietnamese locale. The flags keep it off the
 * network: without the background-networking ones it keeps trying Google's hosts, which this
 * machine refuses. launchPersistentContext is how playwright takes a fresh --user-data-dir.
 */
export async function launchChromium(): Promise<Chromium> {
  mkdirSync(SHOTS, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'motcua-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Types a date as a Vietnamese user does, dd/mm/yyyy (the portal sets form-js's picker to that
 * format whatever the browser's locale: src/browser/date-input-vi.ts), and closes the picker by
 * clicking the page's heading, as the picker otherwise eats the next input.
 */
export async function fillDate(page: Page, label: string, value: string, heading: RegExp): Promise<void> {
  await page.getByLabel(label).fill(value);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: heading }).click();
  await page
    .locator('.flatpickr-calendar.open')
    .waitFor({ state: 'detached', timeout: 2000 })
    .catch(() => {});
}
