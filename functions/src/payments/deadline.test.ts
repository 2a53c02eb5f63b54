import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { expectDomainsAgree } from '@tickethub/dev/testing/invariants';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { eventsFor, orderOf, reserve, startPayment, ticketOf, waitForOrder } from './flow-support';
import { ORDER_REPLICA } from './replica';
import { buyerStripe, confirmCard, pay, waitForPaymentStatus } from './test-support';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

/** The payment deadline on Stripe's clock: when Stripe recorded the payment decides, not when its events arrive. */
// Long enough that reserving, starting the payment and confirming the card fit inside it on a loaded machine (a 3 s
// hold did not in flow-expiry.test, in a loaded CI run).
const HOLD_SECONDS = 15;

let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({
    domains: ['auth', 'tickets', 'orders', 'payments', 'expiration'],
    bridge: true,
    stripe: true,
    env: { ORDER_EXPIRATION_SECONDS: String(HOLD_SECONDS) },
  });
  [seller, buyer] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
});
afterAll(() => stack.close());

async function reserveAndStart() {
  const { ticket, order } = await reserve(stack, seller, buyer, 30);
  const payment = await startPayment(stack, buyer, order.id);
  await waitForOrder(stack, buyer, order.id, 'awaiting:payment');
  return { ticket, order, payment };
}

const pastHold = (order: { expiresAt: string }, extraMs: number) =>
  waitFor(async () => Date.now() > Date.parse(order.expiresAt) + extraMs, {
    what: 'the hold to end',
    timeoutMs: Date.parse(order.expiresAt) + extraMs - Date.now() + 5_000,
    intervalMs: 100,
  });

describe('payments › the deadline on Stripe’s clock', () => {
  it('completes an order paid in time at Stripe although every event arrives after the hold ended', async () => {
    const { ticket, order, payment } = await reserveAndStart();
    stack.nats.pause();
    try {
      expect((await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa')).status).toBe('succeeded');
      await pastHold(order, 1000);
    } finally {
      stack.nats.resume();
    }
    await waitForOrder(stack, buyer, order.id, 'complete');
    await waitFor(async () => (await ticketOf(stack, seller, ticket.id)).status === 'sold', { what: 'the ticket sold', timeoutMs: EVENTUALLY_MS });
    await waitForPaymentStatus(stack, order.id, 'succeeded');
    await expectDomainsAgree(stack);
  });

  it('refunds a payment Stripe recorded after the hold ended, and releases the ticket', async () => {
    const { ticket, order, payment } = await reserveAndStart();
    // The expiry cannot reach payments (so the intent is not cancelled in time): the buyer pays too late.
    stack.nats.pause();
    try {
      await pastHold(order, 1500);
      expect((await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa')).status).toBe('succeeded');
      await waitForPaymentStatus(stack, order.id, 'refunded');
    } finally {
      stack.nats.resume();
    }
    await waitForOrder(stack, buyer, order.id, 'cancelled');
    expect(await orderOf(stack, buyer, order.id)).toMatchObject({ cancelReason: 'expired' });
    const intent = await buyerStripe(stack).paymentIntents.retrieve(payment.paymentIntentId, { expand: ['latest_charge'] });
    expect(intent.latest_charge).toMatchObject({ refunded: true });
    await waitFor(async () => (await ticketOf(stack, seller, ticket.id)).status === 'available', { what: 'the ticket released', timeoutMs: EVENTUALLY_MS });
    await expectDomainsAgree(stack);
  });

  it('never completes two orders for one seat when payment.started arrives after the hold ended and a second buyer reserved', async () => {
    const { ticket, order } = await reserve(stack, seller, buyer, 30);
    await waitFor(async () => (await stack.platform('payments').db.collection(ORDER_REPLICA).doc(order.id).get()).exists, {
      what: 'payments to know the order',
    });
    const second = await signUp(stack.origin);
    // The first buyer pays in time, but nothing the payment says reaches orders before the hold has ended.
    stack.nats.pause();
    let taken: { id: string };
    try {
      const payment = await pay(stack, buyer, order.id);
      expect(payment.status).toBe(201);
      expect((await confirmCard(stack, payment.body.paymentIntentId, 'pm_card_visa')).status).toBe('succeeded');
      await pastHold(order, 1000);
      // Orders saw no payment start: the seat is free to the next buyer, who takes it.
      const again = await api(stack.origin, 'POST', '/api/orders', { token: second.token, body: { ticketId: ticket.id } });
      expect({ status: again.status, body: again.body }).toMatchObject({ status: 201 });
      taken = again.body;
    } finally {
      stack.nats.resume();
    }
    const secondPayment = await startPayment(stack, second, taken.id);
    expect((await confirmCard(stack, secondPayment.paymentIntentId, 'pm_card_visa')).status).toBe('succeeded');
    // The seat's holder decides: the second order completes; the first, paid in time for a seat given away, is refunded.
    await waitForOrder(stack, second, taken.id, 'complete');
    await waitForPaymentStatus(stack, order.id, 'refunded');
    expect(await orderOf(stack, buyer, order.id)).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
    expect((await eventsFor(stack, 'orders', 'order.completed', order.id)).length).toBe(0);
    await waitFor(async () => (await ticketOf(stack, seller, ticket.id)).status === 'sold', { what: 'the ticket sold' });
    await expectDomainsAgree(stack);
  });

  it('keeps the hold of a started payment past expiry until Stripe confirms it was cancelled, then releases it', async () => {
    const { ticket, order, payment } = await reserveAndStart();
    await pastHold(order, 0);
    await waitForOrder(stack, buyer, order.id, 'cancelled');
    // The order was released only after the intent was cancelled at Stripe: a late confirmation cannot charge.
    const intent = await buyerStripe(stack).paymentIntents.retrieve(payment.paymentIntentId);
    expect(intent.status).toBe('canceled');
    await waitForPaymentStatus(stack, order.id, 'cancelled');
    const next = await signUp(stack.origin);
    const again = await waitFor(
      async () => {
        const response = await api(stack.origin, 'POST', '/api/orders', { token: next.token, body: { ticketId: ticket.id } });
        return response.status === 201 ? response : null;
      },
      { what: 'the ticket to be reservable again', timeoutMs: EVENTUALLY_MS },
    );
    expect(again.status).toBe(201);
    await expectDomainsAgree(stack);
  });
});
