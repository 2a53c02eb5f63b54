import Stripe from 'stripe';
import { withStandIn } from './test-support';

const create = (stripe: Stripe, i: number) =>
  stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd' }).then(
    () => 'ok' as const,
    (error: unknown) => error,
  );

describe('Stripe stand-in › rate limits (only when asked)', () => {
  it('answers nothing with 429 by default', async () => {
    await withStandIn({}, async (standIn, stripe) => {
      const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => create(stripe, i)));
      expect(outcomes.every((outcome) => outcome === 'ok')).toBe(true);
      expect(standIn.refused()).toEqual({ rate_limit: 0, lock_timeout: 0 });
    });
  });

  it('over the per-endpoint rate answers 429 rate_limit, which the SDK raises as StripeRateLimitError, and creates nothing', async () => {
    await withStandIn({}, async (standIn, stripe) => {
      const first = await stripe.paymentIntents.create({ amount: 999, currency: 'usd' });
      standIn.setRateLimit({ perEndpoint: 3 });
      const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => create(stripe, i)));
      const refused = outcomes.filter((outcome) => outcome instanceof Stripe.errors.StripeRateLimitError) as Stripe.errors.StripeRateLimitError[];
      // 12 requests at once can span at most two one-second windows: at most 6 pass.
      expect(refused.length).toBeGreaterThanOrEqual(6);
      expect(refused[0]).toMatchObject({ statusCode: 429, code: 'rate_limit' });
      expect(outcomes.filter((outcome) => outcome === 'ok').length).toBe(12 - refused.length);
      expect(standIn.refused().rate_limit).toBe(refused.length);
      // Another endpoint has its own budget.
      expect((await stripe.paymentIntents.retrieve(first.id)).id).toBe(first.id);
    });
  });

  it('answers 429 lock_timeout on every n-th request, and can be switched off while running', async () => {
    await withStandIn({ rateLimit: { perEndpoint: null, lockTimeoutEvery: 2 } }, async (standIn, stripe) => {
      expect(await create(stripe, 1)).toBe('ok');
      expect(await create(stripe, 2)).toMatchObject({ statusCode: 429, code: 'lock_timeout' });
      standIn.setRateLimit({ perEndpoint: null });
      expect(await create(stripe, 3)).toBe('ok');
      expect(await create(stripe, 4)).toBe('ok');
    });
  });
});
