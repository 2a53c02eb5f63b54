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

async function paidIntent(amount: number): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount, currency: 'usd', metadata: { orderId: `order-${amount}` }, payment_method: 'pm_card_visa', confirm: true });
}

function refundedEvents(charge: unknown) {
  return standIn.events().filter((event) => event.type === 'charge.refunded' && event.data.object.id === charge);
}

describe('Stripe stand-in › refunds', () => {
  it('refunds a paid intent in full and emits charge.refunded with the refunded charge', async () => {
    const intent = await paidIntent(4200);
    const refund = await stripe.refunds.create({ payment_intent: intent.id, reason: 'requested_by_customer', metadata: { why: 'order expired' } });
    expect(refund).toMatchObject({
      object: 'refund',
      status: 'succeeded',
      amount: 4200,
      currency: 'usd',
      payment_intent: intent.id,
      charge: intent.latest_charge,
      reason: 'requested_by_customer',
      metadata: { why: 'order expired' },
    });
    expect(refund.id).toMatch(/^re_\w+$/);

    const [event, ...more] = refundedEvents(intent.latest_charge);
    expect(more).toHaveLength(0);
    expect(event?.data.object).toMatchObject({
      object: 'charge',
      amount: 4200,
      amount_refunded: 4200,
      refunded: true,
      payment_intent: intent.id,
      currency: 'usd',
      metadata: { orderId: 'order-4200' },
    });
    expect(event?.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
  });

  it('adds partial refunds up on the charge and refuses more than what is left', async () => {
    const intent = await paidIntent(1000);
    await stripe.refunds.create({ payment_intent: intent.id, amount: 300 });
    const tooMuch = await failureOf(stripe.refunds.create({ payment_intent: intent.id, amount: 701 }));
    expect(tooMuch).toMatchObject({ statusCode: 400, param: 'amount' });
    await stripe.refunds.create({ charge: intent.latest_charge as string, amount: 700 });

    const charges = refundedEvents(intent.latest_charge).map((event) => event.data.object);
    expect(charges.map((charge) => [charge.amount_refunded, charge.refunded])).toEqual([
      [300, false],
      [1000, true],
    ]);
    const again = await failureOf(stripe.refunds.create({ payment_intent: intent.id }));
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });

  it('refuses to refund an intent that has not succeeded', async () => {
    const { id } = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
    const error = await failureOf(stripe.refunds.create({ payment_intent: id }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param: 'payment_intent' });
    const missing = await failureOf(stripe.refunds.create({ payment_intent: 'pi_doesnotexist' }));
    expect(missing).toMatchObject({ statusCode: 400, code: 'resource_missing' });
    const neither = await failureOf(stripe.refunds.create({}));
    expect(neither).toMatchObject({ statusCode: 400, code: 'parameter_missing' });
  });

  it('serves the refund and the charge back, expanded on request', async () => {
    const intent = await paidIntent(800);
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 200 });
    const retrieved = await stripe.refunds.retrieve(refund.id, { expand: ['charge'] });
    expect(retrieved.charge).toMatchObject({ id: intent.latest_charge, amount_refunded: 200, refunded: false });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount: 800, amount_refunded: 200, payment_intent: intent.id });
  });
});
