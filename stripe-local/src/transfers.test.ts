import Stripe from 'stripe';
import { convertStripeAmount, TEST_EXCHANGE_RATES } from './exchange-rates';
import { failureOf, onboardedAccount, paidCharge, stripeClient, withStandIn } from './test-support';
import { startStripeStandIn, type StripeStandIn } from './index';

let standIn: StripeStandIn;
let stripe: Stripe;
let destination: string;

beforeAll(async () => {
  standIn = await startStripeStandIn({});
  stripe = stripeClient(standIn);
  destination = (await onboardedAccount(stripe)).id;
});
afterAll(() => standIn.close());

const transfer = (amount: number, currency: string, sourceTransaction: string, idempotencyKey?: string) =>
  stripe.transfers.create({ amount, currency, destination, source_transaction: sourceTransaction, transfer_group: sourceTransaction }, { idempotencyKey });

describe("Stripe stand-in › transfers in Stripe's representation of the currency", () => {
  it('refuses ISK and UGX transfer amounts that are not a multiple of 100 (Stripe takes them ×100) and takes the ×100 amount', async () => {
    for (const currency of ['isk', 'ugx']) {
      const charge = await paidCharge(stripe, 500_000, currency); // 5,000 krónur / shillings
      const refused = await failureOf(transfer(4505, currency, charge));
      expect(refused).toMatchObject({ param: 'amount', code: 'invalid_amount' });
      const made = await transfer(450_000, currency, charge);
      expect(made).toMatchObject({ amount: 450_000, currency });
      // A partial reversal follows the same rule.
      expect(await failureOf(stripe.transfers.createReversal(made.id, { amount: 150 }))).toMatchObject({ param: 'amount', code: 'invalid_amount' });
      expect(await stripe.transfers.createReversal(made.id, { amount: 15_000 })).toMatchObject({ amount: 15_000 });
    }
  });

  it('refuses HUF and TWD transfers with non-zero cents and takes whole units', async () => {
    for (const currency of ['huf', 'twd']) {
      const charge = await paidCharge(stripe, 100_500, currency); // 1,005.00
      expect(await failureOf(transfer(90_450, currency, charge))).toMatchObject({ param: 'amount', code: 'invalid_amount' });
      expect(await transfer(90_400, currency, charge)).toMatchObject({ amount: 90_400, currency });
    }
  });
});

describe('Stripe stand-in › balance transactions', () => {
  it("records a succeeded charge's funds as a balance transaction in the charge's own currency by default", async () => {
    const chargeId = await paidCharge(stripe, 5000, 'eur');
    const charge = await stripe.charges.retrieve(chargeId, { expand: ['balance_transaction'] });
    const settled = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(settled).toMatchObject({ object: 'balance_transaction', amount: 5000, currency: 'eur', exchange_rate: null, source: chargeId, type: 'charge' });
    expect(settled.id).toMatch(/^txn_/);
    expect(await stripe.balanceTransactions.retrieve(settled.id)).toEqual(settled);
  });

  it('settles in the configured platform currency at the documented test rate and refuses a transfer in the charge currency', async () => {
    await withStandIn({ settlementCurrency: 'eur' }, async (_standIn, eurPlatform) => {
      const account = await onboardedAccount(eurPlatform);
      const chargeId = await paidCharge(eurPlatform, 5000, 'usd');
      const charge = await eurPlatform.charges.retrieve(chargeId, { expand: ['balance_transaction'] });
      expect(charge).toMatchObject({ amount: 5000, currency: 'usd' });
      // 50.00 USD at 0.92 EUR per USD (exchange-rates.ts).
      expect(TEST_EXCHANGE_RATES.eur).toBe('0.92');
      expect(charge.balance_transaction).toMatchObject({ amount: 4600, currency: 'eur', exchange_rate: 0.92 });
      const send = (amount: number, currency: string) =>
        eurPlatform.transfers.create({ amount, currency, destination: account.id, source_transaction: chargeId });
      expect((await failureOf(send(4500, 'usd'))).param).toBe('currency');
      expect((await failureOf(send(4601, 'eur'))).code).toBe('amount_too_large');
      expect(await send(4140, 'eur')).toMatchObject({ amount: 4140, currency: 'eur' });
    });
  });

  it('converts between zero-decimal and ×100 currencies through their minor units', () => {
    // 5,000 ISK (500000 on the wire) at 140 ISK per USD is 35.71 USD; 10 USD is 1,400 ISK, sent as 140000.
    expect(convertStripeAmount(500_000, 'isk', 'usd')).toMatchObject({ amount: 3571 });
    expect(convertStripeAmount(1000, 'usd', 'isk')).toMatchObject({ amount: 140_000, rate: 140 });
    expect(convertStripeAmount(1000, 'usd', 'jpy')).toMatchObject({ amount: 1500 });
  });

  it('refuses to start with a settlement currency it has no test rate for', async () => {
    await expect(startStripeStandIn({ settlementCurrency: 'xyz' })).rejects.toThrow(/no test exchange rate/);
  });
});

describe('Stripe stand-in › lost responses and forgotten keys', () => {
  it('runs a request whose response it loses, and after the keys are forgotten the same key makes a second transfer', async () => {
    const chargeId = await paidCharge(stripe, 10_000, 'usd');
    standIn.loseResponses('POST /v1/transfers');
    try {
      const lost = await failureOf(transfer(4000, 'usd', chargeId, `key-${chargeId}`));
      expect(lost).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    } finally {
      standIn.loseResponses(null);
    }
    const made = await stripe.transfers.list({ transfer_group: chargeId });
    expect(made.data).toHaveLength(1);
    // Within 24 h the key replays the first transfer; once forgotten, it is a new request.
    expect((await transfer(4000, 'usd', chargeId, `key-${chargeId}`)).id).toBe(made.data[0]!.id);
    standIn.forgetIdempotencyKeys();
    expect((await transfer(4000, 'usd', chargeId, `key-${chargeId}`)).id).not.toBe(made.data[0]!.id);
    expect((await stripe.transfers.list({ transfer_group: chargeId })).data).toHaveLength(2);
  });
});
