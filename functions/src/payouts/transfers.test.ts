/**
 * Transfers as Stripe makes them: in Stripe's representation of the currency, in what the charge settled in, found
 * by transfer_group before a new one is made, reversed on a refund however they came to be. The release is run here
 * (no task queue), against the Stripe stand-in; the sale reaches payouts as order.completed, as orders sends it.
 */
import { randomUUID } from 'node:crypto';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { fromStripeAmount } from '@tickethub/shared';
import { signStripePayload } from '@tickethub/stripe-local';
import type Stripe from 'stripe';
import type { PayoutsContext } from './context';
import { createPayoutsContext, createPayoutsFunction } from './index';
import { releasePayout } from './release';
import type { ReleaseTasks } from './tasks';
import { account, onboard, payoutOf, standInStripe } from './test-support';

const noTasks: ReleaseTasks = { schedule: async () => undefined, cancel: async () => undefined, continueHop: async () => false, close: async () => undefined };
let stack: TestStack;
let ctx: PayoutsContext;
let seller: SignedInUser;
let accountId: string;

beforeAll(async () => {
  stack = await startTestStack({
    domains: ['auth', 'payouts'],
    stripe: { webhook: false },
    env: { PAYOUT_DELAY_SECONDS: '0', PLATFORM_FEE_PERCENT: '10' },
    handlers: { payouts: (platform) => createPayoutsFunction(platform, noTasks) },
  });
  ctx = createPayoutsContext(stack.platform('payouts'), noTasks);
  seller = await signUp(stack.origin);
  accountId = await onboard(stack, seller);
  // No Connect webhook here: the account route re-reads Stripe and records the account active.
  expect(await account(stack, seller)).toMatchObject({ accountId, status: 'active' });
});
afterAll(() => stack.close());

/** A buyer paid `amount` (Stripe's representation of `currency`) and the event is over: the payout is due. */
async function paidSale(amount: number, currency: string): Promise<{ orderId: string; chargeId: string }> {
  const orderId = `order-${randomUUID()}`;
  const stripe = standInStripe(stack);
  const intent = await stripe.paymentIntents.create({ amount, currency, payment_method: 'pm_card_visa', confirm: true, metadata: { orderId } });
  const completed = envelope('order.completed', {
    id: orderId,
    version: 3,
    ticket: {
      id: `ticket-${randomUUID()}`,
      price: fromStripeAmount(amount, currency),
      currency,
      sellerId: seller.id,
      eventDate: new Date(Date.now() - 60_000).toISOString(),
    },
    paymentIntentId: intent.id,
  });
  expect((await deliverEvent(stack, 'payouts', completed)).status).toBe(200);
  return { orderId, chargeId: intent.latest_charge as string };
}

async function transfersOf(orderId: string): Promise<Stripe.Transfer[]> {
  return (await standInStripe(stack).transfers.list({ transfer_group: orderId })).data;
}

const refunded = (orderId: string) =>
  deliverEvent(stack, 'payouts', envelope('payment.refunded', { id: `pay-${orderId}`, orderId, reason: 'requested_by_customer' }));

describe("payouts › transfers in Stripe's representation of the currency", () => {
  it.each([
    // currency, the charge as Stripe has it, the transfer (90 % of it, in the same representation), the net as the API shows it
    ['isk', 500_000, 450_000, 4500], // ISK 5,000: Stripe takes krónur ×100
    ['ugx', 1_000_000, 900_000, 9000], // UGX 10,000: shillings ×100
    ['huf', 100_500, 90_400, 904], // HUF 1,005: transfers only in whole forints, the fee 100.50 rounds up to 101
    ['twd', 100_500, 90_400, 904], // TWD 1,005: whole dollars
  ])('transfers a %s sale charged %i as %i, the net in whole units Stripe accepts', async (currency, charged, transferred, net) => {
    const { orderId, chargeId } = await paidSale(charged, currency);
    expect(await releasePayout(ctx, orderId)).toBe('paid');
    const transfers = await transfersOf(orderId);
    expect(transfers).toEqual([expect.objectContaining({ amount: transferred, currency, destination: accountId, source_transaction: chargeId })]);
    expect(await payoutOf(stack, seller, orderId)).toMatchObject({ status: 'paid', currency, net, transferId: transfers[0]!.id });
  });
});

