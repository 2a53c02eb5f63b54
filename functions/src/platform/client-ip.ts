import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from '@google-cloud/functions-framework';

/** The shop's word for the browser's address, and its HMAC: `<unix seconds>.<base64url HMAC-SHA256>`. */
export const CLIENT_IP_HEADER = 'x-tickethub-client-ip';
export const CLIENT_IP_SIGNATURE_HEADER = 'x-tickethub-client-ip-signature';
/** A signature older than this is refused, so a header copied out of a log is soon worthless. */
export const CLIENT_IP_MAX_AGE_SECONDS = 300;

export function signClientIp(ip: string, secret: string, now = Date.now()): string {
  const at = Math.floor(now / 1000);
  return `${at}.${createHmac('sha256', secret).update(`${ip}\n${at}`).digest('base64url')}`;
}

function verifiedShopIp(req: Request, secret: string | null, now: number): string | null {
  if (!secret) return null;
  const ip = req.headers[CLIENT_IP_HEADER];
  const signature = req.headers[CLIENT_IP_SIGNATURE_HEADER];
  if (typeof ip !== 'string' || typeof signature !== 'string' || ip.length > 64) return null;
  const at = Number(signature.split('.')[0]);
  if (!Number.isInteger(at) || Math.abs(now / 1000 - at) > CLIENT_IP_MAX_AGE_SECONDS) return null;
  const expected = Buffer.from(signClientIp(ip, secret, at * 1000));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? ip : null;
}

/**
 * The client's address for rate limits. The shop's server calls the API for every browser, so its requests carry
 * the browser's address in a header signed with CLIENT_IP_SECRET, which only the shop and the functions hold: no
 * client can set it. Otherwise X-Forwarded-For is believed only as far as the proxies we run (TRUSTED_PROXY_HOPS,
 * counted from the right), because the left end of that header is the client's to forge.
 */
export function clientIp(req: Request, settings: { CLIENT_IP_SECRET: string | null; TRUSTED_PROXY_HOPS: number }, now = Date.now()): string {
  const fromShop = verifiedShopIp(req, settings.CLIENT_IP_SECRET, now);
  if (fromShop) return fromShop;
  const socketAddress = req.socket?.remoteAddress ?? 'unknown';
  if (!settings.TRUSTED_PROXY_HOPS) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return hops[hops.length - settings.TRUSTED_PROXY_HOPS] ?? socketAddress;
}
