import type { AddressInfo } from 'node:net';
import type { Logger } from '@tickethub/functions/src/platform/logger';
import { createEvent, type StripeEvent } from './events';
import { hasTestRate } from './exchange-rates';
import { IdempotencyKeys } from './idempotency';
import { RateLimiter, type RateLimitSettings } from './rate-limit';
import { createStripeServer } from './server';
import { createStore, snapshot } from './store';
import { WebhookDeliveries } from './webhooks';

export { signStripePayload } from './signature';
export type { StripeEvent } from './events';
export type { RateLimitSettings } from './rate-limit';

export interface StripeStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where events are POSTed; without one they are only recorded, as with no webhook endpoint on Stripe. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Where Connect events (account.*) are POSTed, signed with `connectWebhookSecret`, as a Connect endpoint gets them. */
  connectWebhookUrl?: string;
  connectWebhookSecret?: string;
  retry?: { attempts?: number; baseDelayMs?: number; timeoutMs?: number };
  /** Answer 429 like Stripe over a per-endpoint rate (and lock_timeout every n-th request); default: never. */
  rateLimit?: RateLimitSettings;
  /**
   * The platform's settlement currency: every charge's balance transaction is in it, converted at the fixed test
   * rates of exchange-rates.ts. Default: none, each charge settles in its own currency.
   */
  settlementCurrency?: string;
  logger?: Logger;
}

export interface StripeStandIn {
  url: string;
  port: number;
  setWebhookUrl(url: string): void;
  setConnectWebhookUrl(url: string): void;
  close(): Promise<void>;
  /** Every event emitted so far, oldest first. */
  events(): StripeEvent[];
  /** Resolves when no webhook delivery is pending or waiting for a retry. */
  waitForDeliveries(): Promise<void>;
  /** Changes the rate limit while running (null = unlimited), e.g. to let a test's burst meet Stripe's 25/s. */
  setRateLimit(settings: RateLimitSettings): void;
  /** How many requests were answered 429, by code. */
  refused(): { rate_limit: number; lock_timeout: number };
  /** Changes the settlement currency for charges made from now on (null: each in its own currency). */
  setSettlementCurrency(currency: string | null): void;
  /**
   * A fault: requests to `route` (e.g. 'POST /v1/transfers') still run, but their responses are lost (the connection
   * drops) until it is called with null.
   */
  loseResponses(route: string | null): void;
  /** Forgets every idempotency key, as Stripe does 24 hours after a key's first use. */
  forgetIdempotencyKeys(): void;
}

const DEFAULTS = {
  host: '127.0.0.1',
  webhookSecret: 'whsec_local',
  connectWebhookSecret: 'whsec_local_connect',
  attempts: 8,
  baseDelayMs: 200,
  timeoutMs: 10_000,
};

/** Starts the local Stripe stand-in (API.md, "Stripe, locally"): the official SDK talks to it over HTTP. */
export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
  const { port = 0, host = DEFAULTS.host, webhookSecret = DEFAULTS.webhookSecret, logger } = options;
  const attempts = options.retry?.attempts ?? DEFAULTS.attempts;
  const baseDelayMs = options.retry?.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const timeoutMs = options.retry?.timeoutMs ?? DEFAULTS.timeoutMs;
  checkOptions({ port, attempts, baseDelayMs, timeoutMs, webhookUrl: options.webhookUrl, webhookSecret });

  let webhookUrl = options.webhookUrl || undefined;
  let connectWebhookUrl = options.connectWebhookUrl || undefined;
  if (connectWebhookUrl) checkUrl(connectWebhookUrl);
  const connectSecret = options.connectWebhookSecret || DEFAULTS.connectWebhookSecret;
  const connectDeliveries = new WebhookDeliveries({ secret: connectSecret, attempts, baseDelayMs, timeoutMs, logger }, () => connectWebhookUrl);
  const emitted: StripeEvent[] = [];
  const store = createStore();
  store.settlementCurrency = checkSettlementCurrency(options.settlementCurrency);
  let lostRoute: string | null = null;
  const idempotency = new IdempotencyKeys();
  const rateLimiter = new RateLimiter();
  if (options.rateLimit) rateLimiter.configure(options.rateLimit);
  const deliveries = new WebhookDeliveries({ secret: webhookSecret, attempts, baseDelayMs, timeoutMs, logger }, () => webhookUrl);
  const server = createStripeServer({
    store,
    idempotency,
    rateLimiter,
    losesResponse: (method, path) => lostRoute === `${method} ${path}`,
    logger,
    publish: (type, object, previousAttributes, request) => {
      // Events about connected accounts go to the Connect endpoint; everything else to the account's own endpoint.
      const connect = type.startsWith('account.');
      const event = createEvent(type, object, {
        requestId: request.id,
        idempotencyKey: request.idempotencyKey,
        webhookEndpoints: (connect ? connectWebhookUrl : webhookUrl) ? 1 : 0,
        previousAttributes,
      });
      emitted.push(event);
      (connect ? connectDeliveries : deliveries).deliver(event);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const shutDown = async () => {
    deliveries.close();
    connectDeliveries.close();
    // SDK clients keep sockets alive; without this, close() would wait for them to time out.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    setWebhookUrl: (url) => {
      if (url) checkUrl(url);
      webhookUrl = url || undefined;
    },
    setConnectWebhookUrl: (url) => {
      if (url) checkUrl(url);
      connectWebhookUrl = url || undefined;
    },
    events: () => emitted.map((event) => snapshot(event)),
    waitForDeliveries: async () => {
      await deliveries.idle();
      await connectDeliveries.idle();
    },
    setRateLimit: (settings) => rateLimiter.configure(settings),
    refused: () => ({ ...rateLimiter.refused }),
    setSettlementCurrency: (currency) => void (store.settlementCurrency = checkSettlementCurrency(currency ?? undefined)),
    loseResponses: (route) => void (lostRoute = route),
    forgetIdempotencyKeys: () => idempotency.forgetAll(),
    // Once: a second signal or a test's finally may close it again.
    close: () => (closing ??= shutDown()),
  };
}

/** Bad configuration fails at start with a message naming the option, not later as a puzzling delivery failure. */
function checkOptions(o: { port: number; attempts: number; baseDelayMs: number; timeoutMs: number; webhookUrl?: string; webhookSecret: string }): void {
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`Stripe stand-in: port must be 0..65535, got ${o.port}`);
  if (!Number.isInteger(o.attempts) || o.attempts < 1) throw new Error(`Stripe stand-in: retry.attempts must be a positive integer, got ${o.attempts}`);
  if (!(o.baseDelayMs >= 0)) throw new Error(`Stripe stand-in: retry.baseDelayMs must be >= 0, got ${o.baseDelayMs}`);
  if (!(o.timeoutMs > 0)) throw new Error(`Stripe stand-in: retry.timeoutMs must be > 0, got ${o.timeoutMs}`);
  if (!o.webhookSecret) throw new Error('Stripe stand-in: webhookSecret must not be empty');
  if (o.webhookUrl) checkUrl(o.webhookUrl);
}

function checkSettlementCurrency(currency: string | undefined): string | null {
  if (!currency) return null;
  const code = currency.toLowerCase();
  if (!hasTestRate(code)) throw new Error(`Stripe stand-in: no test exchange rate for settlement currency "${currency}" (exchange-rates.ts)`);
  return code;
}

function checkUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error(`Stripe stand-in: webhook URL is not a URL: ${url}`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`Stripe stand-in: webhook URL must be http(s): ${url}`);
}
