import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { signStripePayload } from '@tickethub/stripe-local';
import { api, signUp, type ApiResponse, type SignedInUser } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { fuzzRuns } from '@tickethub/dev/testing/fuzz';
import { PAYMENTS, STRIPE_EVENTS } from './store';
import { placeOrder, postWebhook } from './test-support';

// Hundreds of real HTTP requests per property, each with its Firestore work: bounded by count, given time to finish
// on two busy cores (the assertions are per request, never on time).
jest.setTimeout(180_000);

let stack: TestStack;
let buyer: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'payments'], stripe: { webhook: false } });
  buyer = await signUp(stack.origin);
});
afterAll(() => stack.close());

const count = async (collection: string) => (await stack.platform('payments').db.collection(collection).count().get()).data().count;

function expectClientError(response: ApiResponse): void {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.body.errors.length).toBeGreaterThan(0);
  expect(typeof response.body.errors[0].message).toBe('string');
}

const ascii = fc.string({ unit: 'grapheme-ascii', maxLength: 80 });
/** Shapes a Stripe event might have, with every field possibly wrong. */
const eventLike = fc.record(
  {
    id: fc.oneof(fc.constant('evt_fuzz'), ascii, fc.integer()),
    object: fc.constant('event'),
    type: fc.constantFrom('payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded', 'customer.created'),
    data: fc.record(
      {
        object: fc.record(
          {
            id: fc.oneof(ascii, fc.constant('pi_unknown')),
            object: fc.constantFrom('payment_intent', 'charge'),
            payment_intent: fc.oneof(ascii, fc.constant(null)),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
/** Well-formed events about intents that are not ours (or do not exist). */
const wellFormed = fc.record({
  id: fc.stringMatching(/^evt_\w{1,30}$/),
  type: fc.constantFrom('payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded', 'payment_intent.created'),
  data: fc.record({
    object: fc.record({
      id: fc.stringMatching(/^(pi|ch)_\w{1,30}$/),
      object: fc.constantFrom('payment_intent', 'charge'),
      payment_intent: fc.stringMatching(/^pi_\w{1,30}$/),
    }),
  }),
});
const payloadText = fc.oneof(
  wellFormed.map((event) => JSON.stringify(event)),
  eventLike.map((event) => JSON.stringify(event)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  ascii,
);

describe('payments › fuzz', () => {
  it('answers random POST /api/payments bodies with 4xx envelopes only, and writes nothing', async () => {
    const order = await placeOrder(stack, buyer, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const before = await count(PAYMENTS);
    const field = fc.oneof(ascii, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(order.id), fc.array(ascii, { maxLength: 2 }));
    const body = fc.oneof(fc.record({ orderId: field }, { requiredKeys: [] }), fc.record({ orderId: field, amount: field, status: field }), fc.anything());
    await fc.assert(
      fc.asyncProperty(body, async (payload) => expectClientError(await api(stack.origin, 'POST', '/api/payments', { token: buyer.token, body: payload }))),
      { numRuns: fuzzRuns(600) },
    );
    expect(await count(PAYMENTS)).toBe(before);
  });

  it('answers webhook deliveries with forged, stale or missing signatures with 4xx envelopes only, recording nothing', async () => {
    const before = await count(STRIPE_EVENTS);
    const now = () => Math.floor(Date.now() / 1000);
    const signature = fc.oneof(
      fc.constant(null),
      ascii,
      fc.constant(0).map(() => `t=${now()},v1=${randomBytes(32).toString('hex')}`),
      fc.constant('whsec_guess'),
      fc.integer({ min: 301, max: 100_000 }).map((age) => ({ age })),
    );
    await fc.assert(
      fc.asyncProperty(payloadText, signature, async (payload, sig) => {
        const header =
          sig === null || typeof sig === 'string'
            ? sig === 'whsec_guess'
              ? signStripePayload(payload, 'whsec_guess')
              : sig
            : signStripePayload(payload, stack.config.STRIPE_WEBHOOK_SECRET, now() - sig.age);
        expectClientError(await postWebhook(stack, payload, header));
      }),
      { numRuns: fuzzRuns(600) },
    );
    expect(await count(STRIPE_EVENTS)).toBe(before);
  });

  it('never answers a correctly signed but odd event with a 5xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(payloadText, async (payload) => {
        const response = await postWebhook(stack, payload);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expectClientError(response);
      }),
      { numRuns: fuzzRuns(200) },
    );
    // Both sides were exercised: events the handler took (and looked up at Stripe) and bodies it refused.
    expect(statuses.get(200)).toBeGreaterThan(10);
    expect(statuses.get(400)).toBeGreaterThan(10);
  });
});
