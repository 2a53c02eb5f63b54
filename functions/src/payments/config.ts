import { z } from 'zod';
import { ConfigError } from '../platform/config';

/**
 * Payments' own settings (beside the platform's): how hard this function instance may press Stripe.
 *
 * STRIPE_INTENT_RATE: PaymentIntent creations per second this instance starts, at most. Stripe allows 25 requests/s
 * per endpoint by default (100/s per account): set it to (the account's limit for POST /v1/payment_intents, minus
 * headroom for other callers) / (the payments function's max instances). A burst above it queues, it does not fail.
 * STRIPE_BUSY_WAIT_SECONDS: how long one request may wait for a slot and retry Stripe's 429s (rate_limit,
 * lock_timeout) before it answers 503 "waiting for the payment provider" with Retry-After; never past the hold.
 */
export const paymentsEnvSchema = z.object({
  STRIPE_INTENT_RATE: z.coerce.number().positive().default(20),
  STRIPE_BUSY_WAIT_SECONDS: z.coerce.number().positive().default(10),
});
export type PaymentsConfig = z.infer<typeof paymentsEnvSchema>;

export function loadPaymentsConfig(source: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  const parsed = paymentsEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid payments configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
