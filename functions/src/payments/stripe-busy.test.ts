import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { createHttpFunction } from '../platform/http/handler';
import { orderOf, reserve, waitForOrder } from './flow-support';
import { paymentRoutes } from './index';
import { confirmCard, pay } from './test-support';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

let stack: TestStack;
let seller: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({
    domains: ['auth', 'tickets', 'orders', 'payments'],
    bridge: true,
    stripe: true,
    // A client-side rate above the stand-in's limit, so Stripe's 429s really happen and must be retried.
    handlers: { payments: (platform) => createHttpFunction(platform, paymentRoutes(platform, { STRIPE_INTENT_RATE: 50, STRIPE_BUSY_WAIT_SECONDS: 3 })) },
  });
  seller = await signUp(stack.origin);
});
afterAll(() => stack.close());
afterEach(() => stack.stripe!.setRateLimit({ perEndpoint: null }));

/** The shop's way: 404 = order.created still on its way, 503 PAYMENTS.PROVIDER_BUSY = wait and press Pay again. */
async function payWhenProviderAnswers(buyer: SignedInUser, orderId: string, busy: { count: number }) {
  return waitFor(
    async () => {
      const response = await pay(stack, buyer, orderId);
      if (response.status === 404) return null;
      if (response.status === 503 && response.body.errors?.[0]?.code === 'PAYMENTS.PROVIDER_BUSY') {
        busy.count++;
        return null;
      }
      if (response.status !== 201) throw new Error(`POST /api/payments: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body as { paymentIntentId: string };
    },
    { what: `a PaymentIntent for ${orderId}`, timeoutMs: 60_000 },
  );
}

describe('payments › Stripe as a bounded resource', () => {
  it('a burst of payments meets Stripe’s 429s (rate_limit and lock_timeout) and still ends in paid orders, each paid once', async () => {
    // Reserved one after another (the setup is not what is under test); the payments then all start at once.
    const orders: Array<{ buyer: SignedInUser; order: { id: string } }> = [];
    for (let i = 0; i < 8; i++) {
      const buyer = await signUp(stack.origin);
      orders.push({ buyer, order: (await reserve(stack, seller, buyer)).order as { id: string } });
    }
    stack.stripe!.setRateLimit({ perEndpoint: 3, lockTimeoutEvery: 5 });
    const busy = { count: 0 };
    const intents = await Promise.all(orders.map(({ buyer, order }) => payWhenProviderAnswers(buyer, order.id, busy)));
    const refused = stack.stripe!.refused();
    expect(refused.rate_limit + refused.lock_timeout).toBeGreaterThan(0);
    expect(new Set(intents.map((intent) => intent.paymentIntentId)).size).toBe(orders.length);

    stack.stripe!.setRateLimit({ perEndpoint: null });
    await Promise.all(intents.map((intent) => confirmCard(stack, intent.paymentIntentId, 'pm_card_visa')));
    await Promise.all(orders.map(({ buyer, order }) => waitForOrder(stack, buyer, order.id, 'complete')));
    // Each order was paid exactly once, through the one intent its retries shared (the stand-in records no
    // payment_intent.created event to count creations by; the distinct intents per order are asserted above).
    const created = stack.stripe!.events().filter((event) => event.type === 'payment_intent.succeeded');
    const perOrder = new Map<string, number>();
    for (const event of created) {
      const orderId = (event.data.object as { metadata: { orderId?: string } }).metadata.orderId ?? '';
      perOrder.set(orderId, (perOrder.get(orderId) ?? 0) + 1);
    }
    expect(orders.map(({ order }) => perOrder.get(order.id))).toEqual(orders.map(() => 1));
  }, 300_000); // eight buyers' whole journeys: generous on a busy machine, never a timing assertion

  it('while Stripe refuses everything: 503 PAYMENTS.PROVIDER_BUSY with Retry-After, the ticket still held; paying later works', async () => {
    const buyer = await signUp(stack.origin);
    const { order } = await reserve(stack, seller, buyer);
    stack.stripe!.setRateLimit({ perEndpoint: null, lockTimeoutEvery: 1 });
    const refused = await waitFor(
      async () => {
        const response = await pay(stack, buyer, order.id);
        return response.status === 404 ? null : response;
      },
      { what: 'payments to know the order', timeoutMs: EVENTUALLY_MS },
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ code: 'PAYMENTS.PROVIDER_BUSY', message: expect.stringMatching(/waiting for the payment provider/i) }),
    ]);
    expect((await orderOf(stack, buyer, order.id)).status).toBe('created');
    expect((await api(stack.origin, 'GET', `/api/payments?orderId=${order.id}`, { token: buyer.token })).body.items).toEqual([]);

    stack.stripe!.setRateLimit({ perEndpoint: null });
    expect((await pay(stack, buyer, order.id)).status).toBe(201);
  });
});