describe('payouts › the settlement currency', () => {
  it("transfers the net of what the charge settled in on the platform's balance, in that currency", async () => {
    stack.stripe!.setSettlementCurrency('eur');
    try {
      // 50.00 USD settles as 46.00 EUR at the stand-in's test rate (0.92 EUR per USD); the fee is 10 % of that.
      const { orderId, chargeId } = await paidSale(5000, 'usd');
      const charge = await standInStripe(stack).charges.retrieve(chargeId, { expand: ['balance_transaction'] });
      expect(charge.balance_transaction).toMatchObject({ amount: 4600, currency: 'eur' });
      expect(await releasePayout(ctx, orderId)).toBe('paid');
      expect(await transfersOf(orderId)).toEqual([expect.objectContaining({ amount: 4140, currency: 'eur', source_transaction: chargeId })]);
    } finally {
      stack.stripe!.setSettlementCurrency(null);
    }
  });
});

describe('payouts › one transfer per order, found by transfer_group', () => {
  /** The release reached Stripe, the transfer was made, and the answer never came back. */
  async function transferWithLostResponse(orderId: string): Promise<void> {
    stack.stripe!.loseResponses('POST /v1/transfers');
    try {
      await expect(releasePayout(ctx, orderId)).rejects.toThrow(/temporarily unavailable/);
    } finally {
      stack.stripe!.loseResponses(null);
    }
    expect(await transfersOf(orderId)).toHaveLength(1);
  }

  it('a retry after Stripe forgot the idempotency key finds the transfer of the lost response and pays once; a refund reverses it', async () => {
    const { orderId } = await paidSale(4000, 'usd');
    await transferWithLostResponse(orderId);
    // More than 24 h later: Stripe no longer knows the key, so only the transfer_group can tell.
    stack.stripe!.forgetIdempotencyKeys();
    expect(await releasePayout(ctx, orderId)).toBe('paid');
    const transfers = await transfersOf(orderId);
    expect(transfers).toEqual([expect.objectContaining({ amount: 3600 })]);
    expect(await payoutOf(stack, seller, orderId)).toMatchObject({ status: 'paid', transferId: transfers[0]!.id });

    expect((await refunded(orderId)).status).toBe(200);
    expect(await payoutOf(stack, seller, orderId)).toMatchObject({ status: 'reversed', transferId: transfers[0]!.id });
    expect(await standInStripe(stack).transfers.retrieve(transfers[0]!.id)).toMatchObject({ reversed: true, amount_reversed: 3600 });
  });

  it('a refund reverses the orphaned transfer of a release that never heard back, found by transfer_group', async () => {
    const { orderId } = await paidSale(3000, 'usd');
    await transferWithLostResponse(orderId);
    // No retry comes (the release died with its process): the refund alone must take the money back.
    expect((await refunded(orderId)).status).toBe(200);
    const [orphan] = await transfersOf(orderId);
    expect(await standInStripe(stack).transfers.retrieve(orphan!.id)).toMatchObject({ reversed: true, amount_reversed: 2700 });
    expect(await payoutOf(stack, seller, orderId)).toMatchObject({ status: 'reversed', transferId: orphan!.id });
    expect(await releasePayout(ctx, orderId)).toBe('done');
    expect(await transfersOf(orderId)).toHaveLength(1);
  });
});

describe('payouts › connected accounts', () => {
  async function accountUpdated(connected: Stripe.Account) {
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      type: 'account.updated',
      account: connected.id,
      data: { object: connected },
    });
    const delivered = await api(stack.origin, 'POST', '/api/payouts/webhook', {
      raw: { text: payload, contentType: 'application/json' },
      headers: { 'stripe-signature': signStripePayload(payload, ctx.settings.connectWebhookSecret) },
    });
    expect(delivered.status).toBe(200);
    return delivered.body.outcome as string;
  }

  it('ignores account.updated for an account created elsewhere that names a user in its metadata, and never attaches it', async () => {
    const victim = await signUp(stack.origin);
    const stripe = standInStripe(stack);
    const foreign = await stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } }, metadata: { userId: victim.id } });
    const link = await stripe.accountLinks.create({
      account: foreign.id,
      type: 'account_onboarding',
      refresh_url: 'http://x.test/r',
      return_url: 'http://x.test/b',
    });
    expect((await fetch(link.url, { method: 'POST', redirect: 'manual' })).status).toBe(303);
    expect(await accountUpdated(await stripe.accounts.retrieve(foreign.id))).toBe('ignored');
    expect(await account(stack, victim)).toMatchObject({ accountId: null, status: 'none' });
  });

  it('still records account.updated for the account TicketHub created for the seller', async () => {
    const other = await signUp(stack.origin);
    const created = await onboard(stack, other);
    expect(await accountUpdated(await standInStripe(stack).accounts.retrieve(created))).toBe('active');
  });
});
