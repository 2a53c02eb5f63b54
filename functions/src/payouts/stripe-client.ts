import Stripe from 'stripe';
import type { PayoutsFunctionConfig } from './config';

/** The key the local stand-in accepts; it only checks the `sk_test_` form. */
const LOCAL_STRIPE_KEY = 'sk_test_local';

/**
 * Stripe for payouts: the real API with STRIPE_SECRET_KEY, the local stand-in at STRIPE_API_BASE without. Every write
 * carries an idempotency key, so the SDK's own retries are safe.
 */
export function createStripeClient(config: Pick<PayoutsFunctionConfig, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): Stripe {
  const common = { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: 'TicketHub payouts' } };
  if (config.STRIPE_SECRET_KEY) return new Stripe(config.STRIPE_SECRET_KEY, common);
  const base = new URL(config.STRIPE_API_BASE ?? 'http://127.0.0.1:12111');
  const protocol = base.protocol === 'https:' ? 'https' : 'http';
  const port = Number(base.port || (protocol === 'https' ? 443 : 80));
  return new Stripe(LOCAL_STRIPE_KEY, { ...common, host: base.hostname.replace(/^\[|\]$/g, ''), port, protocol });
}
