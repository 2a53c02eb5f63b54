import { freePort } from '@tickethub/dev/stack/ports';
import { signStripePayload, startStripeStandIn, type StripeStandIn } from '@tickethub/stripe-local';
import { signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { STRIPE_EVENTS } from './store';
import { pay, placeOrder, postWebhook, storedPayment } from './test-support';

let stack: TestStack;
let buyer: SignedInUser;
let stripePort: number;
let standIn: StripeStandIn | undefined;
beforeAll(async () => {
  // Stripe is configured but not there yet: nothing listens on its port until a test starts the stand-in on it.
  stripePort = await freePort();
  stack = await startTestStack({ domains: ['auth', 'payments'], env: { STRIPE_API_BASE: `http://127.0.0.1:${stripePort}` } });
  buyer = await signUp(stack.origin);
});
afterAll(async () => {
  await standIn?.close();
  await stack.close();
});

describe('payments › while Stripe is unreachable', () => {
  it('answers POST /api/payments with 503 and writes nothing; the retry succeeds once Stripe is back', async () => {
    const order = await placeOrder(stack, buyer);
    const response = await pay(stack, buyer, order.id);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.body.errors[0].message).toBe('Payment provider temporarily unavailable');
    expect(await storedPayment(stack, order.id)).toBeUndefined();

    standIn ??= await startStripeStandIn({ port: stripePort });
    const retried = await pay(stack, buyer, order.id);
    expect(retried.status).toBe(201);
  });

  it('answers a webhook with 503 so that Stripe delivers it again, recording nothing until it can act', async () => {
    await standIn?.close();
    standIn = undefined;
    const payload = JSON.stringify({
      id: 'evt_outage',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_outage', object: 'payment_intent' } },
    });
    const response = await postWebhook(stack, payload, signStripePayload(payload, stack.config.STRIPE_WEBHOOK_SECRET));
    expect(response.status).toBe(503);
    const record = stack.platform('payments').db.collection(STRIPE_EVENTS).doc('evt_outage');
    expect((await record.get()).exists).toBe(false);

    standIn = await startStripeStandIn({ port: stripePort });
    const redelivered = await postWebhook(stack, payload, signStripePayload(payload, stack.config.STRIPE_WEBHOOK_SECRET));
    expect(redelivered.status).toBe(200);
    expect((await record.get()).exists).toBe(true);
  });
});
