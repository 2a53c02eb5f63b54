/**
 * Runtime settings of the web server, read per call (not at build time): the same image runs locally, in the tests
 * and on Cloud Run with different values.
 */
export function apiOrigin(): string {
  return (process.env.API_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
}

/** With a publishable key the shop uses Stripe Elements; without one, the local Stripe stand-in and a test-card form. */
export function stripePublishableKey(): string | null {
  const key = process.env.STRIPE_PUBLISHABLE_KEY;
  return key && /^pk_(test|live)_\S+$/.test(key) ? key : null;
}

export function stripeStandInBase(): string {
  return (process.env.STRIPE_API_BASE ?? 'http://127.0.0.1:12111').replace(/\/$/, '');
}

/** Any `pk_test_…` key is accepted by the stand-in; like Stripe.js, it is paired with the intent's client secret. */
export const STAND_IN_PUBLISHABLE_KEY = 'pk_test_tickethub_local';

/** Shared with the functions (CLIENT_IP_SECRET there): signs the browser address the shop passes to the API. */
export function clientIpSecret(): string {
  return process.env.CLIENT_IP_SECRET ?? 'tickethub-local-client-ip-secret';
}

/** How many X-Forwarded-For entries, from the right, our proxies append in front of the shop: the local gateway 1. */
export function trustedProxyHops(): number {
  const hops = Number(process.env.WEB_TRUSTED_PROXY_HOPS ?? 1);
  return Number.isInteger(hops) && hops >= 1 && hops <= 10 ? hops : 1;
}

/**
 * The secret the bridge signs ticket events with when it delivers them to /hooks/revalidate. Without it the endpoint
 * refuses everything, and cached pages fall back to their time bound (PUBLIC_REVALIDATE_SECONDS).
 */
export function revalidateSecret(): string | null {
  const secret = process.env.SHOP_REVALIDATE_SECRET;
  return secret && secret.length >= 16 ? secret : null;
}
