import { receivedEmails } from '@tickethub/dev/stack/maildev';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { listedTicket } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { startPayment, waitForOrder } from '@tickethub/functions/src/payments/flow-support';
import { confirmCard, eventsOf, postWebhook } from '@tickethub/functions/src/payments/test-support';
import { samplePdf, uploadFile } from '@tickethub/dev/testing/ticket-files';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
let stranger: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders', 'payments', 'notifications'], bridge: true, stripe: true, mail: true });
  [seller, buyer, stranger] = await Promise.all([signUp(stack.origin), signUp(stack.origin), signUp(stack.origin)]);
});
afterAll(() => stack.close());

const inboxOf = async (address: string) => (await receivedEmails(stack.mail!.webUrl)).filter((email) => email.to.some((to) => to.address === address));

describe('delivery › the buyer gets the ticket, everyone is told once', () => {
  it('barcode and file reach only the paying buyer, and the webhook ten times sends one e-mail each', async () => {
    const barcode = `E2E-${Date.now()}`;
    const ticket = await listedTicket(stack, seller, { barcode });
    expect((await uploadFile(stack.origin, ticket.id, seller.token, await samplePdf())).status).toBe(204);
    const order = (await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: ticket.id } })).body;

    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}/ticket`, { token: buyer.token })).status).toBe(409);
    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}/ticket`, { token: stranger.token })).status).toBe(404);
    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}/ticket`)).status).toBe(401);

    const payment = await startPayment(stack, buyer, order.id);
    await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    await waitForOrder(stack, buyer, order.id, 'complete');
    // Stripe redelivers: the same signed event nine more times.
    const [succeeded] = eventsOf(stack, 'payment_intent.succeeded', payment.paymentIntentId);
    for (let i = 0; i < 9; i++) expect((await postWebhook(stack, JSON.stringify(succeeded))).status).toBe(200);

    const delivered = await waitFor(
      async () => {
        const response = await api(stack.origin, 'GET', `/api/orders/${order.id}/ticket`, { token: buyer.token });
        return response.status === 200 && response.body.fileUrl ? response.body : null;
      },
      { what: 'the buyer’s ticket' },
    );
    expect(delivered.barcode).toBe(barcode);
    expect(delivered.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const file = await fetch(delivered.fileUrl);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const tampered = await fetch(delivered.fileUrl.replace(/signature=[^&]+/, 'signature=forged'));
    expect(tampered.status).toBe(404);

    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}/ticket`, { token: stranger.token })).status).toBe(404);
    for (const token of [undefined, stranger.token, buyer.token]) {
      const read = await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`, { token });
      const orderRead = await api(stack.origin, 'GET', `/api/orders/${order.id}`, { token: buyer.token });
      expect(JSON.stringify(read.body)).not.toContain(barcode);
      expect(JSON.stringify(orderRead.body)).not.toContain(barcode);
    }

    await waitFor(
      async () =>
        (await inboxOf(buyer.email)).some((e) => e.subject.startsWith('Your ticket')) &&
        (await inboxOf(seller.email)).some((e) => e.subject.startsWith('Sold')),
      {
        what: 'the purchase and sale e-mails',
        timeoutMs: EVENTUALLY_MS,
      },
    );
    // Everything that could cause a second e-mail has happened by now (ten webhooks, their events through the bridge).
    await waitFor(async () => (await stack.bridge!.relay()) === 0, { what: 'the outboxes to drain' });
    const purchase = (await inboxOf(buyer.email)).filter((e) => e.subject.startsWith('Your ticket'));
    expect(purchase).toHaveLength(1);
    expect(purchase[0]!.text).toContain(barcode);
    expect(purchase[0]!.attachments?.map((a) => a.contentType).sort()).toEqual(['application/pdf', 'image/png']);
    expect((await inboxOf(seller.email)).filter((e) => e.subject.startsWith('Sold'))).toHaveLength(1);
  });
});
