import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';
import { listedTicket, publishedEvents } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { signStripePayload, type StripeEvent } from '@tickethub/stripe-local';
import { account, eventHappened, onboard, payoutOf, payoutsWithEagerTasks, sell, standInStripe, waitForPayout } from './test-support';

/**
 * Money follows Stripe: a refund or a dispute made anywhere (here straight at the stand-in, as in Stripe's Dashboard
 * or by the buyer's bank) reaches the payment, the order and the payout through the real webhook, NATS and bridge.
 */
let stack: TestStack;
let buyer: SignedInUser;

beforeAll(async () => {
  stack = await startTestStack({
    domains: ['auth', 'tickets', 'orders', 'payments', 'payouts'],
    bridge: true,
    stripe: true,
    env: { PAYOUT_DELAY_SECONDS: '60', PLATFORM_FEE_PERCENT: '10', PAYOUT_RETRY_SECONDS: '1' },
    handlers: { payouts: payoutsWithEagerTasks },
  });
  buyer = await signUp(stack.origin);
});
afterAll(() => stack.close());

const orderOf = async (orderId: string) => (await api(stack.origin, 'GET', `/api/orders/${orderId}`, { token: buyer.token })).body;
const paymentOf = async (orderId: string) => (await api(stack.origin, 'GET', `/api/payments?orderId=${orderId}`, { token: buyer.token })).body.items[0];
const ticketAnswer = async (orderId: string) => (await api(stack.origin, 'GET', `/api/orders/${orderId}/ticket`, { token: buyer.token })).status;

function waitForOrder(orderId: string, ready: (order: Record<string, any>) => boolean, what: string) {
  return waitFor(
    async () => {
      const order = await orderOf(orderId);
      return ready(order) ? order : null;
    },
    { what: `${what} (order ${orderId})`, timeoutMs: EVENTUALLY_MS },
  );
}

/** The dispute Stripe opened on a payment made with pm_card_createDispute. */
function disputeOf(paymentIntentId: string): string {
  const opened = stack.stripe!.events().find((event) => event.type === 'charge.dispute.created' && event.data.object.payment_intent === paymentIntentId);
  if (!opened) throw new Error(`no dispute for ${paymentIntentId}`);
  return opened.data.object.id as string;
}

describe('money follows Stripe › refunds made at Stripe', () => {
  let seller: SignedInUser;
  beforeAll(async () => {
    seller = await signUp(stack.origin);
    await onboard(stack, seller);
  });

  it("refunds the order, stops serving its ticket and cancels the payout when the charge is refunded in Stripe's Dashboard", async () => {
    const { orderId, paymentIntentId } = await sell(stack, seller, buyer, { price: 19.99 });
    expect(await ticketAnswer(orderId)).toBe(200);
    await standInStripe(stack).refunds.create({ payment_intent: paymentIntentId });

    const order = await waitForOrder(orderId, (o) => o.status === 'refunded', 'the refunded order');
    expect(order).toMatchObject({ refundedAmount: 19.99, dispute: null });
    expect(await ticketAnswer(orderId)).toBe(409);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'refunded', refundedAmount: 1999 });
    await waitForPayout(stack, seller, orderId, (p) => p.status === 'cancelled', 'the cancelled payout');
  });

  it("adds partial refunds up on the payment and the order and lowers the payout's gross, fee and net to what the buyer finally paid", async () => {
    const { orderId, paymentIntentId } = await sell(stack, seller, buyer, { price: 19.99 });
    await standInStripe(stack).refunds.create({ payment_intent: paymentIntentId, amount: 500 });
    await standInStripe(stack).refunds.create({ payment_intent: paymentIntentId, amount: 300 });

    const payout = await waitForPayout(stack, seller, orderId, (p) => p.gross === 11.99, 'the reduced payout');
    expect(payout).toMatchObject({ status: 'held', gross: 11.99, fee: 1.2, net: 10.79 });
    expect(await waitForOrder(orderId, (o) => o.refundedAmount === 8, 'the refunded amount')).toMatchObject({ status: 'complete' });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'partially_refunded', refundedAmount: 800 });
    expect(await ticketAnswer(orderId)).toBe(200);

    // The rest goes back too: now it is a full refund.
    await standInStripe(stack).refunds.create({ payment_intent: paymentIntentId });
    expect(await waitForOrder(orderId, (o) => o.status === 'refunded', 'the refunded order')).toMatchObject({ refundedAmount: 19.99 });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'refunded', refundedAmount: 1999 });
    await waitForPayout(stack, seller, orderId, (p) => p.status === 'cancelled', 'the cancelled payout');
  });

  it('reverses the refunded part of a transfer already made, and keeps the payout paid on the rest', async () => {
    const { orderId, ticket, paymentIntentId } = await sell(stack, seller, buyer, { price: 20 });
    await eventHappened(stack, ticket, seller.id);
    const paid = await waitForPayout(stack, seller, orderId, (p) => p.status === 'paid', 'the paid payout');
    expect(paid).toMatchObject({ gross: 20, fee: 2, net: 18 });
    await standInStripe(stack).refunds.create({ payment_intent: paymentIntentId, amount: 500 });

    const reduced = await waitForPayout(stack, seller, orderId, (p) => p.gross === 15, 'the reduced payout');
    expect(reduced).toMatchObject({ status: 'paid', fee: 1.5, net: 13.5, transferId: paid.transferId });
    const transfer = await standInStripe(stack).transfers.retrieve(paid.transferId);
    expect(transfer).toMatchObject({ amount: 1800, amount_reversed: 450, reversed: false });
  });
});

