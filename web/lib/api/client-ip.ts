import { createHmac } from 'node:crypto';
import { headers } from 'next/headers';
import { clientIpSecret, trustedProxyHops } from '../config';

/**
 * The browser's address, passed to the API for its abuse limits (signups, failed signins, reservations per address).
 * Every API call of the shop comes from this server, so without it all shoppers would share one address. The header
 * is signed with CLIENT_IP_SECRET, which only the shop and the functions hold, so no client can set it; the format
 * matches functions/src/platform/client-ip.ts.
 */
export async function clientIpHeaders(): Promise<Record<string, string>> {
  const forwarded = ((await headers()).get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // Counted from the right: the entries our own gateway / load balancer appended are the only ones not forgeable.
  const ip = forwarded[forwarded.length - trustedProxyHops()];
  if (!ip) return {};
  const at = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', clientIpSecret()).update(`${ip}\n${at}`).digest('base64url');
  return { 'x-tickethub-client-ip': ip, 'x-tickethub-client-ip-signature': `${at}.${signature}` };
}
