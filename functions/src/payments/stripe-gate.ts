import { AppError } from '@tickethub/shared';
import Bottleneck from 'bottleneck';
import Stripe from 'stripe';
import type { PaymentsConfig } from './config';
import { PaymentErrors } from './errors';

/**
 * Stripe is a bounded resource: 25 PaymentIntent creations a second by default, 429 beyond. In an on-sale,
 * reservations run far ahead of that, so intent creation goes through this gate: a client-side rate (a burst waits
 * its turn in a queue instead of meeting Stripe's 429), and Stripe's 429s (`rate_limit`, `lock_timeout`) are retried
 * with backoff for as long as the buyer is willing to wait and the hold lasts. Every retry carries the same
 * idempotency key, so a retry can never create a second intent.
 */

/** 503 with Retry-After: the order still holds its ticket, the buyer presses Pay again in a moment. */
export class PaymentProviderBusyError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(503, PaymentErrors.PROVIDER_BUSY, 'Waiting for the payment provider: your ticket is held, try again in a few seconds');
  }
}

/** Stripe's "not now" answers: nothing happened, the same request may be sent again. */
export function isStripeBusy(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if (current instanceof Stripe.errors.StripeRateLimitError) return true;
    if (current instanceof Stripe.errors.StripeError && current.code === 'lock_timeout') return true;
  }
  return false;
}

export interface StripeGate {
  /** Runs `work` (one Stripe write) within the rate, retrying Stripe's 429s until `deadline`. */
  run<T>(deadline: Date, work: () => Promise<T>): Promise<T>;
}

const BASE_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 2000;
const RETRY_AFTER_SECONDS = 2;

export function createStripeGate(
  config: Pick<PaymentsConfig, 'STRIPE_INTENT_RATE' | 'STRIPE_BUSY_WAIT_SECONDS'>,
  sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
): StripeGate {
  // One start every 1/rate seconds; no bound on how many run at once (Stripe's answer time is not the limit).
  const limiter = new Bottleneck({ minTime: 1000 / config.STRIPE_INTENT_RATE });

  /** Waits for a slot; null when the deadline passes first (the slot, when it comes, is then given up at once). */
  const inTurn = async <T>(deadline: number, work: () => Promise<T>): Promise<{ value: T } | null> => {
    let abandoned = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(
        () => {
          abandoned = true;
          resolve(null);
        },
        Math.max(0, deadline - Date.now()),
      );
    });
    const turn = limiter.schedule(async () => (abandoned ? null : { value: await work() }));
    try {
      return await Promise.race([turn, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async run(deadline, work) {
      const until = Math.min(deadline.getTime(), Date.now() + config.STRIPE_BUSY_WAIT_SECONDS * 1000);
      for (let attempt = 0; ; attempt++) {
        try {
          const outcome = await inTurn(until, work);
          if (outcome) return outcome.value;
        } catch (error) {
          if (!isStripeBusy(error)) throw error;
          // Full jitter, so a crowd refused in the same second does not come back in the same second.
          const backoff = Math.random() * Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
          if (Date.now() + backoff < until) {
            await sleep(backoff);
            continue;
          }
        }
        throw new PaymentProviderBusyError(RETRY_AFTER_SECONDS);
      }
    },
  };
}
