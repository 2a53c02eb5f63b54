import { api, expectEnvelope, signUp, uniqueEmail } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';

/** API.md: 429 after 10 failures per email+IP in 15 min (RATE_LIMIT_SIGNIN_FAILURES' default). */
const MAX_FAILURES = 10;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth'] });
});
afterAll(() => stack.close());

const signin = (body: unknown, headers?: Record<string, string>) => api(stack.origin, 'POST', '/api/users/signin', { body, headers });

describe('auth › signin', () => {
  it('returns 200 with the user, a token and a session cookie for the right password', async () => {
    const user = await signUp(stack.origin, uniqueEmail(), 'password123');
    const response = await signin({ email: user.email.toUpperCase(), password: 'password123' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: user.id, email: user.email, role: 'user', token: expect.any(String) });
    expect(response.headers.get('set-cookie')).toMatch(/^session=.+HttpOnly/);
  });

  it('answers an unknown email and a wrong password with the same 400 "Invalid credentials"', async () => {
    const user = await signUp(stack.origin);
    const unknown = await signin({ email: uniqueEmail('nobody'), password: 'password123' });
    const wrong = await signin({ email: user.email, password: 'wrong-password' });
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    expect(unknown.body).toEqual({ errors: [{ message: 'Invalid credentials', code: 'AUTH.INVALID_CREDENTIALS' }] });
    expect(wrong.body).toEqual(unknown.body);
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('spends a full password check on unknown emails too (similar timing)', async () => {
    const user = await signUp(stack.origin);
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      await signin({ email, password: 'not-the-password' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    await time(uniqueEmail()); // warm the decoy hash
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      unknown.push(await time(uniqueEmail()));
      wrong.push(await time(user.email));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[2] ?? 0;
    // Both paths run one scrypt; a skipped hash would make the unknown-email path several times faster.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  it(`answers the ${MAX_FAILURES + 1}th failure from one email and IP with 429 and Retry-After, even with the right password`, async () => {
    const user = await signUp(stack.origin, uniqueEmail(), 'password123');
    for (let i = 0; i < MAX_FAILURES; i++) expect((await signin({ email: user.email, password: `wrong-${i}` })).status).toBe(400);
    const limited = await signin({ email: user.email, password: 'password123' });
    expect(limited.status).toBe(429);
    expectEnvelope(limited);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    // Another account from the same IP is not locked out.
    const other = await signUp(stack.origin, uniqueEmail(), 'password123');
    expect((await signin({ email: other.email, password: 'password123' })).status).toBe(200);
  });

  it('counts a parallel burst before checking any password: 60 wrong guesses at once give at most 10 × 400, the rest 429', async () => {
    const user = await signUp(stack.origin, uniqueEmail(), 'password123');
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => signin({ email: user.email, password: `guess-${i}` })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 400).length).toBeLessThanOrEqual(MAX_FAILURES);
    expect(statuses.filter((status) => status !== 400 && status !== 429)).toEqual([]);
    for (const limited of answers.filter((answer) => answer.status === 429)) expectEnvelope(limited);
  });

  it('resets the failure count after a successful signin', async () => {
    const user = await signUp(stack.origin, uniqueEmail(), 'password123');
    for (let i = 0; i < MAX_FAILURES - 1; i++) await signin({ email: user.email, password: 'wrong' });
    expect((await signin({ email: user.email, password: 'password123' })).status).toBe(200);
    for (let i = 0; i < MAX_FAILURES - 1; i++) expect((await signin({ email: user.email, password: 'wrong' })).status).toBe(400);
  });

  it('returns 400 with fields when email or password is missing', async () => {
    const response = await signin({ email: 'a@b.co' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });
});
