import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpFunction } from '@google-cloud/functions-framework';
import type { Domain } from '@tickethub/shared';
import { startBridge, type Bridge, type StartBridgeOptions } from '@tickethub/functions/src/bridge/bridge';
import { sharedSecretHeaders } from '@tickethub/functions/src/bridge/auth-headers';
import { createFunction, loadAllFunctionsConfig, type AllFunctionsConfig } from '@tickethub/functions/src/functions';
import { createNats } from '@tickethub/functions/src/platform/nats';
import { clearFirestore } from '../stack/firestore-emulator';
import { enforceIndexes } from './strict-indexes';
import { closeServer, hostFunction, type HostedFunction } from '../stack/functions-host';
import { createGateway } from '../stack/gateway';
import type { NatsService } from '../stack/nats-config';
import { startNatsServer, type NatsServer } from '../stack/nats-server';
import { startStripeStandIn, type StripeStandIn, type StripeStandInOptions } from '@tickethub/stripe-local';
import { freePort } from '../stack/ports';
import { createFirestore } from '@tickethub/functions/src/platform/firestore';
import { createLogger } from '@tickethub/functions/src/platform/logger';
import { createPlatform, type Platform } from '@tickethub/functions/src/platform/platform';

export interface TestStack {
  /** The gateway origin, like http://localhost:3000 of `npm start`. */
  origin: string;
  projectId: string;
  /** Every domain's settings (each function gets the same; deployed, each parses only its own). */
  config: AllFunctionsConfig;
  nats: NatsServer;
  bridge: Bridge | null;
  /** The Stripe stand-in the platform's STRIPE_API_BASE points at, when the stack was started with `stripe`. */
  stripe: StripeStandIn | null;
  platforms: Partial<Record<Domain, Platform<AllFunctionsConfig>>>;
  functions: Partial<Record<Domain, HostedFunction>>;
  platform(domain: Domain): Platform<AllFunctionsConfig>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

export interface TestStackOptions {
  domains: Domain[];
  env?: Record<string, string>;
  /** Start the events bridge in front of the functions (fast retries for tests). */
  bridge?: boolean | Partial<Omit<StartBridgeOptions, 'nats' | 'db' | 'log'>>;
  /** Replace a domain's handler, e.g. to prove how the platform treats a function that throws. */
  handlers?: Partial<Record<Domain, (platform: Platform<AllFunctionsConfig>) => HttpFunction>>;
  /**
   * Start the Stripe stand-in and point the platform at it. Its webhooks go to the gateway's
   * /api/payments/webhook unless `webhook: false` (then events are only recorded, for a test to deliver itself).
   */
  stripe?: boolean | { webhook?: boolean; retry?: StripeStandInOptions['retry'] };
}

/**
 * The real thing on loopback for one test file: its own Firestore project on the shared emulator, its own
 * nats-server, and the functions behind the same gateway `npm start` uses.
 */
export async function startTestStack({
  domains,
  env = {},
  handlers = {},
  bridge: withBridge = false,
  stripe: withStripe = false,
}: TestStackOptions): Promise<TestStack> {
  const emulatorHost = process.env.FIRESTORE_EMULATOR_HOST;
  if (!emulatorHost) throw new Error('FIRESTORE_EMULATOR_HOST is not set: run the tests through jest (global setup starts the emulator)');
  // Production Firestore refuses a query without its composite index; the emulator does not, so the harness does.
  enforceIndexes();
  const projectId = `test-${randomUUID().slice(0, 12)}`;
  const nats = await startNatsServer(await freePort());
  let config = loadAllFunctionsConfig({ ...process.env, NODE_ENV: 'test', GOOGLE_CLOUD_PROJECT: projectId, NATS_URL: nats.url, ...env }, () => undefined);
  const stripeOptions = typeof withStripe === 'object' ? withStripe : {};
  const stripe = withStripe
    ? await startStripeStandIn({ webhookSecret: config.STRIPE_WEBHOOK_SECRET, retry: { baseDelayMs: 50, timeoutMs: 10_000, ...stripeOptions.retry } })
    : null;
  if (stripe) config = { ...config, STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: stripe.url };
  const db = createFirestore(projectId);
  const log = createLogger({ test: projectId });
  const platforms: Partial<Record<Domain, Platform<AllFunctionsConfig>>> = {};
  const functions: Partial<Record<Domain, HostedFunction>> = {};
  for (const domain of domains) {
    // Each domain connects as its own NATS user: publishing another domain's subject fails here as in the cloud.
    const platform = createPlatform(domain, { ...config, ...natsUser(nats, domain) }, { db, log: log.child({ domain }) });
    platforms[domain] = platform;
    functions[domain] = await hostFunction(domain, (handlers[domain] ?? createFunction)(platform));
  }
  const gateway: Server = createGateway({ functions });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  if (stripe && stripeOptions.webhook !== false) stripe.setWebhookUrl(`${origin}/api/payments/webhook`);
  const bridgeNats = createNats({ servers: [nats.url], name: 'test-bridge', log, ...nats.credentials('bridge') });
  const bridge = withBridge
    ? startBridge({
        nats: bridgeNats,
        db,
        log: log.child({ component: 'bridge' }),
        targets: Object.fromEntries(Object.values(functions).map((fn) => [fn!.domain, fn!.url])),
        maxDeliveries: 5,
        baseBackoffMs: 50,
        maxBackoffMs: 500,
        requestTimeoutMs: 5000,
        relayIntervalMs: 200,
        relayMinAgeMs: 0,
        authHeaders: sharedSecretHeaders(config.INTERNAL_SECRET),
        ...(typeof withBridge === 'object' ? withBridge : {}),
      })
    : null;

  return {
    origin,
    projectId,
    config,
    nats,
    bridge,
    stripe,
    platforms,
    functions,
    platform: (domain) => {
      const platform = platforms[domain];
      if (!platform) throw new Error(`${domain} is not part of this test stack`);
      return platform;
    },
    clear: () => clearFirestore(emulatorHost, projectId),
    close: async () => {
      // Each step is bounded: a socket stuck mid-teardown must not keep the test run alive. The NATS server is
      // stopped last, which ends any client that is still draining.
      await bounded('stripe stand-in', () => stripe?.close());
      await bounded('bridge', () => bridge?.stop());
      await bounded('bridge connection', () => bridgeNats.close());
      await bounded('gateway', () => closeServer(gateway));
      for (const hosted of Object.values(functions)) await bounded(`${hosted!.domain} server`, () => closeServer(hosted!.server));
      for (const hosted of Object.values(functions)) await bounded(`${hosted!.domain} requests in flight`, () => hosted!.idle());
      for (const platform of Object.values(platforms)) {
        for (const dispose of platform.disposers) await bounded(`${platform.domain} disposer`, dispose);
        await bounded(`${platform.domain} connection`, () => platform.nats.close());
      }
      await bounded('firestore client', () => db.terminate());
      await nats.destroy();
    },
  };
}

/** The NATS_USER/NATS_PASSWORD a service's config carries (locally the generated config's users). */
export function natsUser(nats: NatsServer, service: NatsService): { NATS_USER: string; NATS_PASSWORD: string } {
  const { user, pass } = nats.credentials(service);
  return { NATS_USER: user, NATS_PASSWORD: pass };
}

async function bounded(step: string, work: () => Promise<unknown> | undefined, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const overran = new Promise<'overran'>((resolve) => {
    timer = setTimeout(() => resolve('overran'), ms);
  });
  const outcome = await Promise.race([Promise.resolve(work()).catch(() => 'failed' as const), overran]);
  clearTimeout(timer);
  if (outcome === 'overran') console.warn(`test stack: closing ${step} took over ${ms} ms; moving on`);
}
