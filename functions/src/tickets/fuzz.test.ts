import fc from 'fast-check';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { LISTINGS } from './store';

let stack: TestStack;
let seller: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets'] });
  seller = await signUp(stack.origin);
});
afterAll(() => stack.close());

const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.constant(''));
const keys = ['title', 'description', 'category', 'venue', 'city', 'eventDate', 'price', 'currency', 'status', 'sellerId', 'version', 'orderId'];

describe('tickets › fuzz', () => {
  it('answers 500 random update bodies with 4xx envelopes only and never changes the ticket', async () => {
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
      { numRuns: 500 },
    );
    const after = (await ref.get()).data();
    // Every accepted edit bumps the version by one, so this proves that none of the refused ones wrote anything.
    expect(after!.version - before!.version).toBe(accepted);
    expect(after!.sellerId).toBe(before!.sellerId);
    expect(after!.status).toBe('available');
  });

  it('answers 500 random query strings to the list with 200 or 4xx envelopes, never 5xx', async () => {
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
      { numRuns: 500 },
    );
  });
});
