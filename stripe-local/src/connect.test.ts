import Stripe from 'stripe';
import { failureOf, onboardedAccount as onboarded, paidCharge as paid, startReceiver, stripeClient, type Receiver } from './test-support';
import { startStripeStandIn, type StripeStandIn } from './index';

let standIn: StripeStandIn;
let stripe: Stripe;
let connect: Receiver;
let platform: Receiver;

const onboardedAccount = () => onboarded(stripe);
const paidCharge = (amount: number) => paid(stripe, amount);

beforeAll(async () => {
  [connect, platform] = await Promise.all([startReceiver(), startReceiver()]);
  standIn = await startStripeStandIn({ webhookUrl: platform.url, connectWebhookUrl: connect.url, connectWebhookSecret: 'whsec_connect_test' });
  stripe = stripeClient(standIn);
});
afterAll(async () => {
  await standIn.close();
  await Promise.all([connect.close(), platform.close()]);
});

describe('Stripe stand-in › Connect', () => {
  it('creates Express accounts that can do nothing until onboarding is complete', async () => {
    const account = await stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } } });
    expect(account).toMatchObject({
      object: 'account',
      type: 'express',
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { transfers: 'inactive' },
    });
    expect(account.id).toMatch(/^acct_/);
    expect((await failureOf(stripe.accounts.create({ type: 'standard' }))).message).toMatch(/Express/);
  });

  it('serves an onboarding page whose button POSTs to the same URL, completes onboarding and sends account.updated to the Connect endpoint', async () => {
    const account = await stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } }, metadata: { userId: 'u2' } });
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: 'http://shop.test/again',
      return_url: 'http://shop.test/back',
    });
    expect(link).toMatchObject({ object: 'account_link' });
    const page = await (await fetch(link.url)).text();
    expect(page).toContain('<form method="post">');
    expect(page).toContain('Complete onboarding');
    const done = await fetch(link.url, { method: 'POST', redirect: 'manual' });
    expect(done.headers.get('location')).toBe('http://shop.test/back');
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      capabilities: { transfers: 'active' },
    });
    // The link is single-use: opening it again sends the seller to refresh_url for a fresh one.
    expect((await fetch(link.url, { redirect: 'manual' })).headers.get('location')).toBe('http://shop.test/again');

    await standIn.waitForDeliveries();
    const delivered = connect.deliveries.map((d) => ({ ...d, event: JSON.parse(d.body) })).filter((d) => d.event.data.object.id === account.id);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.event).toMatchObject({ type: 'account.updated', account: account.id, data: { object: { payouts_enabled: true } } });
    // Signed with the Connect secret, verifiable by the real SDK; the platform endpoint never sees account events.
    expect(() => stripe.webhooks.constructEvent(delivered[0]!.body, String(delivered[0]!.headers['stripe-signature']), 'whsec_connect_test')).not.toThrow();
    expect(platform.deliveries.some((d) => d.body.includes(account.id))).toBe(false);
  });

  it('transfers from a paid charge to an active account, lists them by destination and reverses them', async () => {
    const account = await onboardedAccount();
    const charge = await paidCharge(5000);
    const transfer = await stripe.transfers.create(
      { amount: 4500, currency: 'usd', destination: account.id, source_transaction: charge, transfer_group: 'order-1' },
      { idempotencyKey: 'transfer-once' },
    );
    expect(transfer).toMatchObject({
      object: 'transfer',
      amount: 4500,
      destination: account.id,
      source_transaction: charge,
      transfer_group: 'order-1',
      reversed: false,
    });
    // The same key is the same transfer.
    const again = await stripe.transfers.create(
      { amount: 4500, currency: 'usd', destination: account.id, source_transaction: charge, transfer_group: 'order-1' },
      { idempotencyKey: 'transfer-once' },
    );
    expect(again.id).toBe(transfer.id);
    expect((await stripe.transfers.list({ destination: account.id })).data.map((t) => t.id)).toEqual([transfer.id]);
    expect((await stripe.transfers.list({ transfer_group: 'order-1' })).data.map((t) => t.id)).toEqual([transfer.id]);

    const reversal = await stripe.transfers.createReversal(transfer.id);
    expect(reversal).toMatchObject({ object: 'transfer_reversal', amount: 4500, transfer: transfer.id });
    expect(await stripe.transfers.retrieve(transfer.id)).toMatchObject({ amount_reversed: 4500, reversed: true });
    expect((await failureOf(stripe.transfers.createReversal(transfer.id))).code).toBe('transfer_already_reversed');
  });

  it('refuses transfers without a paid charge behind them or beyond what the charge holds', async () => {
    const account = await onboardedAccount();
    expect((await failureOf(stripe.transfers.create({ amount: 100, currency: 'usd', destination: account.id, source_transaction: 'ch_nope' }))).code).toBe(
      'resource_missing',
    );
    const charge = await paidCharge(1000);
    expect((await failureOf(stripe.transfers.create({ amount: 1001, currency: 'usd', destination: account.id, source_transaction: charge }))).code).toBe(
      'amount_too_large',
    );
    expect((await failureOf(stripe.transfers.create({ amount: 100, currency: 'eur', destination: account.id, source_transaction: charge }))).param).toBe(
      'currency',
    );
  });

  it('refuses transfers to an account that is not onboarded or has been restricted', async () => {
    const fresh = await stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } } });
    const charge = await paidCharge(1000);
    const refused = await failureOf(stripe.transfers.create({ amount: 900, currency: 'usd', destination: fresh.id, source_transaction: charge }));
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused.code).toBe('insufficient_capabilities_for_transfer');

    const active = await onboardedAccount();
    await stripe.rawRequest('POST', `/v1/test_helpers/accounts/${active.id}/restrict`, {});
    expect(await stripe.accounts.retrieve(active.id)).toMatchObject({ payouts_enabled: false, requirements: { disabled_reason: 'requirements.past_due' } });
    expect((await failureOf(stripe.transfers.create({ amount: 900, currency: 'usd', destination: active.id, source_transaction: charge }))).code).toBe(
      'insufficient_capabilities_for_transfer',
    );
    await standIn.waitForDeliveries();
    const updates = connect.deliveries.map((d) => JSON.parse(d.body)).filter((e) => e.account === active.id);
    expect(updates.map((e) => e.data.object.payouts_enabled)).toEqual([true, false]);
  });
});
