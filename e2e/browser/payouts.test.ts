import type { Browser } from 'playwright-core';
import Stripe from 'stripe';
import { api, signUp } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope } from '@tickethub/dev/testing/fixtures';
import { expectPageQuality, expectText } from './support/audit';
import { launchBrowser, newVisitor, saveScreenshot } from './support/browser';
import { listTicket, reserve, signUpUser } from './support/data';
import { startShop, type Shop } from './support/shop';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

const ADMIN = 'e2e-payouts-admin@example.com';
let shop: Shop;
let browser: Browser;

beforeAll(async () => {
  [shop, browser] = await Promise.all([startShop({ env: { ADMIN_EMAILS: ADMIN, PAYOUT_DELAY_SECONDS: '60' } }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

function standIn(): Stripe {
  return new Stripe('sk_test_local', { host: '127.0.0.1', port: shop.stack.stripe!.port, protocol: 'http' });
}

/** A buyer pays for the seller's ticket over the API (the pay page has its own tests); resolves with the order id. */
async function buy(ticketId: string): Promise<string> {
  const buyer = await signUpUser(shop.origin, 'buyer');
  const order = await reserve(shop.origin, buyer, ticketId);
  const payment = await waitFor(
    async () => {
      const response = await api(shop.origin, 'POST', '/api/payments', { token: buyer.token, body: { orderId: order.id } });
      return response.status === 201 ? response.body : null;
    },
    { what: 'payments to accept the order', timeoutMs: EVENTUALLY_MS },
  );
  await standIn().paymentIntents.confirm(payment.paymentIntentId, { payment_method: 'pm_card_visa' });
  return order.id;
}

describe('shop › payouts', () => {
  test('a seller onboards from "Get paid" through the Stripe page and comes back active', async () => {
    const seller = await signUpUser(shop.origin, 'seller');
    const visitor = await newVisitor(browser, shop.origin, { token: seller.token });
    const { page } = visitor;
    await page.goto(`${shop.origin}/get-paid`);
    await expectText(page.locator('#account-status .badge'), 'Not set up');
    await expectPageQuality(visitor);
    await page.getByRole('button', { name: 'Start onboarding' }).click();
    // The stand-in's hosted onboarding (Stripe's, with real keys); its button completes it and sends the seller back.
    await page.getByRole('button', { name: 'Complete onboarding' }).click();
    await page.waitForURL(/\/get-paid\?returned=1$/);
    await expectText(page.locator('#account-status .badge'), 'Active');
    await expectPageQuality(visitor);
    await saveScreenshot(page, 'get-paid');
  }, 180_000);

  test('the sell form and My listings show what the seller receives, and a paid-out sale shows as paid on Payouts', async () => {
    const seller = await signUpUser(shop.origin, 'seller');
    const started = await api(shop.origin, 'POST', '/api/payouts/account', { token: seller.token });
    await fetch(started.body.onboardingUrl, { method: 'POST', redirect: 'manual' });
    const visitor = await newVisitor(browser, shop.origin, { token: seller.token });
    const { page } = visitor;

    await page.goto(`${shop.origin}/sell`);
    await page.getByLabel('Price').fill('19.99');
    await expectText(page.getByTestId('payout-preview'), /^You receive \$17\.99 \(platform fee \$2\.00, 10 %\)/);
    await expectPageQuality(visitor);

    const ticket = await listTicket(shop.origin, seller, { title: 'Payout night', price: 45.55 });
    await page.goto(`${shop.origin}/listings`);
    await expectText(page.locator(`[data-ticket-id="${ticket.id}"] .payout-share`), /^You receive \$40\.99 \(fee \$4\.56\), paid/);

    const orderId = await buy(ticket.id);
    await page.goto(`${shop.origin}/payouts`);
    const row = page.locator(`[data-order-id="${orderId}"]`);
    await waitFor(
      async () => {
        await page.reload();
        return (await row.count()) === 1;
      },
      { what: 'the payout to be listed', timeoutMs: EVENTUALLY_MS, intervalMs: 500 },
    );
    await expectText(row.locator('.badge'), 'Held');
    await expectPageQuality(visitor);

    // The event took place (moved into the past, as a postponement moves it): the payout is released.
    await deliverEvent(
      shop.stack,
      'payouts',
      envelope('ticket.updated', {
        id: ticket.id,
        version: 1000,
        title: ticket.title,
        price: 4555,
        currency: 'usd',
        sellerId: seller.id,
        eventDate: new Date(Date.now() - 3_600_000).toISOString(),
        status: 'sold',
        orderId: null,
      }),
    );
    await waitFor(
      async () => {
        await page.reload();
        return ((await row.locator('.badge').textContent()) ?? '').trim() === 'Paid';
      },
      { what: 'the payout to show as paid', timeoutMs: EVENTUALLY_MS, intervalMs: 500 },
    );
    expect(await row.locator('.price').textContent()).toBe('$40.99');
    await expectPageQuality(visitor);
    await saveScreenshot(page, 'payouts');
  }, 180_000);

  test('an admin refunds a complete order from the admin orders list', async () => {
    const admin = await signUp(shop.origin, ADMIN);
    const seller = await signUpUser(shop.origin, 'seller');
    const ticket = await listTicket(shop.origin, seller, { title: 'Refund me', price: 30 });
    const orderId = await buy(ticket.id);
    const visitor = await newVisitor(browser, shop.origin, { token: admin.token });
    const { page } = visitor;
    const row = page.locator(`[data-order-id="${orderId}"]`);
    await waitFor(
      async () => {
        await page.goto(`${shop.origin}/admin?view=orders`);
        return (await row.getByRole('button', { name: 'Refund' }).count()) === 1;
      },
      { what: 'the complete order with its Refund button', timeoutMs: EVENTUALLY_MS, intervalMs: 500 },
    );
    await expectPageQuality(visitor);
    await row.getByRole('button', { name: 'Refund' }).click();
    // The list re-renders with the order refunded (and no Refund button any more).
    await expectText(row.locator('.badge'), 'Refunded');
    expect(await row.getByRole('button', { name: 'Refund' }).count()).toBe(0);
    expect((await api(shop.origin, 'GET', `/api/orders/${orderId}`, { token: admin.token })).body.status).toBe('refunded');
  }, 180_000);
});