describe('money follows Stripe › disputes', () => {
  it('holds a due payout while the dispute is open, marks the payment and the order, and releases it once the dispute is won', async () => {
    const seller = await signUp(stack.origin);
    await onboard(stack, seller);
    const { orderId, ticket, paymentIntentId } = await sell(stack, seller, buyer, { price: 25 }, 'pm_card_createDispute');
    await waitForPayout(stack, seller, orderId, (p) => p.holdReason === 'dispute', 'the disputed payout');
    await eventHappened(stack, ticket, seller.id);
    expect(await waitForOrder(orderId, (o) => o.dispute !== null, 'the dispute')).toMatchObject({
      status: 'complete',
      dispute: { status: 'open', reason: 'fraudulent' },
    });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'disputed' });
    // Its release is due, and the dispute still holds it.
    expect(await payoutOf(stack, seller, orderId)).toMatchObject({ status: 'held', holdReason: 'dispute', transferId: null });

    await standInStripe(stack).disputes.update(disputeOf(paymentIntentId), { evidence: { uncategorized_text: 'winning_evidence' } });
    await waitForPayout(stack, seller, orderId, (p) => p.status === 'paid', 'the released payout');
    expect(await waitForOrder(orderId, (o) => o.dispute?.status === 'won', 'the won dispute')).toMatchObject({ status: 'complete', refundedAmount: 0 });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'succeeded' });
    expect(await ticketAnswer(orderId)).toBe(200);
  });

  it("refunds the order, cancels the payout and records the disputed amount as the seller's debit when the dispute is lost", async () => {
    const seller = await signUp(stack.origin);
    const { orderId, paymentIntentId } = await sell(stack, seller, buyer, { price: 19.99 }, 'pm_card_createDispute');
    await waitForPayout(stack, seller, orderId, (p) => p.holdReason === 'dispute', 'the disputed payout');
    await standInStripe(stack).disputes.update(disputeOf(paymentIntentId), { evidence: { uncategorized_text: 'losing_evidence' } });

    await waitForPayout(stack, seller, orderId, (p) => p.status === 'cancelled', 'the cancelled payout');
    expect(await waitForOrder(orderId, (o) => o.status === 'refunded', 'the refunded order')).toMatchObject({
      dispute: { status: 'lost', reason: 'fraudulent' },
    });
    expect(await ticketAnswer(orderId)).toBe(409);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'refunded' });
    // The payout may be cancelled by order.refunded before payment.dispute-closed, which records the debit, arrives.
    const debits = await waitFor(async () => (await account(stack, seller)).debits?.length && (await account(stack, seller)).debits, {
      what: "the seller's debit",
      timeoutMs: EVENTUALLY_MS,
    });
    expect(debits).toEqual([{ currency: 'usd', amount: 19.99 }]);
  });
});

