import { domains, subscriptions, type Domain, type Subject } from '@tickethub/shared';
import { z } from 'zod';
import { commonEnv, defineEnv, mergeEnv, parseEnv, type EnvOf, type EnvSource } from '../platform/config';
import { shopRoutes, type SHOP_CONSUMER, type ShopTarget } from './shop-target';

/** One row per durable consumer: which domain hears which subject, and where its function lives. */
export interface Route {
  domain: Domain | typeof SHOP_CONSUMER;
  /** 'replay': the domain's replay route, where dead letters an operator sends back arrive (for this domain only). */
  subject: Subject | 'replay';
  url: string;
  /** Headers that depend on the body (the shop's signature); without them, options.authHeaders. */
  headers?: (body: string) => Record<string, string>;
}

export interface BridgeOptions {
  targets: Partial<Record<Domain, string>>;
  /** The shop's revalidation endpoint, when the shop caches pages (shop-target.ts). */
  shop?: ShopTarget;
  /**
   * How long a failing event is retried, counted from when it was published, before it counts as dead. Days in
   * production (default 24 h): a function redeployed or an IAM binding still propagating must not lose events.
   */
  retryBudgetMs: number;
  /** A message is only dead once it was also tried this often (a bridge that was down a day still tries). */
  minDeliveries: number;
  /** First retry delay; doubled per delivery up to maxBackoffMs (the cap: minutes in production). */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Delay before an event that arrived ahead of its predecessor is offered again; it never burns the budget. */
  outOfOrderDelayMs: number;
  requestTimeoutMs: number;
  /** How long JetStream waits for an acknowledgement before redelivering (a crashed bridge's messages). */
  ackWaitMs?: number;
  /** Events in flight per consumer; each entity's events still go one at a time, in stream order. */
  maxInFlight: number;
  /** Sent to the functions' /events; locally the shared secret, in the cloud an OIDC token instead. */
  authHeaders: (url: string) => Promise<Record<string, string>>;
}

/** The bridge's settings from its environment (main.ts), one place for defaults and units. */
export function bridgeOptionsFrom(env: z.infer<typeof bridgeEnvSchema>) {
  return {
    targets: env.BRIDGE_TARGETS,
    retryBudgetMs: env.BRIDGE_RETRY_BUDGET_HOURS * 3_600_000,
    minDeliveries: env.BRIDGE_MIN_DELIVERIES,
    baseBackoffMs: env.BRIDGE_BASE_BACKOFF_MS,
    maxBackoffMs: env.BRIDGE_MAX_BACKOFF_MS,
    outOfOrderDelayMs: env.BRIDGE_OUT_OF_ORDER_DELAY_MS,
    requestTimeoutMs: env.BRIDGE_REQUEST_TIMEOUT_MS,
    maxInFlight: env.BRIDGE_MAX_IN_FLIGHT,
    relayIntervalMs: env.BRIDGE_RELAY_INTERVAL_MS,
    deadLetterTtlMs: env.BRIDGE_DEAD_LETTER_TTL_DAYS * 86_400_000,
  };
}

export function routesFor(targets: Partial<Record<Domain, string>>, shop?: ShopTarget): Route[] {
  const routes: Route[] = domains.flatMap((domain) => {
    const url = targets[domain];
    if (!url || subscriptions[domain].length === 0) return [];
    const events = `${url.replace(/\/$/, '')}/events`;
    return [...subscriptions[domain].map((subject) => ({ domain, subject, url: events })), { domain, subject: 'replay' as const, url: events }];
  });
  return [...routes, ...shopRoutes(shop)];
}

/** The durable consumer's name: stable across restarts, so JetStream remembers what was acknowledged. */
export function consumerName(domain: Route['domain'], subject: Subject | 'replay'): string {
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
  BRIDGE_RETRY_BUDGET_HOURS: z.coerce.number().positive().default(24),
  BRIDGE_MIN_DELIVERIES: z.coerce.number().int().min(1).default(10),
  BRIDGE_BASE_BACKOFF_MS: z.coerce.number().int().min(1).default(1000),
  BRIDGE_MAX_BACKOFF_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(5 * 60_000),
  BRIDGE_OUT_OF_ORDER_DELAY_MS: z.coerce.number().int().min(1).default(1000),
  BRIDGE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  BRIDGE_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).default(64),
  BRIDGE_DEAD_LETTER_TTL_DAYS: z.coerce.number().positive().default(30),
  /** The durability horizon: an event older than this leaves the stream whether delivered or not. */
  NATS_STREAM_MAX_AGE_DAYS: z.coerce.number().positive().default(7),
  NATS_STREAM_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 ** 3),
  BRIDGE_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** The shop's POST /hooks/revalidate; unset → the shop hears no events and its cache relies on its time bound. */
  BRIDGE_SHOP_URL: z.url().optional(),
  SHOP_REVALIDATE_SECRET: z.string().min(16, 'SHOP_REVALIDATE_SECRET must be at least 16 characters').optional(),
});

/**
 * The bridge's whole environment: the common part (Firestore project, NATS servers and its own NATS credentials) and
 * its own settings above. It needs no JWT secret and no internal-callers list: it calls the functions, they check it.
 */
export const bridgeEnv = mergeEnv(
  commonEnv,
  defineEnv(
    {
      ...bridgeEnvSchema.shape,
      /** Cloud Run's port for /healthz and /relay. */
      PORT: z.coerce.number().int().min(0).max(65535).default(8080),
      /** Locally (not production) the functions' internal endpoints expect this shared secret instead of an OIDC token. */
      INTERNAL_SECRET: z.string().min(16).default('tickethub-local-internal-secret'),
    },
    ['BRIDGE_TARGETS'],
  ),
);

export type BridgeConfig = EnvOf<typeof bridgeEnv.shape>;

export function loadBridgeConfig(source: EnvSource): BridgeConfig {
  return parseEnv(bridgeEnv, source, 'bridge configuration');
}

/** The shop target from the environment: both variables or neither. */
export function shopTargetFrom(env: z.infer<typeof bridgeEnvSchema>): ShopTarget | undefined {
  if (!env.BRIDGE_SHOP_URL) return undefined;
  if (!env.SHOP_REVALIDATE_SECRET) throw new Error('BRIDGE_SHOP_URL is set but SHOP_REVALIDATE_SECRET is not: the shop would refuse every delivery');
  return { url: env.BRIDGE_SHOP_URL, secret: env.SHOP_REVALIDATE_SECRET };
}
