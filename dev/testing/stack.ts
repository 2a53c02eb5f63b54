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
import { startMailDev, type MailServer } from '../stack/maildev';
import { createNotificationsFunction } from '@tickethub/functions/src/notifications';
import { notificationsEnvSchema } from '@tickethub/functions/src/notifications/config';
import { createFirestore } from '@tickethub/functions/src/platform/firestore';
import { createLogger } from '@tickethub/functions/src/platform/logger';
import { createPlatform, type Platform } from '@tickethub/functions/src/platform/platform';
import { loadPayoutsConfig } from '@tickethub/functions/src/payouts/config';
import { timed } from './phase-timings';

export interface TestStack {
  /** The gateway origin, like http://localhost:3000 of `npm start`. */
  origin: string;
  projectId: string;
  /** Every domain's settings (each function gets the same; deployed, each parses only its own). */
  config: AllFunctionsConfig;
  nats: NatsServer;
  /** The running bridge (null when the stack was started without one, or while it is killed). */
  readonly bridge: Bridge | null;
  /** Kills the bridge as a crash would: its connection drops at once, acknowledgements in flight are lost. */
  killBridge(): Promise<void>;
  /** Starts a fresh bridge (same options), as Cloud Run starts a new instance. */
  startBridge(): Promise<void>;
  /** Makes a function answer `status` to every /events delivery until `heal`; counts what it refused. */
  faults: EventFaults;
  /** The Stripe stand-in the platform's STRIPE_API_BASE points at, when the stack was started with `stripe`. */
  stripe: StripeStandIn | null;
  /** MailDev, when the stack was started with `mail` (the notifications function sends to it). */
  mail: MailServer | null;
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
   * /api/payments/webhook (Connect events to /api/payouts/webhook) unless `webhook: false` (then events are only recorded, for a test to deliver itself).
   */
  stripe?: boolean | { webhook?: boolean; retry?: StripeStandInOptions['retry']; settlementCurrency?: StripeStandInOptions['settlementCurrency'] };
  /** Start MailDev on free ports and point the notifications function's SMTP at it. */
  mail?: boolean;
}

export interface EventFaults {
  fail(domain: Domain, status: number): void;
  heal(domain: Domain): void;
  /** Deliveries refused so far per domain. */
  refused(domain: Domain): number;
}

function createEventFaults() {
  const failing = new Map<Domain, number>();
  const refused = new Map<Domain, number>();
  const faults: EventFaults = {
    fail: (domain, status) => void failing.set(domain, status),
    heal: (domain) => void failing.delete(domain),
    refused: (domain) => refused.get(domain) ?? 0,
  };
  // Like an infrastructure answer (a load balancer's 503, an IAM 401): a bare envelope, no handler's code.
  const wrap =
    (domain: Domain, handler: HttpFunction): HttpFunction =>
    (req, res) => {
      const status = failing.get(domain);
      if (status !== undefined && req.path === '/events') {
        refused.set(domain, (refused.get(domain) ?? 0) + 1);
        res.status(status).json({ errors: [{ message: `induced ${status}` }] });
        return;
      }
      return handler(req, res);
    };
  return { faults, wrap };
}

/**
 * Every test client is 127.0.0.1, so the per-address limits would count a whole test file as one abuser. They are
 * lifted here; the tests of those limits pass their own values in `env`. Per-user and per-email limits stay as shipped.
 */
export const SHARED_ADDRESS_LIMITS = { RATE_LIMIT_SIGNUPS_PER_IP: '1000000/3600', RATE_LIMIT_RESERVATIONS_PER_IP: '1000000/3600' };

/**
 * The real thing on loopback for one test file: its own Firestore project on the shared emulator, its own
 * nats-server, and the functions behind the same gateway `npm start` uses.
 */
export function startTestStack(options: TestStackOptions): Promise<TestStack> {
  return timed('stack start', () => composeTestStack(options));
}

