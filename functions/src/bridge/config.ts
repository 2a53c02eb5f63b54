import { domains, subscriptions, type Domain, type Subject } from '@tickethub/shared';
import { z } from 'zod';
import { shopRoutes, type SHOP_CONSUMER, type ShopTarget } from './shop-target';

/** One row per durable consumer: which domain hears which subject, and where its function lives. */
export interface Route {
  domain: Domain | typeof SHOP_CONSUMER;
  subject: Subject;
  url: string;
  /** Headers that depend on the body (the shop's signature); without them, options.authHeaders. */
  headers?: (body: string) => Record<string, string>;
}

export interface BridgeOptions {
  targets: Partial<Record<Domain, string>>;
  /** The shop's revalidation endpoint, when the shop caches pages (shop-target.ts). */
  shop?: ShopTarget;
  /** Deliveries before a failing message goes to the dead-letter subject. */
  maxDeliveries: number;
  /** First retry delay; doubled per delivery up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  requestTimeoutMs: number;
  /** Sent to the functions' /events; locally the shared secret, in the cloud an OIDC token instead. */
  authHeaders: (url: string) => Promise<Record<string, string>>;
}

export function routesFor(targets: Partial<Record<Domain, string>>, shop?: ShopTarget): Route[] {
  const routes: Route[] = domains.flatMap((domain) => {
    const url = targets[domain];
    return url ? subscriptions[domain].map((subject) => ({ domain, subject, url: `${url.replace(/\/$/, '')}/events` })) : [];
  });
  return [...routes, ...shopRoutes(shop)];
}

/** The durable consumer's name: stable across restarts, so JetStream remembers what was acknowledged. */
export function consumerName(domain: Route['domain'], subject: Subject): string {
  return `${domain}--${subject.replace(/\./g, '-')}`;
}

export const bridgeEnvSchema = z.object({
  BRIDGE_TARGETS: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return z.partialRecord(z.enum(domains), z.url()).parse(JSON.parse(text));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `BRIDGE_TARGETS must be a JSON map of domain to URL: ${String(error)}` });
        return z.NEVER;
      }
    }),
  BRIDGE_MAX_DELIVERIES: z.coerce.number().int().min(1).default(8),
  BRIDGE_BASE_BACKOFF_MS: z.coerce.number().int().min(1).default(500),
  BRIDGE_MAX_BACKOFF_MS: z.coerce.number().int().min(1).default(60_000),
  BRIDGE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  BRIDGE_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** The shop's POST /hooks/revalidate; unset → the shop hears no events and its cache relies on its time bound. */
  BRIDGE_SHOP_URL: z.url().optional(),
  SHOP_REVALIDATE_SECRET: z.string().min(16, 'SHOP_REVALIDATE_SECRET must be at least 16 characters').optional(),
});

/** The shop target from the environment: both variables or neither. */
export function shopTargetFrom(env: z.infer<typeof bridgeEnvSchema>): ShopTarget | undefined {
  if (!env.BRIDGE_SHOP_URL) return undefined;
  if (!env.SHOP_REVALIDATE_SECRET) throw new Error('BRIDGE_SHOP_URL is set but SHOP_REVALIDATE_SECRET is not: the shop would refuse every delivery');
  return { url: env.BRIDGE_SHOP_URL, secret: env.SHOP_REVALIDATE_SECRET };
}