describe('money follows Stripe › a dispute after the payout', () => {
  let seller: SignedInUser;
  beforeAll(async () => {
    seller = await signUp(stack.origin);
    await onboard(stack, seller);
  });

  /** A sale whose payout is paid, then disputed by the buyer's bank (the stand-in's test helper, as weeks later). */
  async function paidThenDisputed(price: number) {
    const { orderId, ticket, paymentIntentId } = await sell(stack, seller, buyer, { price });
    await eventHappened(stack, ticket, seller.id);
    const paid = await waitForPayout(stack, seller, orderId, (p) => p.status === 'paid', 'the paid payout');
    const intent = await standInStripe(stack).paymentIntents.retrieve(paymentIntentId);
    await standInStripe(stack).rawRequest('POST', `/v1/test_helpers/charges/${intent.latest_charge as string}/dispute`, {});
    const held = await waitForPayout(stack, seller, orderId, (p) => p.holdReason === 'dispute', 'the payout held by the dispute');
    return { orderId, paymentIntentId, paid, held };
  }
  const transfersOf = async (orderId: string) => (await standInStripe(stack).transfers.list({ transfer_group: orderId })).data;

  it('takes the transfer back when the dispute opens, holds the payout, and pays it once more when the dispute is won', async () => {
    const { orderId, paymentIntentId, paid, held } = await paidThenDisputed(30);
    expect(held).toMatchObject({ status: 'held', transferId: null, net: 27 });
    expect(await standInStripe(stack).transfers.retrieve(paid.transferId)).toMatchObject({ amount: 2700, amount_reversed: 2700, reversed: true });

    await standInStripe(stack).disputes.update(disputeOf(paymentIntentId), { evidence: { uncategorized_text: 'winning_evidence' } });
    const repaid = await waitForPayout(stack, seller, orderId, (p) => p.status === 'paid', 'the payout paid again');
    expect(repaid.transferId).not.toBe(paid.transferId);
    const transfers = await transfersOf(orderId);
    expect(transfers).toHaveLength(2);
    expect(transfers.find((t) => t.id === repaid.transferId)).toMatchObject({ amount: 2700, amount_reversed: 0 });
  });

  it('leaves a payout taken back for a dispute cancelled, with no new transfer, when the dispute is lost', async () => {
    const { orderId, paymentIntentId, paid } = await paidThenDisputed(12);
    await standInStripe(stack).disputes.update(disputeOf(paymentIntentId), { evidence: { uncategorized_text: 'losing_evidence' } });
    await waitForPayout(stack, seller, orderId, (p) => p.status === 'cancelled', 'the cancelled payout');
    expect(await waitForOrder(orderId, (o) => o.status === 'refunded', 'the refunded order')).toMatchObject({ dispute: { status: 'lost' } });
    expect((await transfersOf(orderId)).map((t) => ({ id: t.id, reversed: t.reversed }))).toEqual([{ id: paid.transferId, reversed: true }]);
  });
});

