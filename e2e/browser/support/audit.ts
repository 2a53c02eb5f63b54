import type { Locator, Page } from 'playwright-core';
import { waitFor } from '@tickethub/dev/testing/eventually';
import { seriousViolations, untilHydrated, type Visitor } from './browser';

/**
 * What every page must pass: no serious or critical axe violation, no console error, a title, and (for the
 * 360 px check) no sideways scrolling. Problems are collected, then cleared for the next page.
 */
export async function expectPageQuality(visitor: Visitor, options: { allowConsole?: RegExp } = {}): Promise<void> {
  const { page } = visitor;
  await page.waitForLoadState('load');
  // Next streams a dynamic page's metadata after its content: judge the page once its title has arrived.
  await page.waitForFunction(() => document.title.length > 0);
  await untilHydrated(page);
  const violations = await seriousViolations(page);
  const problems = visitor.problems.splice(0).filter((problem) => !options.allowConsole?.test(problem));
  expect({ url: page.url(), violations, problems }).toEqual({ url: page.url(), violations: [], problems: [] });
  expect(await page.title()).toMatch(/TicketHub/);
}

export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect({ url: page.url(), overflow }).toEqual({ url: page.url(), overflow: 0 });
}

/**
 * Waits until the element's text matches, as the page may still show the previous answer while an action runs;
 * textContent, because CSS-generated icons are not part of the message.
 */
export async function expectText(locator: Locator, expected: string | RegExp, timeoutMs = 20_000): Promise<void> {
  const matches = (text: string) => (typeof expected === 'string' ? text === expected : expected.test(text));
  const read = async () => ((await locator.first().textContent({ timeout: timeoutMs })) ?? '').trim();
  let text = '';
  await waitFor(async () => matches((text = await read())), { timeoutMs, intervalMs: 100, what: `text ${String(expected)}` }).catch(() => undefined);
  if (typeof expected === 'string') expect(text).toBe(expected);
  else expect(text).toMatch(expected);
}
