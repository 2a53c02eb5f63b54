import fc from 'fast-check';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket, ticketBody } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { fuzzRuns } from '@tickethub/dev/testing/fuzz';
import { fromMinorUnits, priceProblem, SUPPORTED_CURRENCIES } from '@tickethub/shared';
import { LISTINGS } from './store';

// Hundreds of real HTTP requests per property, each with its Firestore work: bounded by count, given time to finish
// on two busy cores (the assertions are per request, never on time).
jest.setTimeout(180_000);

let stack: TestStack;
let seller: SignedInUser;
beforeAll(async () => {
  // One seller lists every generated body: the per-seller listing limit (limits.test.ts proves it) is lifted here.
  stack = await startTestStack({ domains: ['auth', 'tickets'], env: { RATE_LIMIT_LISTING_WRITES_PER_USER: '1000000/60' } });
  seller = await signUp(stack.origin);
});
afterAll(() => stack.close());

const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.constant(''));
const keys = ['title', 'description', 'category', 'venue', 'city', 'eventDate', 'price', 'currency', 'status', 'sellerId', 'version', 'orderId'];

describe('tickets › fuzz', () => {
  it('lists tickets in mixed currencies and prices only when Stripe could charge them, storing exact minor units', async () => {
    const listings = stack.platform('tickets').db.collection(LISTINGS);
    const before = (await listings.count().get()).data().count;
    const currency = fc.oneof(
      fc.constantFrom(...SUPPORTED_CURRENCIES),
      fc.constantFrom('xau', 'xxx', 'USD', 'Jpy', 'kwdd', '', 'isk', 'ugx', 'huf', 'twd', 'kwd', 'bhd'),
    );
    const price = fc.oneof(
      fc.double({ min: -1, max: 200_000, noNaN: true }),
      fc.integer({ min: 0, max: 100_001 }),
      fc.integer({ min: 0, max: 10_000_000 }).map((minor) => minor / 1000),
      fc.constantFrom(0.1, 0.5, 0.29, 0.3, 49, 50, 1500.5, 1.005, 1.01, 200.5, 175, 99_999.999),
    );
    let created = 0;
    await fc.assert(
      fc.asyncProperty(price, currency, async (amount, code) => {
        const response = await api(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: { ...ticketBody(), price: amount, currency: code } });
        const chargeable = SUPPORTED_CURRENCIES.includes(code) && amount > 0 && amount <= 100_000 && priceProblem(amount, code) === null;
        if (!chargeable) {
          expect(response.status).toBe(400);
          expect(response.body.errors.length).toBeGreaterThan(0);
          expect(response.body.errors.every((e: { field?: string }) => e.field === 'price' || e.field === 'currency')).toBe(true);
          return;
        }
        expect(response.status).toBe(201);
        created++;
        const stored = (await listings.doc(response.body.id).get()).data()!;
        expect(Number.isSafeInteger(stored.price)).toBe(true);
        expect(Number(fromMinorUnits(stored.price, code))).toBe(amount);
        expect(response.body.price).toBe(amount);
      }),
      { numRuns: fuzzRuns(120) },
    );
    expect((await listings.count().get()).data().count - before).toBe(created);
    // Whatever was accepted, the home page still reads.
    expect((await api(stack.origin, 'GET', '/api/tickets?limit=100')).status).toBe(200);
  });

  it('answers random update bodies with 4xx envelopes only and never changes the ticket', async () => {
    const ticket = await createTicket(stack, seller);
    const ref = stack.platform('tickets').db.collection(LISTINGS).doc(ticket.id);
    const before = (await ref.get()).data();
    // Bodies of editable and non-editable keys with values of the wrong type, empty, or out of range.
    const body = fc.oneof(fc.dictionary(fc.constantFrom(...keys), field, { minKeys: 0, maxKeys: 4 }), fc.anything());
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const response = await api(stack.origin, 'PUT', `/api/tickets/${ticket.id}`, { token: seller.token, body: payload });
        if (response.status === 200) return void accepted++; // e.g. {description: ''} is a valid edit
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: fuzzRuns(500) },
    );
    const after = (await ref.get()).data();
    // Every accepted edit bumps the version by one, so this proves that none of the refused ones wrote anything.
    expect(after!.version - before!.version).toBe(accepted);
    expect(after!.sellerId).toBe(before!.sellerId);
    expect(after!.status).toBe('available');
  });

  it('answers random query strings to the list with 200 or 4xx envelopes, never 5xx', async () => {
    const names = ['q', 'category', 'city', 'minPrice', 'maxPrice', 'from', 'to', 'sort', 'limit', 'cursor', 'mine', 'status', 'x'];
    const query = fc.array(
      fc.tuple(
        fc.constantFrom(...names),
        fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('true', '-price', 'concert', '2030-01-01T00:00:00Z', '', '0', '101')),
      ),
      { maxLength: 5 },
    );
    await fc.assert(
      fc.asyncProperty(query, async (pairs) => {
        const search = new URLSearchParams(pairs).toString();
        const response = await api(stack.origin, 'GET', `/api/tickets?${search}`);
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) expect(Array.isArray(response.body.items)).toBe(true);
        else expect(response.body.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: fuzzRuns(500) },
    );
  });
});
