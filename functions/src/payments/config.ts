import { z } from 'zod';
import { defineEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';

/** The payments function's own settings: Stripe's keys (secrets from Secret Manager in the cloud) and pacing. */
export const paymentsEnv = defineEnv(
  {
    STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
    STRIPE_PUBLISHABLE_KEY: z.string().startsWith('pk_').optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).default('whsec_local'),
    /**
     * The local stand-in's address, used when STRIPE_SECRET_KEY is unset or is the stand-in's own key sk_test_local
     * (npm start, tests, the production rehearsal). Any other key → api.stripe.com, whatever this says.
     */
    STRIPE_API_BASE: z.url().optional(),
    /**
     * STRIPE_INTENT_RATE: PaymentIntent creations per second this instance starts, at most. Stripe allows 25
     * requests/s per endpoint by default (100/s per account): set it to (the account's limit for
     * POST /v1/payment_intents, minus headroom for other callers) / (the payments function's max instances). A burst
     * above it queues, it does not fail.
     * STRIPE_BUSY_WAIT_SECONDS: how long one request may wait for a slot and retry Stripe's 429s (rate_limit,
     * lock_timeout) before it answers 503 "waiting for the payment provider" with Retry-After; never past the hold.
     */
    STRIPE_INTENT_RATE: z.coerce.number().positive().default(20),
    STRIPE_BUSY_WAIT_SECONDS: z.coerce.number().positive().default(10),
  },
  ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
);

export type PaymentsConfig = FunctionConfig & EnvOf<typeof paymentsEnv.shape>;
