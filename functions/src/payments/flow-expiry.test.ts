import { waitFor } from '@tickethub/dev/testing/eventually';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { eventsFor, orderOf, reserve, startPayment, ticketOf } from './flow-support';
import { buyerStripe, confirmCard, waitForPaymentStatus } from './test-support';

// The payment must start inside the hold, and order.created must reach payments first: on two busy cores (a loaded
// CI run) that took over 3 s, so payments answered 409 "expired" to the start. The hold leaves room for that.
const HOLD_SECONDS = 15;

let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({
    domains: ['auth', 'tickets', 'orders', 'payments'],
    bridge: true,
    stripe: true,
    env: { ORDER_EXPIRATION_SECONDS: String(HOLD_SECONDS) },
  });
  [seller, buyer] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
});
afterAll(() => stack.close());

describe('payments › paying after the order expired, over HTTP', () => {
  it('refunds the charge automatically: the order stays cancelled and the ticket is not sold', async () => {
    const { ticket, order } = await reserve(stack, seller, buyer, 42.5);
    const payment = await startPayment(stack, buyer, order.id);
    expect(payment.amount).toBe(4250);
    await waitFor(async () => Date.now() > Date.parse(order.expiresAt), {
      what: `the ${HOLD_SECONDS}s hold to pass`,
      timeoutMs: (HOLD_SECONDS + 5) * 1000,
      intervalMs: 100,
    });

    // The buyer's browser still holds the client secret and confirms anyway.
    const paid = await confirmCard(stack, payment.paymentIntentId, 'pm_card_visa');
    expect(paid.status).toBe('succeeded');
    await waitForPaymentStatus(stack, order.id, 'refunded');

    const intent = await buyerStripe(stack).paymentIntents.retrieve(payment.paymentIntentId, { expand: ['latest_charge'] });
    expect(intent.latest_charge).toMatchObject({ refunded: true, amount_refunded: 4250 });
    // Orders hears of the refund by event (payment.refunded releases the hold of an order past its deadline).
    const cancelled = await waitFor(
      async () => {
        const current = await orderOf(stack, buyer, order.id);
        return current.status === 'awaiting:payment' ? null : current;
      },
      { what: 'orders to apply payment.refunded' },
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
    expect((await ticketOf(stack, seller, ticket.id)).status).not.toBe('sold');
    expect(await eventsFor(stack, 'payments', 'payment.created', order.id)).toEqual([]);
    expect((await eventsFor(stack, 'payments', 'payment.refunded', order.id)).map((event) => event.data.reason)).toEqual(['order-expired']);
    const { body } = await api(stack.origin, 'GET', `/api/payments?orderId=${order.id}`, { token: buyer.token });
    expect(body.items).toEqual([expect.objectContaining({ status: 'refunded', amount: 4250 })]);

    // The ticket is free for the next buyer.
    const next = await signUp(stack.origin);
    const again = await api(stack.origin, 'POST', '/api/orders', { token: next.token, body: { ticketId: ticket.id } });
    expect(again.status).toBe(201);
  });
});
