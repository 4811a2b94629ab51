/**
 * What every page of the portal must pass in a browser test: axe-core without a serious or
 * critical violation, no horizontal scrolling at 390 px, and a screenshot at 1280 and 390 px
 * (saved under SHOTS for people to look at).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SHOTS } from './chromium.js';

const require = createRequire(import.meta.url);
/** axe-core's browser build, read once. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page. It is evaluated through the DevTools protocol, which the page's
 * CSP does not govern, so the strict `script-src 'self'` stays on for the page itself.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run();
    return (
      result.violations as Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown[] }>;
      }>
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/** The violations a test fails on: serious and critical ones. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** How far the page scrolls sideways at its current viewport (0 when it fits). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Waits until the page has handled a viewport change: the resize event is dispatched before the
 * next animation frame, so two frames later the page's own resize handlers (charts, diagrams) have
 * run, as they would have for a person turning a phone.
 */
async function afterResizeHandlers(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

export interface PageCheck {
  /** Serious or critical axe violations at 1280 px. */
  axe: AxeViolation[];
  /** Pixels of horizontal scrolling at 390 px wide. */
  overflowAt390: number;
  /** Paths of the two screenshots. */
  shots: string[];
}

/**
 * Checks the page as it is now and saves `<name>-1280.png` and `<name>-390.png`. The viewport is
 * put back as it was, so a test goes on where it was. Use with
 * `expect(check.axe).toEqual([]); expect(check.overflowAt390).toBeLessThanOrEqual(0);`.
 */
export async function checkPage(page: Page, name: string): Promise<PageCheck> {
  const before = page.viewportSize() ?? { width: 1280, height: 900 };
  const shots = [join(SHOTS, `${name}-1280.png`), join(SHOTS, `${name}-390.png`)];
  await page.setViewportSize({ width: 1280, height: 900 });
  const axe = await seriousAxeViolations(page);
  await page.screenshot({ path: shots[0]!, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await afterResizeHandlers(page);
  const overflowAt390 = await horizontalOverflow(page);
  await page.screenshot({ path: shots[1]!, fullPage: true });
  await page.setViewportSize(before);
  return { axe, overflowAt390, shots };
}

/**
 * Headings in order: the page has one h1, the first heading is the h1, and no heading goes more
 * than one level deeper than the one before it (h2 → h4 skips). Returns what is out of order.
 */
export async function headingOrderProblems(page: Page): Promise<string[]> {
  const levels = await page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter((h) => (h as HTMLElement).offsetParent !== null || h.getClientRects().length > 0)
      .map((h) => ({ level: Number(h.tagName.slice(1)), text: (h.textContent ?? '').trim().slice(0, 60) })),
  );
  const problems: string[] = [];
  if (levels.filter((h) => h.level === 1).length !== 1)
    problems.push(`${levels.filter((h) => h.level === 1).length} h1`);
  if (levels[0] && levels[0].level !== 1)
    problems.push(`first heading is h${levels[0].level} "${levels[0].text}"`);
  for (let i = 1; i < levels.length; i++)
    if (levels[i]!.level > levels[i - 1]!.level + 1)
      problems.push(`h${levels[i - 1]!.level} → h${levels[i]!.level} "${levels[i]!.text}"`);
  return problems;
}
