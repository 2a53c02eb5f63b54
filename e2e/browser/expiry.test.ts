import type { Browser } from 'playwright-core';
import { expectPageQuality } from './support/audit';
import { launchBrowser, newVisitor, saveScreenshot } from './support/browser';
import { listTicket, signUpUser } from './support/data';
import { startShop, type Shop } from './support/shop';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

// Long enough to land on the order page even on two busy cores (a slow page must not find the hold already gone),
// short enough to watch the countdown run out.
const HOLD_SECONDS = 25;

let shop: Shop;
let browser: Browser;

beforeAll(async () => {
  [shop, browser] = await Promise.all([startShop({ env: { ORDER_EXPIRATION_SECONDS: String(HOLD_SECONDS) } }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

describe('shop › reservation expiry', () => {
  test(
    'the countdown reaches zero, the order shows expired, and the ticket goes back on sale',
    async () => {
      const [seller, buyer] = await Promise.all([signUpUser(shop.origin, 'seller'), signUpUser(shop.origin, 'buyer')]);
      const ticket = await listTicket(shop.origin, seller, { title: 'Late night comedy', category: 'comedy', price: 12 });
      const visitor = await newVisitor(browser, shop.origin, { token: buyer.token });
      const { page } = visitor;

      await page.goto(`${shop.origin}/tickets/${ticket.id}`);
      await page.getByRole('button', { name: 'Buy' }).click();
      await page.waitForURL(/\/orders\/[\w-]+$/);
      const countdown = page.getByTestId('countdown');
      await countdown.waitFor();
      const [minutes, seconds] = (await countdown.innerText()).split(':').map(Number);
      expect(minutes! * 60 + seconds!).toBeLessThanOrEqual(HOLD_SECONDS);

      // No reload: at zero the page asks the server again (every second until it answers), which reads the unpaid order as
      // expired. How soon it answers is the shop server's speed: on two cores running two suites, 30 s was not enough
      // (two loaded CI runs), so the wait is the suite's liveness bound.
      await page.getByRole('heading', { name: 'This reservation expired' }).waitFor({ timeout: HOLD_SECONDS * 1000 + EVENTUALLY_MS });
      expect(await page.getByRole('button', { name: /^Pay/ }).count()).toBe(0);
      expect(await page.locator('dl.facts').innerText()).toContain('Expired');
      await expectPageQuality(visitor);
      await saveScreenshot(page, 'order-expired');

      // The expiration task releases the ticket through events; another buyer can reserve it again.
      await page.goto(`${shop.origin}/tickets/${ticket.id}`);
      await waitFor(
        async () => {
          await page.reload();
          // The buy box asks the API from the browser: judge it once it has the answer.
          await page.getByText('Checking availability…').waitFor({ state: 'hidden' });
          return (await page.getByRole('button', { name: 'Buy' }).count()) === 1;
        },
        { timeoutMs: EVENTUALLY_MS, intervalMs: 250, what: 'the ticket to be on sale again' },
      );
    },
    HOLD_SECONDS * 1000 + 3 * EVENTUALLY_MS,
  );
});
