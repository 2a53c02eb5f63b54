import Stripe from 'stripe';
import { waitFor } from '@tickethub/dev/testing/eventually';
import { signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope, publishedEvents } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { ORDER_REPLICA } from './replica';
import { buyerStripe, cancelOrder, confirmCard, eventsOf, pay, placeOrder, postWebhook, storedPayment, waitForPaymentStatus } from './test-support';

let stack: TestStack;
let buyer: SignedInUser;
beforeAll(async () => {
  // Stripe's webhooks reach payments on their own here, as in production.
  stack = await startTestStack({ domains: ['auth', 'payments'], stripe: true });
  buyer = await signUp(stack.origin);
});
afterAll(() => stack.close());

const eventsOfOrder = async (subject: 'payment.created' | 'payment.refunded', orderId: string) =>
  (await publishedEvents(stack.platform('payments'), subject)).filter((event) => event.data.orderId === orderId).map((event) => event.data);

async function chargeOf(paymentIntentId: string): Promise<Stripe.Charge> {
  const intent = await buyerStripe(stack).paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] });
  return intent.latest_charge as Stripe.Charge;
}

describe('payments › refunds and cancellations', () => {
  it('refunds a payment confirmed after the order expired: status refunded, payment.refunded, never payment.created', async () => {
    const order = await placeOrder(stack, buyer);
    const { body: payment } = await pay(stack, buyer, order.id);
    expect(payment.status).toBe('pending');
    // The clock moves on instead of being waited for (a hold of a few seconds ran out before the payment started on
    // a loaded machine): the hold payments knows of ends now, before the buyer confirms.
    await stack
      .platform('payments')
      .db.collection(ORDER_REPLICA)
      .doc(order.id)
      .update({ expiresAt: new Date(Date.now() - 1000) });

    await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    await waitForPaymentStatus(stack, order.id, 'refunded');
    await stack.stripe!.waitForDeliveries();
    expect(await chargeOf(payment.paymentIntentId)).toMatchObject({ refunded: true, amount_refunded: 1999 });
    expect(await eventsOfOrder('payment.refunded', order.id)).toEqual([
      { id: payment.id, orderId: order.id, reason: 'order-expired', refundedAmount: 1999, currency: 'usd' },
    ]);
    expect(await eventsOfOrder('payment.created', order.id)).toEqual([]);
  });

  it('cancels the PaymentIntent of an unpaid order when the order is cancelled, so a late confirmation cannot charge', async () => {
    const order = await placeOrder(stack, buyer);
    const { body: payment } = await pay(stack, buyer, order.id);
    await cancelOrder(stack, order, 'user');
    expect((await storedPayment(stack, order.id))?.status).toBe('cancelled');
    expect((await buyerStripe(stack).paymentIntents.retrieve(payment.paymentIntentId)).status).toBe('canceled');

    await expect(confirmCard(stack, payment.paymentIntentId, 'pm_card_visa')).rejects.toThrow(/canceled/);
    expect(await eventsOfOrder('payment.created', order.id)).toEqual([]);
    expect(await eventsOfOrder('payment.refunded', order.id)).toEqual([]);
  });

  it('refunds a payment that succeeded before the cancellation reached payments, whichever arrives last', async () => {
    const order = await placeOrder(stack, buyer);
    const { body: payment } = await pay(stack, buyer, order.id);
    stack.stripe!.setWebhookUrl('');
    try {
      await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    } finally {
      stack.stripe!.setWebhookUrl(`${stack.origin}/api/payments/webhook`);
    }
    // The cancellation arrives first, with the payment's webhook still on its way.
    await cancelOrder(stack, order, 'user');
    expect(await storedPayment(stack, order.id)).toMatchObject({ status: 'refunded', refundReason: 'order-cancelled' });
    expect(await chargeOf(payment.paymentIntentId)).toMatchObject({ refunded: true });

    const [succeeded] = eventsOf(stack, 'payment_intent.succeeded', payment.paymentIntentId);
    expect((await postWebhook(stack, JSON.stringify(succeeded))).status).toBe(200);
    await stack.stripe!.waitForDeliveries();
    expect((await storedPayment(stack, order.id))?.status).toBe('refunded');
    expect(await eventsOfOrder('payment.created', order.id)).toEqual([]);
    expect(await eventsOfOrder('payment.refunded', order.id)).toHaveLength(1);
  });

  it('refunds a recorded payment when orders cancels the order after all (payment.created came too late)', async () => {
    const order = await placeOrder(stack, buyer);
    const { body: payment } = await pay(stack, buyer, order.id);
    await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    // The webhook's answer (and so the publish after its commit) is what the stand-in waits for.
    await stack.stripe!.waitForDeliveries();
    expect((await storedPayment(stack, order.id))?.status).toBe('succeeded');
    expect(await eventsOfOrder('payment.created', order.id)).toHaveLength(1);

    await cancelOrder(stack, order, 'expired');
    expect(await storedPayment(stack, order.id)).toMatchObject({ status: 'refunded', refundReason: 'order-expired' });
    expect(await chargeOf(payment.paymentIntentId)).toMatchObject({ refunded: true, amount_refunded: 1999 });
    await stack.stripe!.waitForDeliveries();
    // Stripe's own charge.refunded for our refund arrives afterwards and adds nothing.
    expect(await eventsOfOrder('payment.refunded', order.id)).toEqual([
      { id: payment.id, orderId: order.id, reason: 'order-expired', refundedAmount: 1999, currency: 'usd' },
    ]);
  });

  it('keeps a confirmed payment whose record never committed: the webhook adopts it', async () => {
    const order = await placeOrder(stack, buyer);
    // As if POST /api/payments died between Stripe's answer and its own commit: TicketHub's mark, the order's price.
    const intent = await buyerStripe(stack).paymentIntents.create({ amount: 1999, currency: 'usd', metadata: { orderId: order.id, app: 'tickethub' } });
    await confirmCard(stack, intent.id, 'pm_card_visa');
    await waitForPaymentStatus(stack, order.id, 'succeeded');
    await stack.stripe!.waitForDeliveries();
    expect(await storedPayment(stack, order.id)).toMatchObject({ paymentIntentId: intent.id, userId: buyer.id, amount: 1999 });
    expect(await eventsOfOrder('payment.created', order.id)).toEqual([expect.objectContaining({ paymentIntentId: intent.id, amount: 1999 })]);
  });

  it("gives back a charge on an intent that is not the order's recorded one", async () => {
    const order = await placeOrder(stack, buyer);
    const { body: payment } = await pay(stack, buyer, order.id);
    // What a second intent would look like had Stripe forgotten the creation key: same order, another intent.
    const stray = await buyerStripe(stack).paymentIntents.create({ amount: 1999, currency: 'usd', metadata: { orderId: order.id } });
    await confirmCard(stack, stray.id, 'pm_card_visa');
    await waitFor(async () => (await chargeOf(stray.id)).refunded, { what: 'the stray charge to be refunded' });
    await stack.stripe!.waitForDeliveries();
    expect(await storedPayment(stack, order.id)).toMatchObject({ paymentIntentId: payment.paymentIntentId, status: 'pending' });
    expect(await eventsOfOrder('payment.created', order.id)).toEqual([]);
  });

  it('does nothing at Stripe when a cancelled order had no payment', async () => {
    const order = await placeOrder(stack, buyer);
    const response = await cancelOrder(stack, order, 'user');
    expect(response.body.outcome).toBe('applied');
    expect(await storedPayment(stack, order.id)).toBeUndefined();
  });

  it('keeps a payment whose order completed, even when a stale cancel arrives afterwards', async () => {
    const order = await placeOrder(stack, buyer);
    const { body: payment } = await pay(stack, buyer, order.id);
    await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    await waitForPaymentStatus(stack, order.id, 'succeeded');
    await deliverEvent(stack, 'payments', envelope('order.completed', { id: order.id, version: 2, ticket: { id: order.ticket.id } }));
    await cancelOrder(stack, order, 'user', 1);
    expect((await storedPayment(stack, order.id))?.status).toBe('succeeded');
    expect(await chargeOf(payment.paymentIntentId)).toMatchObject({ refunded: false });
  });
});

