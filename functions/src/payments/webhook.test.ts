import { signStripePayload } from '@tickethub/stripe-local';
import { api, expectEnvelope, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { publishedEvents } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { STRIPE_EVENTS } from './store';
import { createStripeClient } from './stripe-client';
import { handleStripeEvent } from './stripe-events';
import { stripeEventSchema } from './webhook';
import { buyerStripe, confirmCard, eventsOf, pay, placeOrder, postWebhook, storedPayment } from './test-support';

let stack: TestStack;
let buyer: SignedInUser;
beforeAll(async () => {
  // Webhooks are delivered by the tests themselves here, to control what arrives when.
  stack = await startTestStack({ domains: ['auth', 'payments'], stripe: { webhook: false } });
  buyer = await signUp(stack.origin);
});
afterAll(() => stack.close());

const recordedEvents = async () => (await stack.platform('payments').db.collection(STRIPE_EVENTS).count().get()).data().count;
const paymentEvents = async (subject: 'payment.created' | 'payment.refunded', orderId: string) =>
  (await publishedEvents(stack.platform('payments'), subject)).filter((event) => event.data.orderId === orderId);

/** An order with a payment whose intent Stripe has just settled with `card`; returns the raw event Stripe would send. */
async function paidOrder(card: 'pm_card_visa' | 'pm_card_chargeDeclined' = 'pm_card_visa') {
  const order = await placeOrder(stack, buyer);
  const { body: payment } = await pay(stack, buyer, order.id);
  await confirmCard(stack, payment.paymentIntentId, card);
  const type = card === 'pm_card_visa' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed';
  const event = eventsOf(stack, type, payment.paymentIntentId).at(-1)!;
  return { order, payment, payload: JSON.stringify(event, null, 2) };
}

describe('payments › webhook signature', () => {
  it('refuses a tampered body, a wrong secret, a 10-minute-old signature and a missing header with 400, recording nothing', async () => {
    const { order, payload } = await paidOrder();
    const secret = stack.config.STRIPE_WEBHOOK_SECRET;
    const before = await recordedEvents();
    const tampered = payload.replace('"amount": 1999', '"amount": 1');
    expect(tampered).not.toBe(payload);
    const attempts = [
      postWebhook(stack, tampered, signStripePayload(payload, secret)),
      postWebhook(stack, payload, signStripePayload(payload, 'whsec_not_ours')),
      postWebhook(stack, payload, signStripePayload(payload, secret, Math.floor(Date.now() / 1000) - 600)),
      postWebhook(stack, payload, null),
      postWebhook(stack, payload, 'garbage'),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(400);
      expectEnvelope(response);
    }
    expect(await recordedEvents()).toBe(before);
    expect((await storedPayment(stack, order.id))?.status).toBe('pending');
    expect(await paymentEvents('payment.created', order.id)).toHaveLength(0);
  });

  it('accepts the genuine delivery: 200 {received: true}, the payment succeeded, payment.created emitted', async () => {
    const { order, payment, payload } = await paidOrder();
    const response = await postWebhook(stack, payload);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ received: true });
    expect(await storedPayment(stack, order.id)).toMatchObject({ status: 'succeeded', paymentIntentId: payment.paymentIntentId });
    const created = await paymentEvents('payment.created', order.id);
    expect(created.map((event) => event.data)).toEqual([
      { id: payment.id, orderId: order.id, paymentIntentId: payment.paymentIntentId, amount: 1999, currency: 'usd', paidAt: expect.any(String) },
    ]);
  });

  it('answers a duplicate with 200 and changes nothing', async () => {
    const { order, payload } = await paidOrder();
    expect((await postWebhook(stack, payload)).body.outcome).toBe('settled');
    const before = await storedPayment(stack, order.id);
    for (let i = 0; i < 3; i++) {
      const again = await postWebhook(stack, payload);
      expect(again.status).toBe(200);
      expect(again.body.outcome).toBe('duplicate');
    }
    expect(await storedPayment(stack, order.id)).toEqual(before);
    expect(await paymentEvents('payment.created', order.id)).toHaveLength(1);
  });
});

