import fc from 'fast-check';
import { api } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { fuzzRuns } from '@tickethub/dev/testing/fuzz';
import { USERS } from './store';

// Hundreds of real HTTP requests per property, each with its Firestore work: bounded by count, given time to finish
// on two busy cores (the assertions are per request, never on time).
jest.setTimeout(180_000);

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth'] });
});
afterAll(() => stack.close());

/** Bodies that are almost right are the interesting ones: valid-looking keys with wrong types, sizes and shapes. */
const field = fc.oneof(
  fc.string(),
  fc.string({ minLength: 129, maxLength: 300 }),
  fc.emailAddress().map((email) => `${email} `),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const body = fc.oneof(
  fc.record({ email: field, password: field }, { requiredKeys: [] }),
  fc.record({ email: fc.string().filter((s) => !s.includes('@')), password: fc.string({ minLength: 8, maxLength: 20 }) }),
  fc.record({ email: fc.emailAddress(), password: fc.string({ maxLength: 7 }) }),
  fc.anything(),
);

describe('auth › fuzz', () => {
  it('answers random bodies to signup and signin with 4xx envelopes only, and stores nothing for rejected signups', async () => {
    const statuses = new Map<number, number>();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('signup', 'signin'), body, async (route, payload) => {
        const response = await api(stack.origin, 'POST', `/api/users/${route}`, { body: payload });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 201) {
          accepted++;
          return;
        }
        expect([400, 409, 429]).toContain(response.status);
        expect(response.body.errors.length).toBeGreaterThan(0);
        for (const error of response.body.errors) expect(typeof error.message).toBe('string');
      }),
      { numRuns: fuzzRuns(520) },
    );
    const stored = await stack.platform('auth').db.collection(USERS).count().get();
    expect(stored.data().count).toBe(accepted);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
  });
});
