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

describe('Stripe stand-in › idempotency keys', () => {
  it('replays the same PaymentIntent for the same key and parameters, flagged Idempotent-Replayed', async () => {
    const params = { amount: 1999, currency: 'usd', metadata: { orderId: 'order-7', sellerId: 's-1' } };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-7' });
    // Same hash, keys in another order: still the same request.
    const second = await stripe.paymentIntents.create(
      { currency: 'usd', metadata: { sellerId: 's-1', orderId: 'order-7' }, amount: 1999 },
      { idempotencyKey: 'order-7' },
    );
    expect(second.id).toBe(first.id);
    expect(second.client_secret).toBe(first.client_secret);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses the same key with different parameters or on another endpoint with StripeIdempotencyError', async () => {
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: 'order-8' });
    const otherParams = await failureOf(stripe.paymentIntents.create({ amount: 1001, currency: 'usd' }, { idempotencyKey: 'order-8' }));
    expect(otherParams).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(otherParams).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect(otherParams.message).toMatch(/same parameters/);

    const otherEndpoint = await failureOf(stripe.refunds.create({ payment_intent: 'pi_x' }, { idempotencyKey: 'order-8' }));
    expect(otherEndpoint).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(otherEndpoint.message).toMatch(/same endpoint/);
  });

  it('replays a refund instead of refunding twice, and emits its event once', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const first = await stripe.refunds.create({ payment_intent: intent.id }, { idempotencyKey: `refund-${intent.id}` });
    const second = await stripe.refunds.create({ payment_intent: intent.id }, { idempotencyKey: `refund-${intent.id}` });
    expect(second.id).toBe(first.id);
    const refunded = standIn.events().filter((event) => event.type === 'charge.refunded' && event.data.object.payment_intent === intent.id);
    expect(refunded).toHaveLength(1);
    expect(refunded[0]?.request.idempotency_key).toBe(`refund-${intent.id}`);
  });

  it('replays a declined confirmation as the same card error rather than charging again', async () => {
    const { id } = await stripe.paymentIntents.create({ amount: 400, currency: 'usd' });
    const first = await failureOf(stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: `confirm-${id}` }));
    const second = await failureOf(stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: `confirm-${id}` }));
    expect(second).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(second.charge).toBe(first.charge);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    expect(standIn.events().filter((event) => event.type === 'payment_intent.payment_failed' && event.data.object.id === id)).toHaveLength(1);
  });

  it('does not save a request that failed validation, so the key can be used once it is fixed', async () => {
    const invalid = await failureOf(stripe.paymentIntents.create({ amount: -5, currency: 'usd' }, { idempotencyKey: 'order-9' }));
    expect(invalid).toMatchObject({ statusCode: 400, param: 'amount' });
    const fixed = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' }, { idempotencyKey: 'order-9' });
    expect(fixed.amount).toBe(500);
  });
});
