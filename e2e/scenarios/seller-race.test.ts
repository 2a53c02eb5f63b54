import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { listedTicket } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { waitFor } from '@tickethub/dev/testing/eventually';
import { stripeClient } from '@tickethub/stripe-local/src/test-support';
import { toMinorUnits, toStripeAmount } from '@tickethub/shared';

// Rounds run in parallel batches: enough for the withdrawal or edit to land on every side of the reservation and the
// payment (before, between, after), small enough for two busy cores.
const ROUNDS = 8;
const BATCH = 4;

let stack: TestStack;
let seller: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders', 'payments'], bridge: true, stripe: true });
  seller = await signUp(stack.origin);
});
afterAll(() => stack.close());

type Move = 'withdraw' | 'edit';

/** A buyer reserves and pays with a test card while the seller, at the same moment, withdraws or re-prices. */
async function round(move: Move, index: number) {
  const buyer = await signUp(stack.origin);
  const ticket = await listedTicket(stack, seller, { title: `Race ${move} ${index}`, price: 40 });
  const buy = async () => {
    const order = await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: ticket.id } });
    if (order.status !== 201) return { orderId: null, paid: false };
    // Paying may race the cancellation: payments answers 404 until it has heard of the order, 409 once cancelled.
    let payment = await api(stack.origin, 'POST', '/api/payments', { token: buyer.token, body: { orderId: order.body.id } });
    for (let i = 0; i < 50 && payment.status === 404; i++) {
      await waitFor(async () => true, { what: 'a moment', intervalMs: 20 });
      payment = await api(stack.origin, 'POST', '/api/payments', { token: buyer.token, body: { orderId: order.body.id } });
    }
    if (payment.status !== 201) return { orderId: order.body.id as string, paid: false };
    const confirmed = await stripeClient(stack.stripe!)
      .paymentIntents.confirm(payment.body.paymentIntentId, { payment_method: 'pm_card_visa' })
      .catch(() => null);
    return { orderId: order.body.id as string, paid: confirmed?.status === 'succeeded', intentId: payment.body.paymentIntentId as string };
  };
  const sellerMove = () =>
    move === 'withdraw'
      ? api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: seller.token })
      : api(stack.origin, 'PUT', `/api/tickets/${ticket.id}`, { token: seller.token, body: { price: 55 } });
  const [bought, moved] = await Promise.all([buy(), sellerMove()]);
  return { move, ticketId: ticket.id, buyer, bought, sellerStatus: moved.status };
}

/** Waits until the round has come to rest (no order or payment still in flight), then returns what everyone sees. */
async function settle({ ticketId, buyer, bought }: Awaited<ReturnType<typeof round>>) {
  let view: { ticket: any; order: any; payments: any[] } = { ticket: null, order: null, payments: [] };
  await waitFor(
    async () => {
      const ticket = (await api(stack.origin, 'GET', `/api/tickets/${ticketId}`, { token: seller.token })).body;
      const order = bought.orderId ? (await api(stack.origin, 'GET', `/api/orders/${bought.orderId}`, { token: buyer.token })).body : null;
      const payments = bought.orderId ? (await api(stack.origin, 'GET', `/api/payments?orderId=${bought.orderId}`, { token: buyer.token })).body.items : [];
      view = { ticket, order, payments };
      const orderAtRest = !order || order.status === 'complete' || order.status === 'cancelled';
      const paymentAtRest = payments.every((p: { status: string }) => p.status !== 'pending' && !(order?.status === 'cancelled' && p.status === 'succeeded'));
      // A withdrawal that reached orders after the payment still has to cancel (and refund) that order.
      const ticketAtRest = ticket.status !== 'reserved' && !(ticket.status === 'withdrawn' && order?.status === 'complete');
      return orderAtRest && paymentAtRest && ticketAtRest;
    },
    { what: `round on ticket ${ticketId} to come to rest`, timeoutMs: 45_000, intervalMs: 100 },
  );
  return view;
}

describe('scenarios › racing the seller', () => {
  it('never sells a withdrawn ticket nor charges a price the order does not show, across many concurrent rounds', async () => {
    const outcomes: string[] = [];
    for (let start = 0; start < ROUNDS; start += BATCH) {
      const rounds = await Promise.all(
        Array.from({ length: Math.min(BATCH, ROUNDS - start) }, (_, i) => round((start + i) % 2 === 0 ? 'withdraw' : 'edit', start + i)),
      );
      for (const result of rounds) {
        const { ticket, order, payments } = await settle(result);
        if (result.move === 'withdraw') {
          // The seller either lost the race (409) or won it (204), and then nobody bought the ticket.
          expect([204, 409]).toContain(result.sellerStatus);
          if (result.sellerStatus === 204) {
            expect(ticket.status).toBe('withdrawn');
            if (order) expect(order).toMatchObject({ status: 'cancelled', cancelReason: 'ticket-withdrawn' });
            for (const payment of payments) expect(['refunded', 'cancelled', 'failed']).toContain(payment.status);
          }
        } else expect([200, 409]).toContain(result.sellerStatus);
        if (ticket.status === 'withdrawn') expect(order?.status).not.toBe('complete');
        if (order?.status === 'complete') {
          expect(ticket.status).toBe('sold');
          // What Stripe took is exactly the price the buyer's order shows.
          const succeeded = payments.filter((p: { status: string }) => p.status === 'succeeded');
          expect(succeeded).toHaveLength(1);
          expect(succeeded[0]).toMatchObject({
            amount: toStripeAmount(toMinorUnits(order.ticket.price, order.ticket.currency)!, order.ticket.currency),
            currency: order.ticket.currency,
          });
        }
        if (order?.status === 'cancelled') expect(payments.filter((p: { status: string }) => p.status === 'succeeded')).toEqual([]);
        outcomes.push(`${result.move}:${result.sellerStatus}:${order?.status ?? 'none'}`);
      }
    }
    // The rounds really raced: not every one ended the same way (reported for the record, not required).
    expect(outcomes).toHaveLength(ROUNDS);
  }, 240_000);
});
