import type { HttpFunction } from '@google-cloud/functions-framework';
import { createFunction } from '../functions';
import { signStripePayload } from '@tickethub/stripe-local';
import type { Platform } from '../platform/platform';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { eventsFor, orderOf, reserve, startPayment, ticketOf, waitForOrder, waitForTicket } from './flow-support';
import { buyerStripe, confirmCard, eventsOf, pay, postWebhook, waitForPaymentStatus } from './test-support';

/** Answers 503 to the first N webhook deliveries of chosen (event type, PaymentIntent) pairs, as a flaky instance would. */
const failures = new Map<string, number>();
const attempts = new Map<string, number>();
function flakyPayments(platform: Platform): HttpFunction {
  const real = createFunction(platform);
  return (req, res) => {
    const event = req.body as { type?: string; data?: { object?: { id?: string } } } | undefined;
    const key = `${event?.type}:${event?.data?.object?.id}`;
    if (req.path === '/api/payments/webhook' && failures.has(key)) {
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      const left = failures.get(key)!;
      if (left > 0) {
        failures.set(key, left - 1);
        res.status(503).json({ errors: [{ message: 'induced failure' }] });
        return;
      }
    }
    return real(req, res);
  };
}

let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders', 'payments'], bridge: true, stripe: true, handlers: { payments: flakyPayments } });
  [seller, buyer] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
});
afterAll(() => stack.close());

describe('payments › the whole path over HTTP', () => {
  it('sells the ticket: reserve, pay 19.99 as 1999, confirm with pm_card_visa, order complete, ticket sold', async () => {
    const { ticket, order } = await reserve(stack, seller, buyer, 19.99);
    const payment = await startPayment(stack, buyer, order.id);
    expect(payment).toMatchObject({ orderId: order.id, amount: 1999, currency: 'usd', status: 'pending' });
    await waitForOrder(stack, buyer, order.id, 'awaiting:payment');

    const paid = await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 1999 });
    await waitForOrder(stack, buyer, order.id, 'complete');
    await waitForTicket(stack, seller, ticket.id, 'sold');
    const { body } = await api(stack.origin, 'GET', `/api/payments?orderId=${order.id}`, { token: buyer.token });
    expect(body.items).toEqual([expect.objectContaining({ id: payment.id, status: 'succeeded', amount: 1999 })]);
    expect((await pay(stack, buyer, order.id)).status).toBe(409);
  });

  it('keeps the order payable after a declined card; a second attempt with pm_card_visa completes it', async () => {
    const { ticket, order } = await reserve(stack, seller, buyer);
    const payment = await startPayment(stack, buyer, order.id);
    const declined = await confirmCard(stack, payment.paymentIntentId, 'pm_card_chargeDeclined');
    expect(declined.status).toBe('requires_payment_method');
    await waitForPaymentStatus(stack, order.id, 'failed');
    expect((await orderOf(stack, buyer, order.id)).status).toBe('awaiting:payment');
    expect((await ticketOf(stack, seller, ticket.id)).status).toBe('reserved');

    const again = await pay(stack, buyer, order.id);
    expect(again.status).toBe(201);
    expect(again.body.paymentIntentId).toBe(payment.paymentIntentId);
    await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    await waitForOrder(stack, buyer, order.id, 'complete');
    await waitForTicket(stack, seller, ticket.id, 'sold');
  });

  it('survives 3 failed webhook deliveries: Stripe retries, one payment, one completion', async () => {
    const { ticket, order } = await reserve(stack, seller, buyer);
    const payment = await startPayment(stack, buyer, order.id);
    const key = `payment_intent.succeeded:${payment.paymentIntentId}`;
    failures.set(key, 3);
    await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    await stack.stripe!.waitForDeliveries();
    expect(attempts.get(key)).toBe(4);
    await waitForTicket(stack, seller, ticket.id, 'sold');
    expect((await orderOf(stack, buyer, order.id)).status).toBe('complete');
    expect(await eventsFor(stack, 'payments', 'payment.created', order.id)).toHaveLength(1);
    expect(await eventsFor(stack, 'orders', 'order.completed', order.id)).toHaveLength(1);
  });

  it('takes the same events 10 times each, out of order, as one payment and one completion', async () => {
    const { ticket, order } = await reserve(stack, seller, buyer);
    const payment = await startPayment(stack, buyer, order.id);
    stack.stripe!.setWebhookUrl('');
    try {
      await confirmCard(stack, payment.paymentIntentId, 'pm_card_chargeDeclined');
      await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    } finally {
      stack.stripe!.setWebhookUrl(`${stack.origin}/api/payments/webhook`);
    }
    const [failed] = eventsOf(stack, 'payment_intent.payment_failed', payment.paymentIntentId);
    const [succeeded] = eventsOf(stack, 'payment_intent.succeeded', payment.paymentIntentId);
    // Newest first, then everything at once: the success overtakes the failure it followed.
    const deliveries = [succeeded, ...Array(9).fill(succeeded), ...Array(10).fill(failed)].map((event) => JSON.stringify(event));
    const answers = await Promise.all(deliveries.map((payload) => postWebhook(stack, payload, signStripePayload(payload, stack.config.STRIPE_WEBHOOK_SECRET))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));

    await waitForTicket(stack, seller, ticket.id, 'sold');
    expect(await eventsFor(stack, 'payments', 'payment.created', order.id)).toHaveLength(1);
    expect(await eventsFor(stack, 'orders', 'order.completed', order.id)).toHaveLength(1);
    const intent = await buyerStripe(stack).paymentIntents.retrieve(payment.paymentIntentId);
    expect(intent.status).toBe('succeeded');
    const { body } = await api(stack.origin, 'GET', `/api/payments?orderId=${order.id}`, { token: buyer.token });
    expect(body.items).toEqual([expect.objectContaining({ status: 'succeeded' })]);
  });
});
