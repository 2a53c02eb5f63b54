import { createHmac } from 'node:crypto';

/**
 * The `Stripe-Signature` header value Stripe sends: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed
 * with the endpoint's whole `whsec_…` string, so the official SDK's `webhooks.constructEvent` verifies it.
 */
export function signStripePayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
