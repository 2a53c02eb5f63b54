import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '@tickethub/dev/stack/settings';
import { firstMarkupDifference } from './markup-diff';
import { timed } from '@tickethub/dev/testing/phase-timings';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return timed('browser launch', () => chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS }));
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors since the last check, with the page they happened on. */
  problems: string[];
}

/** One person in one browser context; with a token, already signed in (the cookie the API would have set). */
export async function newVisitor(browser: Browser, origin: string, options: { token?: string; width?: number; height?: number } = {}): Promise<Visitor> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'en-US',
    timezoneId: 'Europe/London',
  });
  if (options.token) await context.addCookies([{ name: 'session', value: options.token, url: origin, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    // The location names the resource when the message does not ("Failed to load resource: … 404").
    const source = message.location().url;
    if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}${source && source !== page.url() ? ` [${source}]` : ''}`);
  });
  // The document as the server sent it, for saying where a hydration mismatch is (see describeMismatch).
  let served: Promise<string> = Promise.resolve('');
  page.on('response', (response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) served = response.text().catch(() => '');
  });
  page.on('pageerror', (error) => {
    const problem = `page error on ${page.url()}: ${error.message}`;
    problems.push(problem);
    if (error.message.includes('#418')) {
      void describeMismatch(page, served).then((where) => {
        const at = problems.indexOf(problem);
        if (at >= 0) problems[at] = `${problem} [${where}]`;
      });
    }
  });
  return { context, page, problems };
}

/**
 * A production build's hydration error (React #418) names no element. React has replaced the server's markup with
 * its own render by the time the error is seen, so the first place where the page's markup now differs from the
 * document the server sent is where the two disagreed.
 */
async function describeMismatch(page: Page, served: Promise<string>): Promise<string> {
  try {
    // Both serialised by the browser: the raw response spells attributes as React wrote them (dateTime), the DOM
    // serialises them lower-case, and that difference is not the mismatch.
    const parsed = await page.evaluate(
      (html) => {
        const doc = new DOMParser().parseFromString(html, 'text/html');
        doc.querySelectorAll('div[hidden][id^="S:"]').forEach((segment) => segment.remove());
        return doc.body.outerHTML;
      },
      await served,
    );
    return firstMarkupDifference(parsed, await page.evaluate(() => document.body.outerHTML));
  } catch (error) {
    return `could not compare: ${String(error)}`;
  }
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core on the page as it stands: every serious or critical violation, described well enough to fix. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** Screenshots for the README, written only when asked (SCREENSHOTS=1), so test runs leave the tree clean. */
export async function saveScreenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  const dir = join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage });
}

/**
 * Until React has hydrated, a click submits a form the old way (which the shop supports) and typing may race the
 * controlled inputs: tests that mean to exercise the hydrated page wait for it.
 */
export async function untilHydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return main !== null && Object.keys(main).some((key) => key.startsWith('__reactFiber'));
  });
}