async function composeTestStack({
  domains,
  env = {},
  handlers: givenHandlers = {},
  bridge: withBridge = false,
  stripe: withStripe = false,
  mail: withMail = false,
}: TestStackOptions): Promise<TestStack> {
  const emulatorHost = process.env.FIRESTORE_EMULATOR_HOST;
  if (!emulatorHost) throw new Error('FIRESTORE_EMULATOR_HOST is not set: run the tests through jest (global setup starts the emulator)');
  // Production Firestore refuses a query without its composite index; the emulator does not, so the harness does.
  enforceIndexes();
  const projectId = `test-${randomUUID().slice(0, 12)}`;
  const nats = await timed('nats-server start', async () => startNatsServer(await freePort()));
  const source = {
    ...process.env,
    NODE_ENV: 'test',
    GOOGLE_CLOUD_PROJECT: projectId,
    NATS_URL: nats.url,
    INTERNAL_SECRET: randomUUID(),
    ...SHARED_ADDRESS_LIMITS,
    ...env,
  };
  let config = loadAllFunctionsConfig(source, () => undefined);
  const stripeOptions = typeof withStripe === 'object' ? withStripe : {};
  const stripe = withStripe
    ? await startStripeStandIn({
        webhookSecret: config.STRIPE_WEBHOOK_SECRET,
        connectWebhookSecret: loadPayoutsConfig(source, false).connectWebhookSecret,
        retry: { baseDelayMs: 50, timeoutMs: 10_000, ...stripeOptions.retry },
        settlementCurrency: stripeOptions.settlementCurrency,
      })
    : null;
  if (stripe) config = { ...config, STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: stripe.url };
  let handlers = givenHandlers;
  const mail = withMail ? await startMailDev() : null;
  if (mail && !handlers.notifications) {
    const env = notificationsEnvSchema.parse({ SMTP_URL: mail.smtpUrl });
    handlers = { ...handlers, notifications: (platform) => createNotificationsFunction(platform, { env }) };
  }
  const db = createFirestore(projectId);
  const log = createLogger({ test: projectId });
  const platforms: Partial<Record<Domain, Platform<AllFunctionsConfig>>> = {};
  const functions: Partial<Record<Domain, HostedFunction>> = {};
  const { faults, wrap } = createEventFaults();
  for (const domain of domains) {
    // Each domain connects as its own NATS user: publishing another domain's subject fails here as in the cloud.
    const platform = createPlatform(domain, { ...config, ...natsUser(nats, domain) }, { db, log: log.child({ domain }) });
    platforms[domain] = platform;
    functions[domain] = await hostFunction(domain, wrap(domain, (handlers[domain] ?? createFunction)(platform)));
  }
  const gateway: Server = createGateway({ functions });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  if (stripe && stripeOptions.webhook !== false) {
    stripe.setWebhookUrl(`${origin}/api/payments/webhook`);
    stripe.setConnectWebhookUrl(`${origin}/api/payouts/webhook`);
  }
  let bridgeNats = createNats({ servers: [nats.url], name: 'test-bridge', log, ...nats.credentials('bridge') });
  // Fast retries and a short budget for tests: counts are asserted, never times.
  const launchBridge = () =>
    startBridge({
      nats: bridgeNats,
      db,
      log: log.child({ component: 'bridge' }),
      targets: Object.fromEntries(Object.values(functions).map((fn) => [fn!.domain, fn!.url])),
      retryBudgetMs: 3000,
      minDeliveries: 5,
      baseBackoffMs: 50,
      maxBackoffMs: 500,
      outOfOrderDelayMs: 50,
      // A slow answer is not a failure: on two busy cores a delivery took over 5 s, and as a timeout (a retry) it spent
      // the short budget above and dead-lettered an event that was on its way (a loaded CI run, bridge.test).
      requestTimeoutMs: 30_000,
      ackWaitMs: 2000,
      maxInFlight: 64,
      // The relay is the safety net for a publish that failed (a NATS fault): each pass reads every shard of every
      // domain's outbox (7 × 32 queries), so at 200 ms a stack spent most of its CPU on it. Production's 5 s: tests
      // wait for it by condition, and those about the relay call it themselves.
      relayIntervalMs: 5000,
      relayMinAgeMs: 0,
      authHeaders: sharedSecretHeaders(config.INTERNAL_SECRET),
      ...(typeof withBridge === 'object' ? withBridge : {}),
    });
  let bridge = withBridge ? launchBridge() : null;

  return {
    origin,
    projectId,
    config,
    nats,
    get bridge() {
      return bridge;
    },
    faults,
    killBridge: async () => {
      const dying = bridge;
      bridge = null;
      // Close (not drain) the connection first: nothing the dying bridge acknowledges from now on reaches NATS.
      await (await bridgeNats.connection().catch(() => null))?.close();
      await dying?.stop();
    },
    startBridge: async () => {
      if (bridge) return;
      bridgeNats = createNats({ servers: [nats.url], name: 'test-bridge', log, ...nats.credentials('bridge') });
      bridge = launchBridge();
    },
    stripe,
    mail,
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
      await bounded('maildev', () => mail?.stop());
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
