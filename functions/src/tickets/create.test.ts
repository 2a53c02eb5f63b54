import fc from 'fast-check';
import { api, expectEnvelope, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { publishedEvents, ticketBody } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { fuzzRuns } from '@tickethub/dev/testing/fuzz';
import { LISTINGS } from './store';

// Hundreds of real HTTP requests per property, each with its Firestore work: bounded by count, given time to finish
// on two busy cores (the assertions are per request, never on time).
jest.setTimeout(180_000);

let stack: TestStack;
let seller: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets'] });
  seller = await signUp(stack.origin);
});
afterAll(() => stack.close());

const create = (body: unknown, token: string | null = seller.token) => api(stack.origin, 'POST', '/api/tickets', { body, token: token ?? undefined });

describe('tickets › create', () => {
  it('has a route for POST /api/tickets (not a 404)', async () => {
    expect((await create({})).status).not.toBe(404);
  });

  it('requires a session: 401 without one', async () => {
    const response = await create(ticketBody(), null);
    expect(response.status).toBe(401);
    expectEnvelope(response);
  });

  it('refuses an invalid title with 400 naming the field', async () => {
    for (const title of ['', 'ab', 'x'.repeat(121), 42]) {
      const response = await create(ticketBody({ title }));
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'title' })]);
    }
  });

  it('refuses an invalid price with 400 naming the field', async () => {
    for (const price of [0, -10, 100_000.01, 10.999, '10', null]) {
      const response = await create(ticketBody({ price }));
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'price' })]);
    }
  });

  it('refuses past event dates, unknown categories, bad currencies and unknown fields', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ eventDate: new Date(Date.now() - 60_000).toISOString() }, 'eventDate'],
      [{ eventDate: 'next friday' }, 'eventDate'],
      [{ category: 'opera-ish' }, 'category'],
      [{ currency: 'USD' }, 'currency'],
      [{ currency: 'xyz' }, 'currency'],
      [{ venue: 'x' }, 'venue'],
      [{ city: 'y' }, 'city'],
      [{ status: 'sold' }, ''],
    ];
    for (const [override, field] of cases) {
      const response = await create(ticketBody(override));
      expect(response.status).toBe(400);
      if (field) expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('creates an available ticket at version 0 with the exact price', async () => {
    const response = await create(ticketBody({ price: 19.99, currency: 'eur' }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: 'Arctic Monkeys live',
      price: 19.99,
      currency: 'eur',
      status: 'available',
      version: 0,
      sellerId: seller.id,
    });
    // Who holds a ticket is private: no read names the order, even the seller's own.
    expect(response.body).not.toHaveProperty('orderId');
    const stored = (await stack.platform('tickets').db.collection(LISTINGS).doc(response.body.id).get()).data();
    expect(stored?.price).toBe(1999);
  });

  it('defaults the currency to usd and the description to empty', async () => {
    const { description: _description, ...withoutDescription } = ticketBody();
    const response = await create(withoutDescription);
    expect(response.body).toMatchObject({ currency: 'usd', description: '' });
  });

  it('publishes ticket.created with the price in minor units', async () => {
    // USD's smallest chargeable price (Stripe's minimum, 0.50): 50 minor units on the event.
    const response = await create(ticketBody({ price: 0.5 }));
    expect(response.status).toBe(201);
    const events = await publishedEvents(stack.platform('tickets'), 'ticket.created');
    const event = events.find((e) => e.data.id === response.body.id);
    expect(event).toMatchObject({
      type: 'ticket.created',
      source: 'tickethub/tickets',
      data: { id: response.body.id, version: 0, price: 50, currency: 'usd', sellerId: seller.id, status: 'available' },
    });
  });

  it('answers random bodies with 4xx envelopes only and writes nothing for them', async () => {
    const before = (await stack.platform('tickets').db.collection(LISTINGS).count().get()).data().count;
    let created = 0;
    const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));
    const body = fc.oneof(
      fc.record({ title: field, category: field, venue: field, city: field, eventDate: field, price: field, currency: field }, { requiredKeys: [] }),
      fc.record({ price: fc.double({ min: -10, max: 200_000 }) }).map((override) => ticketBody(override)),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const response = await create(payload);
        if (response.status === 201) return void created++;
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: fuzzRuns(500) },
    );
    const after = (await stack.platform('tickets').db.collection(LISTINGS).count().get()).data().count;
    expect(after - before).toBe(created);
  });
});
