import { RateLimitError } from '@tickethub/shared';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { rateLimiter } from './rate-limit';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth'] });
});
afterAll(() => stack.close());

const limit = { max: 10, windowSeconds: 60 };
const windowStart = (ms: number) => Math.floor(ms / 60_000) * 60_000;
let keys = 0;
const limiter = () => rateLimiter(stack.platform('auth').db, 'auth_rate_limits');
const hit = (key: string, at: Date) =>
  limiter()
    .hit('test', key, limit, 'limited', at)
    .then(
      () => true,
      (error: unknown) => {
        expect(error).toBeInstanceOf(RateLimitError);
        return false;
      },
    );

/** Hits at `at` all at once; how many passed. */
async function burst(key: string, count: number, at: Date): Promise<number> {
  return (await Promise.all(Array.from({ length: count }, () => hit(key, at)))).filter(Boolean).length;
}

/** Hits at `at` one after another; how many passed. */
async function oneByOne(key: string, count: number, at: Date): Promise<number> {
  let passed = 0;
  for (let i = 0; i < count; i++) if (await hit(key, at)) passed++;
  return passed;
}

describe('platform › rate limits counted before the work', () => {
  it('lets at most max of a parallel burst through, and nothing after it', async () => {
    const key = `k${keys++}`;
    expect(await burst(key, 40, new Date())).toBeLessThanOrEqual(10);
    expect(await oneByOne(key, 3, new Date())).toBe(0);
  });

  it('lets a burst within the limit through whole, and counts one by one exactly', async () => {
    const key = `k${keys++}`;
    expect(await burst(key, 6, new Date())).toBe(6);
    expect(await oneByOne(key, 6, new Date())).toBe(4);
  });

  it('gives a burst astride a window edge no second allowance', async () => {
    const key = `k${keys++}`;
    const edge = windowStart(Date.now()) + 60_000;
    expect(await oneByOne(key, 12, new Date(edge - 100))).toBe(10);
    expect(await burst(key, 15, new Date(edge + 100))).toBe(0);
  });

  it('opens again as the previous window slides out', async () => {
    const key = `k${keys++}`;
    const start = windowStart(Date.now());
    expect(await oneByOne(key, 10, new Date(start + 59_000))).toBe(10);
    // Half of the previous window still counts (5 of its 10), so 5 more fit; a whole window later, all 10.
    expect(await oneByOne(key, 10, new Date(start + 90_000))).toBe(5);
    expect(await oneByOne(key, 12, new Date(start + 180_000))).toBe(10);
  });

  it('answers with the seconds until the window ends', async () => {
    const key = `k${keys++}`;
    const start = windowStart(Date.now());
    await oneByOne(key, 10, new Date(start + 20_000));
    await expect(limiter().hit('test', key, limit, 'limited', new Date(start + 20_000))).rejects.toMatchObject({ retryAfterSeconds: 40 });
  });
});
