import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import Stripe from 'stripe';
import { receivedEmails } from '@tickethub/dev/stack/maildev';
import { api } from '@tickethub/dev/testing/client';
import { samplePdf } from '@tickethub/dev/testing/ticket-files';
import { expectPageQuality, expectText } from './support/audit';
import { launchBrowser, newVisitor, saveScreenshot, untilHydrated } from './support/browser';
import { inFuture, reserve, signUpUser, uniqueWord } from './support/data';
import { startShop, type Shop } from './support/shop';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

let shop: Shop;
let browser: Browser;

beforeAll(async () => {
  [shop, browser] = await Promise.all([startShop(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

/** A one-page PDF on disk, as a seller's ticket file would be; its text lets the test recognise the download. */
async function ticketPdf(text: string): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'tickethub-e2e-')), 'ticket.pdf');
  writeFileSync(path, await samplePdf(text));
  return path;
}

describe('shop › ticket delivery', () => {
  test('a seller lists with a barcode and a PDF; the buyer pays, sees the QR code and downloads the PDF; both are e-mailed', async () => {
    const seller = await signUpUser(shop.origin, 'seller');
    const sellerVisitor = await newVisitor(browser, shop.origin, { token: seller.token });
    const { page } = sellerVisitor;
    const title = `Delivery night ${uniqueWord('live')}`;
    const barcode = `TH-${uniqueWord('code').toUpperCase()}`;
    const pdfPath = await ticketPdf(`Ticket ${barcode}`);

    await page.goto(`${shop.origin}/sell`);
    await untilHydrated(page);
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Category').selectOption('concert');
    await page.getByLabel('Event date and time').fill(inFuture(30));
    await page.getByLabel('Venue').fill('Royal Albert Hall');
    await page.getByLabel('City').fill('London');
    await page.getByLabel('Price').fill('30.00');
    await page.getByLabel('Currency').selectOption('gbp');
    await page.getByLabel('Barcode').fill(barcode);
    await page.getByLabel('Ticket file (PDF, up to 2 MB)').setInputFiles(pdfPath);
    await page.getByRole('button', { name: 'List ticket' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const ticketId = new URL(page.url()).pathname.split('/').pop()!;
    await expectPageQuality(sellerVisitor);

    // Nobody but the seller sees the barcode: not the public read, not another user's.
    const buyer = await signUpUser(shop.origin, 'buyer');
    const publicRead = await api(shop.origin, 'GET', `/api/tickets/${ticketId}`);
    expect(JSON.stringify(publicRead.body)).not.toContain(barcode);
    expect(JSON.stringify((await api(shop.origin, 'GET', `/api/tickets/${ticketId}`, { token: buyer.token })).body)).not.toContain(barcode);

    // The buyer reserves and pays (the pay page has its own tests); before paying, the ticket is not theirs yet.
    const order = await reserve(shop.origin, buyer, ticketId);
    expect((await api(shop.origin, 'GET', `/api/orders/${order.id}/ticket`, { token: buyer.token })).status).toBe(409);
    const payment = await waitFor(
      async () => {
        const response = await api(shop.origin, 'POST', '/api/payments', { token: buyer.token, body: { orderId: order.id } });
        return response.status === 201 ? response.body : null;
      },
      { what: 'payments to accept the order', timeoutMs: EVENTUALLY_MS },
    );
    const stripe = new Stripe('sk_test_local', { host: '127.0.0.1', port: shop.stack.stripe!.port, protocol: 'http' });
    await stripe.paymentIntents.confirm(payment.paymentIntentId, { payment_method: 'pm_card_visa' });

    const buyerVisitor = await newVisitor(browser, shop.origin, { token: buyer.token });
    const buyerPage = buyerVisitor.page;
    await buyerPage.goto(`${shop.origin}/orders/${order.id}`);
    const qr = buyerPage.getByRole('img', { name: `QR code of barcode ${barcode}` });
    // The order turns complete when the webhook's event has travelled; the page refreshes itself until then.
    await qr.waitFor({ timeout: 60_000 });
    expect(await qr.locator('svg').count()).toBe(1);
    await expectText(buyerPage.getByTestId('ticket-barcode'), barcode);
    await expectPageQuality(buyerVisitor);
    await saveScreenshot(buyerPage, 'order-ticket');

    const [download] = await Promise.all([buyerPage.waitForEvent('download'), buyerPage.getByRole('link', { name: 'Download the ticket (PDF)' }).click()]);
    const downloaded = readFileSync((await download.path())!);
    expect(downloaded.equals(readFileSync(pdfPath))).toBe(true);

    // Someone else cannot read the buyer's ticket.
    expect((await api(shop.origin, 'GET', `/api/orders/${order.id}/ticket`, { token: seller.token })).status).toBe(404);

    // One purchase e-mail to the buyer and one sale e-mail to the seller.
    const mail = await waitFor(
      async () => {
        const inbox = await receivedEmails(shop.stack.mail!.webUrl);
        const to = (address: string) => inbox.filter((email) => email.to.some((recipient) => recipient.address === address));
        const forBuyer = to(buyer.email).filter((email) => email.subject === `Your ticket: ${title}`);
        const forSeller = to(seller.email).filter((email) => email.subject === `Sold: ${title}`);
        return forBuyer.length >= 1 && forSeller.length >= 1 ? { forBuyer, forSeller } : null;
      },
      { what: 'the purchase and sale e-mails', timeoutMs: 60_000 },
    );
    expect(mail.forBuyer).toHaveLength(1);
    expect(mail.forSeller).toHaveLength(1);
    expect(mail.forBuyer[0]!.text ?? mail.forBuyer[0]!.html).toContain(barcode);
  }, 240_000);
});
