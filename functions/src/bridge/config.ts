import { domains, subscriptions, type Domain, type Subject } from '@tickethub/shared';
import { z } from 'zod';
import { commonEnv, defineEnv, mergeEnv, parseEnv, type EnvOf, type EnvSource } from '../platform/config';

/** One row per durable consumer: which domain hears which subject, and where its function lives. */
export interface Route {
  domain: Domain;
  subject: Subject;
  url: string;
}

export interface BridgeOptions {
  targets: Partial<Record<Domain, string>>;
  /** Deliveries before a failing message goes to the dead-letter subject. */
  maxDeliveries: number;
  /** First retry delay; doubled per delivery up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  requestTimeoutMs: number;
  /** Sent to the functions' /events; locally the shared secret, in the cloud an OIDC token instead. */
  authHeaders: (url: string) => Promise<Record<string, string>>;
}

export function routesFor(targets: Partial<Record<Domain, string>>): Route[] {
  return domains.flatMap((domain) => {
    const url = targets[domain];
    return url ? subscriptions[domain].map((subject) => ({ domain, subject, url: `${url.replace(/\/$/, '')}/events` })) : [];
  });
}

/** The durable consumer's name: stable across restarts, so JetStream remembers what was acknowledged. */
export function consumerName(domain: Domain, subject: Subject): string {
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