describe('payments › only the intent TicketHub created for the order completes it', () => {
  it("refunds a 50-cent intent naming someone's £300 order, and never completes the order (before any payment)", async () => {
    const order = await placeOrder(stack, buyer, { ticket: { id: `ticket-${Date.now()}`, price: 30_000, currency: 'gbp' } });
    const cheap = await buyerStripe(stack).paymentIntents.create({ amount: 50, currency: 'gbp', metadata: { orderId: order.id, app: 'tickethub' } });
    await confirmCard(stack, cheap.id, 'pm_card_visa');
    await waitFor(async () => (await chargeOf(cheap.id)).refunded, { what: 'the 50-cent charge to be refunded' });
    await stack.stripe!.waitForDeliveries();
    expect(await storedPayment(stack, order.id)).toBeUndefined();
    expect(await eventsOfOrder('payment.created', order.id)).toEqual([]);
  });

  it('refunds an intent in another currency or amount even alongside the real payment, which still completes', async () => {
    const order = await placeOrder(stack, buyer);
    const { body: payment } = await pay(stack, buyer, order.id);
    const euros = await buyerStripe(stack).paymentIntents.create({ amount: 1999, currency: 'eur', metadata: { orderId: order.id, app: 'tickethub' } });
    await confirmCard(stack, euros.id, 'pm_card_visa');
    await waitFor(async () => (await chargeOf(euros.id)).refunded, { what: 'the euro charge to be refunded' });
    expect(await eventsOfOrder('payment.created', order.id)).toEqual([]);
    await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    await waitForPaymentStatus(stack, order.id, 'succeeded');
    expect(await eventsOfOrder('payment.created', order.id)).toEqual([expect.objectContaining({ paymentIntentId: payment.paymentIntentId, amount: 1999 })]);
  });

  it("refunds another integration's intent at the order's exact price when it names our order (no TicketHub mark)", async () => {
    const order = await placeOrder(stack, buyer);
    const other = await buyerStripe(stack).paymentIntents.create({ amount: 1999, currency: 'usd', metadata: { orderId: order.id } });
    await confirmCard(stack, other.id, 'pm_card_visa');
    await waitFor(async () => (await chargeOf(other.id)).refunded, { what: "the other integration's charge to be refunded" });
    expect(await storedPayment(stack, order.id)).toBeUndefined();
    expect(await eventsOfOrder('payment.created', order.id)).toEqual([]);
  });

  it('leaves alone intents that are not TicketHub’s: no orderId, or one naming no order we know', async () => {
    const stranger = await buyerStripe(stack).paymentIntents.create({ amount: 1999, currency: 'usd', metadata: { shop: 'elsewhere' } });
    const unknown = await buyerStripe(stack).paymentIntents.create({ amount: 1999, currency: 'usd', metadata: { orderId: 'order-of-someone-else' } });
    await confirmCard(stack, stranger.id, 'pm_card_visa');
    await confirmCard(stack, unknown.id, 'pm_card_visa');
    await stack.stripe!.waitForDeliveries();
    expect(await chargeOf(stranger.id)).toMatchObject({ refunded: false });
    expect(await chargeOf(unknown.id)).toMatchObject({ refunded: false });
    expect(await storedPayment(stack, 'order-of-someone-else')).toBeUndefined();
  });
});
