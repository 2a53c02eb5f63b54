import Stripe from 'stripe';
import { startStripeStandIn, type StripeStandIn } from './index';
import { failureOf, stripeClient } from './test-support';

let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn({});
  stripe = stripeClient(standIn);
});
afterAll(() => standIn.close());

describe('Stripe stand-in › payment intents', () => {
  it('refuses, like Stripe, amounts under the minimum charge or finer than the currency allows', async () => {
    expect(await failureOf(stripe.paymentIntents.create({ amount: 10, currency: 'usd' }))).toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'amount_too_small',
      param: 'amount',
    });
    expect(await failureOf(stripe.paymentIntents.create({ amount: 100_005, currency: 'kwd' }))).toMatchObject({ statusCode: 400, param: 'amount' });
    expect(await failureOf(stripe.paymentIntents.create({ amount: 1050, currency: 'huf' }))).toMatchObject({ statusCode: 400, param: 'amount' });
    expect((await stripe.paymentIntents.create({ amount: 100_000, currency: 'kwd' })).amount).toBe(100_000);
    expect((await stripe.paymentIntents.create({ amount: 5000, currency: 'jpy' })).amount).toBe(5000);
  });

  it('creates a PaymentIntent shaped like Stripe’s and retrieves it', async () => {
    const created = await stripe.paymentIntents.create({
      amount: 1999,
      currency: 'EUR',
      metadata: { orderId: 'order-1' },
      automatic_payment_methods: { enabled: true },
    });
    expect(created).toMatchObject({
      object: 'payment_intent',
      amount: 1999,
      amount_received: 0,
      currency: 'eur',
      status: 'requires_payment_method',
      metadata: { orderId: 'order-1' },
      livemode: false,
      latest_charge: null,
      payment_method: null,
      last_payment_error: null,
      cancellation_reason: null,
      automatic_payment_methods: { enabled: true },
    });
    expect(created.id).toMatch(/^pi_\w+$/);
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_\\w+$`));
    expect(Math.abs(created.created - Date.now() / 1000)).toBeLessThan(60);

    const retrieved = await stripe.paymentIntents.retrieve(created.id);
    expect(retrieved).toEqual(created);
  });

  it('confirms with pm_card_visa: succeeded, whole amount received, a charge recorded', async () => {
    const { id } = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd' });
    const confirmed = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.amount_received).toBe(2500);
    expect(confirmed.latest_charge).toMatch(/^ch_\w+$/);
    expect(confirmed.payment_method).toMatch(/^pm_\w+$/);
    expect(confirmed.payment_method).not.toBe('pm_card_visa');

    const expanded = await stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] });
    expect(expanded.latest_charge).toMatchObject({
      id: confirmed.latest_charge,
      object: 'charge',
      amount: 2500,
      status: 'succeeded',
      paid: true,
      payment_intent: id,
    });

    const event = standIn.events().find((candidate) => candidate.type === 'payment_intent.succeeded' && candidate.data.object.id === id);
    expect(event?.data.object).toMatchObject({ status: 'succeeded', amount_received: 2500 });
  });

  it('answers a declined card with StripeCardError and leaves the intent awaiting another method', async () => {
    const { id } = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' });
    const error = await failureOf(stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_chargeDeclined' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    expect(error.payment_intent).toMatchObject({ id, status: 'requires_payment_method' });

    const intent = await stripe.paymentIntents.retrieve(id);
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.amount_received).toBe(0);
    expect(intent.last_payment_error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    });
    expect(standIn.events().some((event) => event.type === 'payment_intent.payment_failed' && event.data.object.id === id)).toBe(true);

    // The customer may try again with another card, as on Stripe.
    expect((await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' })).status).toBe('succeeded');
  });

  it('cancels an unpaid intent with its reason and emits payment_intent.canceled', async () => {
    const { id } = await stripe.paymentIntents.create({ amount: 300, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect(standIn.events().filter((event) => event.type === 'payment_intent.canceled' && event.data.object.id === id)).toHaveLength(1);
  });

  it('refuses to confirm a succeeded or canceled intent, and to cancel a succeeded one', async () => {
    const paid = await stripe.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    expect(paid.status).toBe('succeeded');
    const again = await failureOf(stripe.paymentIntents.confirm(paid.id, { payment_method: 'pm_card_visa' }));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    const cancelPaid = await failureOf(stripe.paymentIntents.cancel(paid.id));
    expect(cancelPaid).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });

    const { id } = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    await stripe.paymentIntents.cancel(id);
    const confirmCanceled = await failureOf(stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' }));
    expect(confirmCanceled).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect((await stripe.paymentIntents.retrieve(id)).status).toBe('canceled');
  });

  it('answers an unknown id with StripeInvalidRequestError 404 resource_missing', async () => {
    const error = await failureOf(stripe.paymentIntents.retrieve('pi_doesnotexist'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such payment_intent: 'pi_doesnotexist'" });
  });

  it('refuses a key that is not a test secret key with StripeAuthenticationError', async () => {
    for (const key of ['sk_live_0123456789abcdef', 'nonsense-key']) {
      const error = await failureOf(stripeClient(standIn, key).paymentIntents.create({ amount: 100, currency: 'usd' }));
      expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(error.statusCode).toBe(401);
      expect(error.message).toMatch(/^Invalid API Key provided: /);
      // Like Stripe, never echo the key back.
      expect(error.message).not.toContain(key.slice(0, -4));
    }
  });

  it('refuses an unknown payment method, a fractional or missing amount and unknown parameters with 400', async () => {
    const { id } = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    const unknownMethod = await failureOf(stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_doesnotexist' }));
    expect(unknownMethod).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_method' });
    expect((await stripe.paymentIntents.retrieve(id)).status).toBe('requires_payment_method');

    const fractional = await failureOf(stripe.paymentIntents.create({ amount: 12.5, currency: 'usd' }));
    expect(fractional).toMatchObject({ statusCode: 400, param: 'amount', code: 'parameter_invalid_integer' });
    const zero = await failureOf(stripe.paymentIntents.create({ amount: 0, currency: 'usd' }));
    expect(zero).toMatchObject({ statusCode: 400, param: 'amount' });
    const noCurrency = await failureOf(stripe.paymentIntents.create({ amount: 100 } as Stripe.PaymentIntentCreateParams));
    expect(noCurrency).toMatchObject({ statusCode: 400, param: 'currency', code: 'parameter_missing' });
    const typo = await failureOf(stripe.paymentIntents.create({ amount: 100, currency: 'usd', metdata: { a: 'b' } } as Stripe.PaymentIntentCreateParams));
    expect(typo).toMatchObject({ statusCode: 400, param: 'metdata', code: 'parameter_unknown' });
  });

  it('lets Stripe.js confirm with the publishable key and the client secret, and nothing else', async () => {
    const { id, client_secret } = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd' });
    const browser = stripeClient(standIn, 'pk_test_local');

    const wrongSecret = await failureOf(
      browser.rawRequest('POST', `/v1/payment_intents/${id}/confirm`, { client_secret: `${id}_secret_wrong`, payment_method: 'pm_card_visa' }),
    );
    expect(wrongSecret).toMatchObject({ statusCode: 400, param: 'client_secret' });
    const notAllowed = await failureOf(browser.paymentIntents.create({ amount: 100, currency: 'usd' }));
    expect(notAllowed).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);

    const confirmed = await browser.rawRequest('POST', `/v1/payment_intents/${id}/confirm`, { client_secret, payment_method: 'pm_card_visa' });
    expect(confirmed).toMatchObject({ id, status: 'succeeded' });
  });
});
