import Stripe from 'stripe';
import { createLogger } from '@tickethub/functions/src/platform/logger';
import { startStripeStandIn, type StripeEvent } from './index';
import { deferred, startReceiver, stripeClient, withStandIn, type Receiver } from './test-support';

const verifier = new Stripe('sk_test_local');

function verified(delivery: { headers: Record<string, unknown>; body: string }, secret = 'whsec_local'): Stripe.Event {
  return verifier.webhooks.constructEvent(delivery.body, String(delivery.headers['stripe-signature']), secret);
}

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('Stripe stand-in › webhooks', () => {
  it('delivers each event signed so that stripe.webhooks.constructEvent accepts it', async () => {
    const endpoint = (receiver = await startReceiver());
    await withStandIn({ webhookUrl: endpoint.url }, async (standIn, stripe) => {
      const intent = await stripe.paymentIntents.create({ amount: 1999, currency: 'usd', metadata: { orderId: 'order-1' } });
      await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' }, { idempotencyKey: 'confirm-order-1' });
      await standIn.waitForDeliveries();

      expect(endpoint.deliveries).toHaveLength(1);
      const [delivery] = endpoint.deliveries;
      expect(delivery?.headers['content-type']).toMatch(/^application\/json/);
      expect(delivery?.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = verified(delivery!);
      expect(event).toMatchObject({
        object: 'event',
        type: 'payment_intent.succeeded',
        livemode: false,
        pending_webhooks: 1,
        api_version: Stripe.API_VERSION,
        request: { idempotency_key: 'confirm-order-1' },
      });
      expect(event.id).toMatch(/^evt_\w+$/);
      const paid = event.data.object as Stripe.PaymentIntent;
      expect(paid).toMatchObject({ id: intent.id, status: 'succeeded', metadata: { orderId: 'order-1' } });
      expect(Number.isInteger(paid.amount) && Number.isInteger(paid.amount_received)).toBe(true);
      expect(paid.amount_received).toBe(1999);
      expect(standIn.events().map((recorded) => recorded.id)).toEqual([event.id]);
    });
  });

  it('is rejected by constructEvent when the body is altered or the secret differs', async () => {
    const endpoint = (receiver = await startReceiver());
    await withStandIn({ webhookUrl: endpoint.url, webhookSecret: 'whsec_other' }, async (standIn, stripe) => {
      const { id } = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
      await stripe.paymentIntents.cancel(id);
      await standIn.waitForDeliveries();
      const [delivery] = endpoint.deliveries;
      expect(verified(delivery!, 'whsec_other').type).toBe('payment_intent.canceled');
      expect(() => verified(delivery!, 'whsec_local')).toThrow(Stripe.errors.StripeSignatureVerificationError);
      const altered = { ...delivery!, body: delivery!.body.replace('"amount": 100', '"amount": 1') };
      expect(altered.body).not.toBe(delivery!.body);
      expect(() => verified(altered, 'whsec_other')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    });
  });

  it('retries an endpoint answering 500 twice, then 200: three deliveries of the same event, each signed', async () => {
    const endpoint = (receiver = await startReceiver((attempt) => (attempt <= 2 ? 500 : 200)));
    await withStandIn({ webhookUrl: endpoint.url, retry: { baseDelayMs: 5 } }, async (standIn, stripe) => {
      const { id } = await stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
      await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' });
      await standIn.waitForDeliveries();

      expect(endpoint.deliveries).toHaveLength(3);
      const events = endpoint.deliveries.map((delivery) => verified(delivery));
      expect(new Set(events.map((event) => event.id)).size).toBe(1);
      expect(events[0]?.type).toBe('payment_intent.succeeded');
    });
  });

  it('gives up after the configured attempts, on error answers and on refused connections alike', async () => {
    const endpoint = (receiver = await startReceiver(() => 503));
    const logged: Array<{ message: string; eventId: string; reason: string }> = [];
    const logger = createLogger({}, (line) => logged.push(JSON.parse(line)));
    await withStandIn({ webhookUrl: endpoint.url, retry: { attempts: 3, baseDelayMs: 1 }, logger }, async (standIn, stripe) => {
      const { id } = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
      await stripe.paymentIntents.cancel(id);
      await standIn.waitForDeliveries();
      expect(endpoint.deliveries).toHaveLength(3);

      // Nothing listens on the receiver's port once it is closed.
      await endpoint.close();
      const other = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
      await stripe.paymentIntents.cancel(other.id);
      await expect(standIn.waitForDeliveries()).resolves.toBeUndefined();
      expect(endpoint.deliveries).toHaveLength(3);
      const [, refusedEvent] = standIn.events();
      const refused = logged.filter((entry) => entry.eventId === refusedEvent?.id);
      expect(refused.map((entry) => entry.message)).toEqual([
        'stripe webhook delivery failed, will retry',
        'stripe webhook delivery failed, will retry',
        'stripe webhook delivery gave up',
      ]);
      expect(refused[0]?.reason).toMatch(/ECONNREFUSED/);
    });
  });

  it('answers the API call before the webhook is delivered', async () => {
    const release = deferred<number>();
    const endpoint = (receiver = await startReceiver(() => release.promise));
    await withStandIn({ webhookUrl: endpoint.url }, async (standIn, stripe) => {
      const { id } = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
      // The receiver holds its answer: were the API call waiting for the webhook, this would never resolve.
      const canceled = await stripe.paymentIntents.cancel(id);
      expect(canceled.status).toBe('canceled');

      let delivered = false;
      const idle = standIn.waitForDeliveries().then(() => (delivered = true));
      await endpoint.received(1);
      expect(delivered).toBe(false);
      release.resolve(200);
      await idle;
      expect(delivered).toBe(true);
    });
  });

  it('records events without delivering them until a webhook URL is set', async () => {
    const endpoint = (receiver = await startReceiver());
    await withStandIn({}, async (standIn, stripe) => {
      const first = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
      await stripe.paymentIntents.cancel(first.id);
      await standIn.waitForDeliveries();
      expect(standIn.events()[0]).toMatchObject({ type: 'payment_intent.canceled', pending_webhooks: 0 });

      standIn.setWebhookUrl(endpoint.url);
      const second = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
      await stripe.paymentIntents.cancel(second.id);
      await standIn.waitForDeliveries();
      expect(endpoint.deliveries.map((delivery) => (verified(delivery).data.object as Stripe.PaymentIntent).id)).toEqual([second.id]);
    });
  });

  it('keeps each recorded event as it was when emitted', async () => {
    await withStandIn({}, async (standIn, stripe) => {
      const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
      await stripe.refunds.create({ payment_intent: intent.id, amount: 400 });
      await stripe.refunds.create({ payment_intent: intent.id, amount: 600 });
      const refunds = standIn.events().filter((event: StripeEvent) => event.type === 'charge.refunded');
      expect(refunds.map((event) => event.data.object.amount_refunded)).toEqual([400, 1000]);
      // events() hands out copies: a test poking at one cannot rewrite history.
      (standIn.events()[0] as StripeEvent).type = 'tampered';
      expect(standIn.events()[0]?.type).toBe('payment_intent.succeeded');
    });
  });

  it('closes idempotently, ending pending retries so waitForDeliveries resolves', async () => {
    const endpoint = (receiver = await startReceiver(() => 500));
    const standIn = await startStripeStandIn({ webhookUrl: endpoint.url, retry: { attempts: 8, baseDelayMs: 60_000 } });
    const stripe = stripeClient(standIn);
    const { id } = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    await stripe.paymentIntents.cancel(id);
    await endpoint.received(1);
    const idle = standIn.waitForDeliveries();
    await Promise.all([standIn.close(), standIn.close()]);
    await expect(idle).resolves.toBeUndefined();
    await expect(stripe.paymentIntents.retrieve(id, {}, { maxNetworkRetries: 0 })).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
  });

  it('refuses a webhook URL that is not http(s) at start-up', async () => {
    await expect(startStripeStandIn({ webhookUrl: 'ftp://example.test/hook' })).rejects.toThrow(/webhook URL must be http/);
    await expect(startStripeStandIn({ retry: { attempts: 0 } })).rejects.toThrow(/retry.attempts/);
  });
});
