import { createHmac } from 'node:crypto';
import type { Subject } from '@tickethub/shared';
import type { Route } from './config';

/**
 * The shop is not a domain: it keeps cached public pages and needs to hear when a ticket changes, to revalidate
 * them. The bridge delivers it the ticket events like any subscriber (durable consumers, the same retry budget), to
 * the shop's POST /hooks/revalidate, signed with a secret the two share, so no domain knows the shop. A delivery that
 * is given up is logged, not dead-lettered: the cache is a copy with a 30 s bound, nothing to replay.
 */
export const SHOP_CONSUMER = 'shop';
export const SHOP_SUBJECTS: readonly Subject[] = ['ticket.created', 'ticket.updated'];
export const SHOP_SIGNATURE_HEADER = 'tickethub-signature';

export interface ShopTarget {
  /** The shop's revalidation endpoint, e.g. https://shop…/hooks/revalidate. */
  url: string;
  /** SHOP_REVALIDATE_SECRET: the shop checks the signature with the same value. */
  secret: string;
}

/** As Stripe signs webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (web/lib/cache/signature.ts checks it). */
export function signShopBody(body: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${nowSeconds},v1=${createHmac('sha256', secret).update(`${nowSeconds}.${body}`).digest('hex')}`;
}

export function shopRoutes(target: ShopTarget | undefined): Route[] {
  if (!target) return [];
  return SHOP_SUBJECTS.map((subject) => ({
    domain: SHOP_CONSUMER,
    subject,
    url: target.url,
    headers: (body: string) => ({ [SHOP_SIGNATURE_HEADER]: signShopBody(body, target.secret) }),
  }));
}
