import { z } from 'zod';
import { ConfigError, defineEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';

/** The payouts function's own settings, parsed from the environment once when the function is built. */
export const payoutsEnvSchema = z.object({
  /** The platform's share of each sale, in percent (up to two decimals). */
  PLATFORM_FEE_PERCENT: z.coerce.number().min(0).max(100).default(10),
  /** How long after the event the seller is paid (buyers can report a fake ticket meanwhile). */
  PAYOUT_DELAY_SECONDS: z.coerce.number().int().min(0).default(259_200),
  STRIPE_CONNECT_WEBHOOK_SECRET: z.string().min(1).default('whsec_local_connect'),
  /** Where onboarding sends the seller back to (the shop's origin); unset (locally) → the origin the request came to. */
  PUBLIC_ORIGIN: z.url().optional(),
  /** Cloud Tasks queue of payout releases and the /tasks/release URL it calls (cloud only; unset → local timers). */
  PAYOUT_TASKS_QUEUE: z.string().min(1).optional(),
  PAYOUT_TASK_URL: z.url().optional(),
  /** First wait before retrying a transfer Stripe refused; doubles per refusal up to an hour. */
  PAYOUT_RETRY_SECONDS: z.coerce.number().int().positive().default(60),
});

/**
 * The payouts function's schema (functions.ts's deployables table): its own settings plus the Stripe key it pays
 * with and the Cloud Tasks location/identity its release tasks use.
 */
export const payoutsEnv = defineEnv(
  {
    ...payoutsEnvSchema.shape,
    STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
    /** The local stand-in's address (see payments/config.ts). */
    STRIPE_API_BASE: z.url().optional(),
    TASKS_LOCATION: z.string().min(1).optional(),
    TASKS_SERVICE_ACCOUNT: z.string().min(1).optional(),
    /** Where the Cloud Tasks API is reached: the rehearsal's stand-in (dev/rehearsal); Google's endpoint when unset. */
    TASKS_API_ENDPOINT: z.url().optional(),
  },
  ['STRIPE_SECRET_KEY', 'STRIPE_CONNECT_WEBHOOK_SECRET', 'PUBLIC_ORIGIN', 'PAYOUT_TASKS_QUEUE', 'PAYOUT_TASK_URL', 'TASKS_LOCATION', 'TASKS_SERVICE_ACCOUNT'],
);

export type PayoutsFunctionConfig = FunctionConfig & EnvOf<typeof payoutsEnv.shape>;

export interface PayoutsConfig {
  feePercent: number;
  delaySeconds: number;
  connectWebhookSecret: string;
  publicOrigin?: string;
  tasksQueue?: string;
  taskUrl?: string;
  retrySeconds: number;
}

export function loadPayoutsConfig(source: Readonly<Record<string, unknown>>, production: boolean): PayoutsConfig {
  const parsed = payoutsEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`);
    throw new ConfigError(`Invalid payouts configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  // The well-known local secret in production would let anyone forge "this seller is active".
  if (production && env.STRIPE_CONNECT_WEBHOOK_SECRET === 'whsec_local_connect') {
    throw new ConfigError("Invalid payouts configuration:\n  STRIPE_CONNECT_WEBHOOK_SECRET must be the Connect endpoint's own secret in production");
  }
  if (production && !env.PUBLIC_ORIGIN) throw new ConfigError('Invalid payouts configuration:\n  PUBLIC_ORIGIN is required in production');
  return {
    feePercent: env.PLATFORM_FEE_PERCENT,
    delaySeconds: env.PAYOUT_DELAY_SECONDS,
    connectWebhookSecret: env.STRIPE_CONNECT_WEBHOOK_SECRET,
    publicOrigin: env.PUBLIC_ORIGIN?.replace(/\/$/, ''),
    tasksQueue: env.PAYOUT_TASKS_QUEUE,
    taskUrl: env.PAYOUT_TASK_URL,
    retrySeconds: env.PAYOUT_RETRY_SECONDS,
  };
}
