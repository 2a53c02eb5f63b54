import { StripeApiError } from './errors';

/**
 * Stripe's rate limits, when asked for (docs.stripe.com/rate-limits): live mode allows about 100 requests/s per
 * account and 25/s per endpoint by default, and answers the rest 429 with code `rate_limit`; a request that finds
 * its object locked by another answers 429 `lock_timeout`. The stand-in does neither unless told to, so everyday
 * tests and `npm start` never see a 429; the payment path's tests and the benchmark turn it on.
 */
export interface RateLimitSettings {
  /** Requests per second allowed per endpoint (method + path with ids taken out); null = unlimited. */
  perEndpoint: number | null;
  /** Every n-th request answers 429 lock_timeout instead (0 = never), as when Stripe holds the object's lock. */
  lockTimeoutEvery?: number;
}

export class RateLimiter {
  private settings: RateLimitSettings = { perEndpoint: null, lockTimeoutEvery: 0 };
  private readonly windows = new Map<string, { second: number; count: number }>();
  private requests = 0;
  /** How many requests were refused with 429, by code: the tests and the benchmark read it. */
  readonly refused = { rate_limit: 0, lock_timeout: 0 };

  configure(settings: RateLimitSettings): void {
    const { perEndpoint, lockTimeoutEvery = 0 } = settings;
    if (perEndpoint !== null && !(perEndpoint > 0)) throw new Error(`Stripe stand-in: perEndpoint must be > 0 or null, got ${perEndpoint}`);
    if (!Number.isInteger(lockTimeoutEvery) || lockTimeoutEvery < 0) throw new Error(`Stripe stand-in: lockTimeoutEvery must be an integer >= 0`);
    this.settings = { perEndpoint, lockTimeoutEvery };
    this.windows.clear();
    this.requests = 0;
  }

  /** Throws Stripe's 429 when this request is over the limit; counts it otherwise. */
  admit(method: string, pathname: string, now = Date.now()): void {
    const { perEndpoint, lockTimeoutEvery } = this.settings;
    this.requests++;
    if (lockTimeoutEvery && this.requests % lockTimeoutEvery === 0) {
      this.refused.lock_timeout++;
      throw new StripeApiError(
        429,
        {
          type: 'invalid_request_error',
          code: 'lock_timeout',
          message: 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. Please retry.',
          doc_url: 'https://stripe.com/docs/error-codes/lock-timeout',
        },
        false,
      );
    }
    if (perEndpoint === null) return;
    const endpoint = `${method} ${pathname.replace(/\/(pi|ch|re|pm|cus|evt)_[A-Za-z0-9_]+/g, '/:id')}`;
    const second = Math.floor(now / 1000);
    const window = this.windows.get(endpoint);
    if (!window || window.second !== second) {
      this.windows.set(endpoint, { second, count: 1 });
      return;
    }
    if (window.count >= perEndpoint) {
      this.refused.rate_limit++;
      throw new StripeApiError(
        429,
        {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
          doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
        },
        false,
      );
    }
    window.count++;
  }
}
