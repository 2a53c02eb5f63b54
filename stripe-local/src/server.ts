import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@tickethub/functions/src/platform/logger';
import { authenticate } from './auth';
import { authenticationError, internalError, invalidRequest, routeNotFound, StripeApiError } from './errors';
import { API_VERSION, type HandlerContext } from './events';
import { expandFields, requestedExpansions } from './expand';
import { parseForm } from './form';
import type { IdempotencyKeys } from './idempotency';
import type { RateLimiter } from './rate-limit';
import { newId } from './ids';
import { checkClientSecret } from './payment-intents';
import { isOnboardingPath, serveOnboarding } from './onboarding';
import { findRoute } from './routes';
import type { Store } from './store';

export interface ServerDependencies {
  store: Store;
  idempotency: IdempotencyKeys;
  /** Stripe's 429s, answered only when configured (see rate-limit.ts). */
  rateLimiter?: RateLimiter;
  /** A test's fault: requests to `METHOD /path` for which this is true run in full, then lose their response. */
  losesResponse?(method: string, path: string): boolean;
  /** Turns a state change into an event and hands it to webhook delivery. */
  publish(type: string, object: object, previousAttributes: Record<string, unknown> | undefined, request: { id: string; idempotencyKey: string | null }): void;
  logger?: Logger;
}

interface Outcome {
  status: number;
  body: string;
  replayed?: boolean;
}

// Stripe's API is called from browsers by Stripe.js, so it answers any origin.
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account',
  'access-control-expose-headers': 'Request-Id, Stripe-Version, Idempotency-Key, Idempotent-Replayed',
  'access-control-max-age': '300',
};
const MAX_BODY_BYTES = 1024 * 1024;

export function createStripeServer(deps: ServerDependencies): Server {
  return createServer((req, res) => void handle(deps, req, res));
}

async function handle(deps: ServerDependencies, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newId('req', 14);
  res.setHeader('request-id', requestId);
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  const path = new URL(req.url ?? '/', 'http://stand-in.local').pathname;
  if (isOnboardingPath(path) && (req.method === 'GET' || req.method === 'POST')) {
    await readBody(req).catch(() => '');
    serveOnboarding(contextFor(deps, req, requestId, null), req, res, path);
    return;
  }
  let outcome: Outcome;
  try {
    outcome = serve(deps, req, await readBody(req), requestId);
  } catch (error) {
    if (!(error instanceof StripeApiError)) deps.logger?.error('stripe stand-in request failed', { error, requestId, method: req.method, url: req.url });
    const failure = error instanceof StripeApiError ? error : internalError();
    outcome = { status: failure.status, body: toJson({ error: failure.body }) };
  }
  if (deps.losesResponse?.(req.method ?? 'GET', path)) {
    // Done and saved (an idempotency key included), but the caller never hears: the network dropped the answer.
    res.destroy();
    return;
  }
  const idempotencyKey = req.method === 'POST' ? header(req, 'idempotency-key') : undefined;
  res.writeHead(outcome.status, {
    'content-type': 'application/json',
    'stripe-version': header(req, 'stripe-version') ?? API_VERSION,
    ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    ...(outcome.replayed ? { 'idempotent-replayed': 'true' } : {}),
    ...(outcome.status === 401 ? { 'www-authenticate': 'Bearer realm="Stripe"' } : {}),
  });
  res.end(outcome.body);
}

/** One API request, synchronous once the body is read: no two requests interleave, as Stripe locks per object. */
function serve(deps: ServerDependencies, req: IncomingMessage, body: string, requestId: string): Outcome {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://stand-in.local');
  // Before anything is read or changed, as on Stripe: a refused request did nothing and may be retried.
  deps.rateLimiter?.admit(method, url.pathname);
  if (method === 'POST' && body.trim().startsWith('{')) {
    throw invalidRequest("Stripe's v1 API takes application/x-www-form-urlencoded bodies, not JSON.");
  }
  const form = parseForm(method === 'POST' ? body : url.search.slice(1));
  const keyKind = authenticate(header(req, 'authorization'), form);
  delete form.key;

  const found = findRoute(method, url.pathname);
  if (!found) throw routeNotFound(method, url.pathname);
  const { route, id } = found;
  if (keyKind === 'publishable') {
    if (!route.publishable) {
      throw authenticationError('This API call cannot be made with a publishable API key. Please use a secret API key.');
    }
    checkClientSecret(deps.store, id, form);
  }

  const idempotencyKey = method === 'POST' ? header(req, 'idempotency-key') : undefined;
  const endpoint = url.pathname;
  if (idempotencyKey) {
    const replay = deps.idempotency.replay(idempotencyKey, endpoint, form);
    if (replay) return { ...replay, replayed: true };
  }

  const expanders = route.expanders(deps.store);
  const ctx = contextFor(deps, req, requestId, idempotencyKey ?? null);
  let outcome: Outcome;
  try {
    const expansions = requestedExpansions(form, expanders);
    outcome = { status: 200, body: toJson(expandFields(route.handle(ctx, id, form), expansions, expanders)) };
  } catch (error) {
    if (!(error instanceof StripeApiError) || !error.replayable) throw error;
    outcome = { status: error.status, body: toJson({ error: error.body }) };
  }
  if (idempotencyKey) deps.idempotency.save(idempotencyKey, endpoint, form, outcome.status, outcome.body);
  return outcome;
}

function contextFor(deps: ServerDependencies, req: IncomingMessage, requestId: string, idempotencyKey: string | null): HandlerContext {
  return {
    store: deps.store,
    emit: (type, object, previous) => deps.publish(type, object, previous, { id: requestId, idempotencyKey }),
    baseUrl: `http://${header(req, 'host') ?? '127.0.0.1'}`,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep reading (and dropping) the rest, so the error can still be answered on this connection.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new StripeApiError(413, { type: 'invalid_request_error', message: 'Request body too large.' }, false));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// Stripe pretty-prints its responses; matching it keeps logs and recorded fixtures looking the same.
function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
