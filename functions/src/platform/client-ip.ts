import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { defineEnv } from './config';

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
export function clientIp(req: Request, settings: ClientIpSettings, now = Date.now()): string {
  const fromShop = verifiedShopIp(req, secretOf(settings), now);
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

/** The shop's default is the same value (web/lib/config.ts), so `npm start` needs no setting. */
export const DEV_CLIENT_IP_SECRET = 'tickethub-local-client-ip-secret';

/**
 * The settings of clientIp, part of the schema of every function that limits by address (auth, orders).
 * CLIENT_IP_SECRET unset in production → no shop-signed address is believed (never the public dev value).
 */
export const clientIpEnv = defineEnv(
  {
    /** How many X-Forwarded-For entries, from the right, our own proxies add (the load balancer: 2). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Shared by the shop and the functions: signs the browser address the shop passes on. */
    CLIENT_IP_SECRET: z.string().min(16).optional(),
  },
  // Behind the load balancer the default (0) would count every client as the load balancer's address.
  ['TRUSTED_PROXY_HOPS'],
);

export interface ClientIpSettings {
  /** Unset → the public dev value outside production, none in production; null → none. */
  CLIENT_IP_SECRET?: string | null;
  TRUSTED_PROXY_HOPS: number;
  production?: boolean;
}

function secretOf(settings: ClientIpSettings): string | null {
  if (settings.CLIENT_IP_SECRET !== undefined) return settings.CLIENT_IP_SECRET;
  return settings.production ? null : DEV_CLIENT_IP_SECRET;
}