describe('payments › the same event at several instances at once', () => {
  it('applies it once: the event record is created in the transaction of its effect', async () => {
    const { order, payload } = await paidOrder();
    const event = stripeEventSchema.parse(JSON.parse(payload));
    const platform = stack.platform('payments');
    const stripe = createStripeClient(stack.config);
    // Straight to the handler, five at once, as five function instances would: no in-process coalescing helps here.
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => handleStripeEvent(platform, stripe, event, platform.log)));
    const outcomes = results.map((result) => (result.status === 'fulfilled' ? result.value : 'contention'));
    expect(outcomes.filter((outcome) => outcome === 'settled')).toHaveLength(1);
    expect(outcomes.every((outcome) => ['settled', 'duplicate', 'contention'].includes(outcome))).toBe(true);
    expect(await handleStripeEvent(platform, stripe, event, platform.log)).toBe('duplicate');
    expect(await paymentEvents('payment.created', order.id)).toHaveLength(1);
  });
});

describe('payments › webhook events', () => {
  it('records payment_intent.payment_failed and leaves the order payable with the same intent', async () => {
    const { order, payment, payload } = await paidOrder('pm_card_chargeDeclined');
    expect((await postWebhook(stack, payload)).status).toBe(200);
    expect((await storedPayment(stack, order.id))?.status).toBe('failed');
    const again = await pay(stack, buyer, order.id);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ paymentIntentId: payment.paymentIntentId, status: 'failed' });
  });

  it('answers 409 to POST /api/payments once Stripe has the payment, even before its webhook arrived', async () => {
    const { order } = await paidOrder();
    const response = await pay(stack, buyer, order.id);
    expect(response.status).toBe(409);
    expect(response.body.errors[0].message).toBe('Order is already paid');
  });

  it('never lets a late payment_failed undo a success', async () => {
    const order = await placeOrder(stack, buyer);
    const { body: payment } = await pay(stack, buyer, order.id);
    await confirmCard(stack, payment.paymentIntentId, 'pm_card_chargeDeclined');
    await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    const [failed] = eventsOf(stack, 'payment_intent.payment_failed', payment.paymentIntentId);
    const [succeeded] = eventsOf(stack, 'payment_intent.succeeded', payment.paymentIntentId);
    expect((await postWebhook(stack, JSON.stringify(succeeded))).status).toBe(200);
    expect((await postWebhook(stack, JSON.stringify(failed))).status).toBe(200);
    expect((await storedPayment(stack, order.id))?.status).toBe('succeeded');
  });

  it('records charge.refunded (a refund made at Stripe) and emits payment.refunded', async () => {
    const { order, payment, payload } = await paidOrder();
    await postWebhook(stack, payload);
    await buyerStripe(stack).refunds.create({ payment_intent: payment.paymentIntentId });
    const [refunded] = eventsOf(stack, 'charge.refunded', payment.paymentIntentId);
    expect((await postWebhook(stack, JSON.stringify(refunded))).status).toBe(200);
    expect(await storedPayment(stack, order.id)).toMatchObject({ status: 'refunded', refundReason: 'refunded-at-stripe', refundedAmount: 1999 });
    expect((await paymentEvents('payment.refunded', order.id)).map((event) => event.data)).toEqual([
      { id: payment.id, orderId: order.id, reason: 'refunded-at-stripe', refundedAmount: 1999, currency: 'usd' },
    ]);
  });

  it('records event types it does not act on and answers 200', async () => {
    const order = await placeOrder(stack, buyer);
    const { body: payment } = await pay(stack, buyer, order.id);
    await buyerStripe(stack).paymentIntents.cancel(payment.paymentIntentId);
    const [canceled] = eventsOf(stack, 'payment_intent.canceled', payment.paymentIntentId);
    const response = await postWebhook(stack, JSON.stringify(canceled));
    expect(response.status).toBe(200);
    expect(response.body.outcome).toBe('ignored');
    expect((await stack.platform('payments').db.collection(STRIPE_EVENTS).doc(canceled!.id).get()).exists).toBe(true);
    // Whatever shape an event type we never asked about has, Stripe must get its 200, or it retries for days.
    const other = JSON.stringify({
      id: 'evt_other_shape',
      object: 'event',
      type: 'invoice.paid',
      data: { object: { object: 'invoice', payment_intent: { id: 'pi_x' } } },
    });
    expect((await postWebhook(stack, other)).body).toMatchObject({ received: true, outcome: 'ignored' });
  });

  it('answers a malformed body with a 4xx envelope', async () => {
    const response = await api(stack.origin, 'POST', '/api/payments/webhook', {
      raw: { text: '{"id": ', contentType: 'application/json' },
      headers: { 'stripe-signature': 't=1,v1=00' },
    });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    const empty = await api(stack.origin, 'POST', '/api/payments/webhook', { headers: { 'stripe-signature': 't=1,v1=00' } });
    expect(empty.status).toBe(400);
    expectEnvelope(empty);
  });
});
