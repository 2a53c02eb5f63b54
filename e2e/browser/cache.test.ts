import type { Browser } from 'playwright-core';
import { api } from '@tickethub/dev/testing/client';
import { expectText } from './support/audit';
import { launchBrowser, newVisitor, untilHydrated, type Visitor } from './support/browser';
import { listTicket, reserve, signUpUser, uniqueWord } from './support/data';
import type { Delivery } from './support/event-tap';
import { startShop, type Shop } from './support/shop';

/**
 * The home and ticket pages are rendered once and served from Next's cache; the ticket events, delivered by the
 * bridge to /hooks/revalidate, are what make them show a change. Each step looks at the pages once, right after the
 * shop has answered the event's delivery (the tap records it): no reloading until the page happens to be right. A
 * cache the events did not revalidate would still show the old state for its time bound (30 s).
 */
let shop: Shop;
let browser: Browser;
let v: Visitor;

beforeAll(async () => {
  [shop, browser] = await Promise.all([startShop(), launchBrowser()]);
  v = await newVisitor(browser, shop.origin);
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

/** Sooner than anything else listed here, so the ticket is on the home page's first page (sorted by event date). */
const soon = (minutes: number) => new Date(Date.now() + 3_600_000 + minutes * 60_000).toISOString();
const about = (id: string, check: (data: Delivery['data']) => boolean) => (delivery: Delivery) =>
  delivery.type === 'ticket.updated' && delivery.data.id === id && check(delivery.data);

async function homeTitles(): Promise<string[]> {
  await v.page.goto(`${shop.origin}/`);
  return v.page.locator('.ticket-card h3').allInnerTexts();
}

async function ticketPage(id: string): Promise<{ title: string; status: string }> {
  await v.page.goto(`${shop.origin}/tickets/${id}`);
  return { title: await v.page.locator('h1').innerText(), status: await v.page.locator('dl.facts .badge').innerText() };
}

/** The page is served from the cache: a second request in a row is a hit, not a render. */
async function expectCached(path: string): Promise<void> {
  await fetch(`${shop.origin}${path}`);
  const again = await fetch(`${shop.origin}${path}`);
  expect(`${path} ${again.headers.get('x-nextjs-cache')}`).toBe(`${path} HIT`);
}

describe('shop › cached pages follow the ticket events', () => {
  test('a ticket edited, reserved and sold shows its new state on the home and ticket pages', async () => {
    const [seller, buyer] = await Promise.all([signUpUser(shop.origin, 'seller'), signUpUser(shop.origin, 'buyer')]);
    const title = `${uniqueWord('Encore')} night`;
    const ticket = await listTicket(shop.origin, seller, { title, eventDate: soon(1) });
    await shop.events.delivered('the new listing', (d) => d.type === 'ticket.created' && d.data.id === ticket.id);
    expect(await homeTitles()).toContain(title);
    expect(await ticketPage(ticket.id)).toEqual({ title, status: 'Available' });
    await expectCached('/');
    await expectCached(`/tickets/${ticket.id}`);

    const edited = `${title} (front row)`;
    expect((await api(shop.origin, 'PUT', `/api/tickets/${ticket.id}`, { token: seller.token, body: { title: edited } })).status).toBe(200);
    await shop.events.delivered(
      'the edit',
      about(ticket.id, (data) => data.title === edited),
    );
    expect(await homeTitles()).toContain(edited);
    expect(await ticketPage(ticket.id)).toEqual({ title: edited, status: 'Available' });

    const order = await reserve(shop.origin, buyer, ticket.id);
    await shop.events.delivered(
      'the reservation',
      about(ticket.id, (data) => data.status === 'reserved'),
    );
    expect(await homeTitles()).not.toContain(edited);
    expect(await ticketPage(ticket.id)).toEqual({ title: edited, status: 'Reserved' });

    const payment = await api(shop.origin, 'POST', '/api/payments', { token: buyer.token, body: { orderId: order.id } });
    expect(payment.status).toBe(201);
    const confirmed = await fetch(`${shop.stack.stripe!.url}/v1/payment_intents/${payment.body.paymentIntentId}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payment_method: 'pm_card_visa', client_secret: payment.body.clientSecret, key: 'pk_test_tickethub_local' }),
    });
    expect(confirmed.status).toBe(200);
    await shop.events.delivered(
      'the sale',
      about(ticket.id, (data) => data.status === 'sold'),
    );
    expect(await ticketPage(ticket.id)).toEqual({ title: edited, status: 'Sold' });
    expect(await v.page.locator('.buy-box').innerText()).toContain('This ticket has been sold.');
    expect(await homeTitles()).not.toContain(edited);
  });

  test('a withdrawn ticket leaves the home page and its page becomes a 404', async () => {
    const seller = await signUpUser(shop.origin, 'seller');
    const title = `${uniqueWord('Withdrawn')} matinee`;
    const ticket = await listTicket(shop.origin, seller, { title, eventDate: soon(2) });
    await shop.events.delivered('the new listing', (d) => d.type === 'ticket.created' && d.data.id === ticket.id);
    expect(await homeTitles()).toContain(title);
    expect((await ticketPage(ticket.id)).status).toBe('Available');
    await expectCached(`/tickets/${ticket.id}`);

    expect((await api(shop.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: seller.token })).status).toBe(204);
    await shop.events.delivered(
      'the withdrawal',
      about(ticket.id, (data) => data.status === 'withdrawn'),
    );
    expect(await homeTitles()).not.toContain(title);
    await v.page.goto(`${shop.origin}/tickets/${ticket.id}`);
    // The not-found page, not the cached listing. (Next serves a page that turned not-found on revalidation with
    // status 200; a first visit to a withdrawn ticket is a 404, as the shop test's admin scenario checks.)
    expect(await v.page.locator('h1').innerText()).toBe("We couldn't find that page");
  });

  test('Buy on a page that still shows the ticket available gets the API’s 409, shown beside the button', async () => {
    const [seller, buyer, late] = await Promise.all([signUpUser(shop.origin, 'seller'), signUpUser(shop.origin, 'buyer'), signUpUser(shop.origin, 'late')]);
    const ticket = await listTicket(shop.origin, seller, { title: `${uniqueWord('Stale')} show`, eventDate: soon(3) });
    const latecomer = await newVisitor(browser, shop.origin, { token: late.token });
    await latecomer.page.goto(`${shop.origin}/tickets/${ticket.id}`);
    await latecomer.page.getByRole('button', { name: 'Buy' }).waitFor();
    await untilHydrated(latecomer.page);

    await reserve(shop.origin, buyer, ticket.id);
    await latecomer.page.getByRole('button', { name: 'Buy' }).click();
    await expectText(latecomer.page.getByRole('main').getByRole('alert').first(), 'Ticket is already reserved');
    expect(new URL(latecomer.page.url()).pathname).toBe(`/tickets/${ticket.id}`);
    await latecomer.context.close();
  });

  test('the revalidation endpoint refuses a delivery without a valid signature, and revalidates nothing', async () => {
    const seller = await signUpUser(shop.origin, 'seller');
    const ticket = await listTicket(shop.origin, seller, { title: `${uniqueWord('Forged')} gig`, eventDate: soon(4) });
    await shop.events.delivered('the new listing', (d) => d.type === 'ticket.created' && d.data.id === ticket.id);
    await expectCached('/');
    // A genuine event's body: signed, it would revalidate the listing.
    const { body } = shop.events.deliveries.find((d) => d.type === 'ticket.created' && d.data.id === ticket.id)!;
    const post = (headers: Record<string, string>) =>
      fetch(`${shop.web.url}/hooks/revalidate`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const unsigned = await post({});
    expect([unsigned.status, await unsigned.json()]).toEqual([401, { errors: [{ message: 'Invalid or missing signature' }] }]);
    const forged = await post({ 'tickethub-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    expect((await fetch(`${shop.origin}/`)).headers.get('x-nextjs-cache')).toBe('HIT');
  });
});