describe('money follows Stripe › duplicated and reordered Stripe events', () => {
  const postStripeEvent = (event: StripeEvent) => {
    const payload = JSON.stringify(event);
    const signature = signStripePayload(payload, stack.config.STRIPE_WEBHOOK_SECRET);
    return api(stack.origin, 'POST', '/api/payments/webhook', {
      raw: { text: payload, contentType: 'application/json' },
      headers: { 'stripe-signature': signature },
    });
  };

  /** A paid order whose Stripe events are only recorded, for the test to deliver in its own order. */
  async function paidWithoutWebhooks(seller: SignedInUser, card: string, atStripe: (paymentIntentId: string) => Promise<unknown>) {
    const ticket = await listedTicket(stack, seller, { price: 19.99 });
    const orderId = (await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: ticket.id } })).body.id as string;
    const payment = await waitFor(
      async () => {
        const response = await api(stack.origin, 'POST', '/api/payments', { token: buyer.token, body: { orderId } });
        return response.status === 201 ? response.body : null;
      },
      { what: 'the payment', timeoutMs: EVENTUALLY_MS },
    );
    stack.stripe!.setWebhookUrl('');
    try {
      await standInStripe(stack).paymentIntents.confirm(payment.paymentIntentId, { payment_method: card });
      await atStripe(payment.paymentIntentId);
    } finally {
      stack.stripe!.setWebhookUrl(`${stack.origin}/api/payments/webhook`);
    }
    const events = stack.stripe!.events().filter((e) => [e.data.object.id, e.data.object.payment_intent].includes(payment.paymentIntentId));
    return { orderId, events };
  }

  const published = async (subject: 'payment.dispute-closed' | 'payment.disputed' | 'payment.partially-refunded', orderId: string) =>
    (await publishedEvents(stack.platform('payments'), subject)).filter((event) => event.data.orderId === orderId);

  it('applies a lost dispute once when its closing arrives first, its opening last, and every event twice', async () => {
    const seller = await signUp(stack.origin);
    const { orderId, events } = await paidWithoutWebhooks(seller, 'pm_card_createDispute', async (paymentIntentId) => {
      const disputeId = disputeOf(paymentIntentId);
      await standInStripe(stack).disputes.update(disputeId, { evidence: { uncategorized_text: 'losing_evidence' } });
    });
    const byType = (type: string) => events.filter((e) => e.type === type);
    const reordered = [...byType('charge.dispute.closed'), ...byType('payment_intent.succeeded'), ...byType('charge.dispute.created')];
    expect(reordered).toHaveLength(3);
    for (const event of [...reordered, ...reordered]) expect((await postStripeEvent(event)).status).toBe(200);

    expect(await waitForOrder(orderId, (o) => o.status === 'refunded', 'the refunded order')).toMatchObject({
      dispute: { status: 'lost', reason: 'fraudulent' },
    });
    await waitForPayout(stack, seller, orderId, (p) => p.status === 'cancelled', 'the cancelled payout');
    await waitFor(async () => (await account(stack, seller)).debits.length > 0, { what: 'the debit', timeoutMs: EVENTUALLY_MS });
    expect((await account(stack, seller)).debits).toEqual([{ currency: 'usd', amount: 19.99 }]);
    expect(await published('payment.dispute-closed', orderId)).toHaveLength(1);
    expect(await published('payment.disputed', orderId)).toHaveLength(0);
    expect(await ticketAnswer(orderId)).toBe(409);
  });

  it('applies partial refunds once when their events arrive duplicated and newest first', async () => {
    const seller = await signUp(stack.origin);
    const { orderId, events } = await paidWithoutWebhooks(seller, 'pm_card_visa', async (paymentIntentId) => {
      await standInStripe(stack).refunds.create({ payment_intent: paymentIntentId, amount: 500 });
      await standInStripe(stack).refunds.create({ payment_intent: paymentIntentId, amount: 300 });
    });
    const refunds = events.filter((e) => e.type === 'charge.refunded');
    const [succeeded] = events.filter((e) => e.type === 'payment_intent.succeeded');
    expect(refunds).toHaveLength(2);
    const newestFirst = [...refunds].reverse();
    for (const event of [succeeded!, ...newestFirst, ...newestFirst, succeeded!]) expect((await postStripeEvent(event)).status).toBe(200);

    const payout = await waitForPayout(stack, seller, orderId, (p) => p.gross === 11.99, 'the reduced payout');
    expect(payout).toMatchObject({ status: 'held', fee: 1.2, net: 10.79 });
    expect(await waitForOrder(orderId, (o) => o.refundedAmount === 8, 'the refunded amount')).toMatchObject({ status: 'complete' });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'partially_refunded', refundedAmount: 800 });
    // Both refunds were read from Stripe on the first charge.refunded: one event for the whole 8.00, none for its duplicates.
    expect((await published('payment.partially-refunded', orderId)).map((e) => e.data.refundedAmount)).toEqual([800]);
  });
});
