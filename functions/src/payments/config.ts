import { z } from 'zod';
import { defineEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';

/** The payments function's own settings: Stripe's keys (secrets from Secret Manager in the cloud). */
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
  },
  ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
);

export type PaymentsConfig = FunctionConfig & EnvOf<typeof paymentsEnv.shape>;
