import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { signUpUser, PASSWORD } from './support/data';
import { startShop, type Shop } from './support/shop';

let shop: Shop;
let browser: Browser;

beforeAll(async () => {
  [shop, browser] = await Promise.all([startShop(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

/** A browser that never runs our JavaScript: what a form posted before hydration looks like to the server. */
async function withoutJavaScript() {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

describe('shop › without JavaScript', () => {
  test.each(['signin', 'signup'])('the %s page renders its form, not "Loading…"', async (path) => {
    const { context, page } = await withoutJavaScript();
    await page.goto(`${shop.origin}/${path}`);
    expect(await page.getByLabel('Email').isVisible()).toBe(true);
    expect(await page.getByLabel('Password').isVisible()).toBe(true);
    expect(await page.getByText('Loading…').isVisible()).toBe(false);
    await context.close();
  });

  test.each(['/%09/evil.example', '/%5C%5Cevil.example', '%2F%2Fevil.example', '/%0A/evil.example', 'https://evil.example/'])(
    'signing in with next=%s stays on the shop',
    async (next) => {
      const user = await signUpUser(shop.origin, 'nojs');
      const { context, page } = await withoutJavaScript();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(new URL(request.url()).host));
      await page.goto(`${shop.origin}/signin?next=${next}`);
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(PASSWORD);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
      expect(new URL(page.url()).host).toBe(new URL(shop.origin).host);
      expect(requested.filter((host) => host !== new URL(shop.origin).host)).toEqual([]);
      await context.close();
    },
  );
});
