import Stripe from 'stripe';
import { ConfigError } from '../platform/config';
import type { PaymentsConfig } from './config';

/** The key the local stand-in accepts; it only checks the `sk_test_` form. */
export const LOCAL_STRIPE_KEY = 'sk_test_local';

// Stripe's own advice is to let the SDK retry (network errors, 409 lock conflicts): every write we make carries an
// idempotency key, so a retry can never charge, refund or cancel twice.
const MAX_NETWORK_RETRIES = 2;
// Well under a webhook delivery's and a function's timeout, so a slow Stripe surfaces as a 503 and is retried.
const TIMEOUT_MS = 20_000;

/** The stand-in's address when STRIPE_API_BASE does not name one. */
export const LOCAL_STRIPE_API_BASE = 'http://127.0.0.1:12111';

export function stripeApiBase(config: Pick<PaymentsConfig, 'STRIPE_API_BASE'>): string {
  return config.STRIPE_API_BASE ?? LOCAL_STRIPE_API_BASE;
}

/**
 * The one place that knows whether Stripe is real: with STRIPE_SECRET_KEY the SDK talks to api.stripe.com,
 * without it (or with the stand-in's own key sk_test_local, as the production rehearsal
 * gives it) to the local stand-in at STRIPE_API_BASE. Everything else in payments is the same either way.
 */
export function createStripeClient(config: Pick<PaymentsConfig, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): Stripe {
  const common = { maxNetworkRetries: MAX_NETWORK_RETRIES, timeout: TIMEOUT_MS, appInfo: { name: 'TicketHub' } };
  if (config.STRIPE_SECRET_KEY && config.STRIPE_SECRET_KEY !== LOCAL_STRIPE_KEY) return new Stripe(config.STRIPE_SECRET_KEY, common);
  const base = new URL(stripeApiBase(config));
  const protocol = base.protocol === 'https:' ? 'https' : 'http';
  const port = Number(base.port || (protocol === 'https' ? 443 : 80));
  // URL keeps IPv6 brackets in `hostname`; the SDK wants the bare address.
  const host = base.hostname.replace(/^\[|\]$/g, '');
  return new Stripe(config.STRIPE_SECRET_KEY ?? LOCAL_STRIPE_KEY, { ...common, host, port, protocol });
}

/**
 * In production the stand-in's defaults would be a hole: no key means no Stripe, and the well-known local webhook
 * secret would let anyone forge "payment succeeded". Refusing to build the function fails the deploy instead.
 */
export function assertStripeConfig(config: Pick<PaymentsConfig, 'production' | 'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET'>): void {
  if (!config.production) return;
  const problems = [
    ...(config.STRIPE_SECRET_KEY ? [] : ['STRIPE_SECRET_KEY is required when NODE_ENV=production']),
    ...(config.STRIPE_WEBHOOK_SECRET.startsWith('whsec_') && config.STRIPE_WEBHOOK_SECRET !== 'whsec_local'
      ? []
      : ["STRIPE_WEBHOOK_SECRET must be the endpoint's own whsec_ secret in production"]),
  ];
  if (problems.length > 0) throw new ConfigError(`Invalid payments configuration:\n  ${problems.join('\n  ')}`);
}
