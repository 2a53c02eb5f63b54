import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The bridge signs what it delivers to the shop as Stripe signs webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">` with the secret both share (SHOP_REVALIDATE_SECRET). The secret itself never travels, a changed body or
 * time fails, and an old delivery replayed after the tolerance is refused.
 */
export const SIGNATURE_HEADER = 'tickethub-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signBody(body: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${nowSeconds},v1=${createHmac('sha256', secret).update(`${nowSeconds}.${body}`).digest('hex')}`;
}

export function verifySignature(body: string, header: string | null, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  if (!header || !secret) return false;
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const time = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(time) || Math.abs(nowSeconds - time) > SIGNATURE_TOLERANCE_SECONDS || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(`${time}.${body}`).digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
