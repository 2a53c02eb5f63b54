import fc from 'fast-check';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { listedTicket } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { fuzzRuns } from '@tickethub/dev/testing/fuzz';
import { BUYERS, ORDERS } from './store';

// Hundreds of real HTTP requests per property, each with its Firestore work: bounded by count, given time to finish
// on two busy cores (the assertions are per request, never on time).
jest.setTimeout(180_000);

let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
beforeAll(async () => {
  // The per-buyer reservation limit would turn most runs into 429s; the fuzz is about validation.
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders'], bridge: true, env: { RATE_LIMIT_RESERVATIONS_PER_USER: '100000/3600' } });
  [seller, buyer] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
});
afterAll(() => stack.close());

const count = async (collection: string) => (await stack.platform('orders').db.collection(collection).count().get()).data().count;

describe('orders › fuzz', () => {
  it('answers random reservation bodies with 4xx envelopes only and writes nothing', async () => {
    const ticket = await listedTicket(stack, seller);
    const [orders, buyers] = [await count(ORDERS), await count(BUYERS)];
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object());
    const body = fc.oneof(
      fc.dictionary(fc.constantFrom('ticketId', 'price', 'currency', 'userId', 'status', 'expiresAt'), value, { maxKeys: 4 }),
      // A real ticket id beside fields nobody may set: still refused (strict body).
      fc.record({ ticketId: fc.constant(ticket.id), price: fc.double(), currency: fc.constantFrom('jpy', 'kwd', 'usd') }),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const response = await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: payload });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: fuzzRuns(120) },
    );
    expect([await count(ORDERS), await count(BUYERS)]).toEqual([orders, buyers]);
  });

  it('answers random list queries and order ids with 200 or 4xx envelopes, never 5xx', async () => {
    const query = fc.array(
      fc.tuple(fc.constantFrom('all', 'cursor', 'limit', 'status', 'x'), fc.oneof(fc.string(), fc.constantFrom('true', '0', '101', '-1', '__x__'))),
      {
        maxLength: 4,
      },
    );
    // Ids of Firestore's reserved shape (__…__) among them: the store must not hand them to Firestore.
    const orderId = fc.oneof(
      fc.string(),
      fc.string().map((inner) => `__${inner}__`),
    );
    await fc.assert(
      fc.asyncProperty(query, orderId, async (pairs, id) => {
        const list = await api(stack.origin, 'GET', `/api/orders?${new URLSearchParams(pairs).toString()}`, { token: buyer.token });
        expect(list.status).toBeLessThan(500);
        const one = await api(stack.origin, 'GET', `/api/orders/${encodeURIComponent(id) || 'x'}`, { token: buyer.token });
        expect(one.status).toBeLessThan(500);
        if (one.status !== 200) expect(one.body.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: fuzzRuns(80) },
    );
  });
});
