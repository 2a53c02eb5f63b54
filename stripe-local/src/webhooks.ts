import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from '@tickethub/functions/src/platform/logger';
import type { StripeEvent } from './events';
import { signStripePayload } from './signature';

export interface DeliveryOptions {
  secret: string;
  /** Total tries per event, the first included. */
  attempts: number;
  /** Delay before the first retry; each next retry waits twice as long, as Stripe backs off exponentially. */
  baseDelayMs: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs: number;
  logger?: Logger;
}

/**
 * Delivers events to the webhook endpoint the way Stripe does: after the API call has answered, signed afresh on
 * every attempt (so a late retry is still inside the receiver's timestamp tolerance), retried on a non-2xx answer or
 * a connection failure, and given up after the last attempt.
 */
export class WebhookDeliveries {
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<ClientRequest>();
  private closed = false;

  constructor(
    private readonly options: DeliveryOptions,
    /** Read at every attempt, so retries follow a URL set later (e.g. once the functions' port is known). */
    private readonly endpoint: () => string | undefined,
  ) {}

  deliver(event: StripeEvent): void {
    if (this.closed || !this.endpoint()) return;
    // Serialized once: every attempt sends the same bytes, so a receiver can dedupe on them as well as on event.id.
    const payload = JSON.stringify(event, null, 2);
    this.pending += 1;
    this.later(() => this.attempt(event, payload, 1), 0);
  }

  /** Resolves once no event is waiting for delivery, being delivered or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const request of this.inFlight) request.destroy();
    this.inFlight.clear();
    this.pending = 0;
    this.wakeIdleWaiters();
  }

  private attempt(event: StripeEvent, payload: string, attempt: number): void {
    const url = this.endpoint();
    if (!url) return this.settle();
    const log = { eventId: event.id, type: event.type, url, attempt };
    this.post(url, payload)
      .then((status) => {
        if (status < 200 || status > 299) throw new Error(`the endpoint answered HTTP ${status}`);
        this.options.logger?.debug('stripe webhook delivered', log);
        this.settle();
      })
      .catch((error: unknown) => {
        if (this.closed) return;
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= this.options.attempts) {
          this.options.logger?.warn('stripe webhook delivery gave up', { ...log, reason });
          return this.settle();
        }
        const delayMs = this.options.baseDelayMs * 2 ** (attempt - 1);
        this.options.logger?.warn('stripe webhook delivery failed, will retry', { ...log, reason, retryInMs: delayMs });
        this.later(() => this.attempt(event, payload, attempt + 1), delayMs);
      });
  }

  private post(url: string, payload: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        target,
        {
          method: 'POST',
          timeout: this.options.timeoutMs,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(payload),
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'stripe-signature': signStripePayload(payload, this.options.secret),
          },
        },
        (response) => {
          // Only the status matters; the body is drained so the socket is freed.
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      this.inFlight.add(request);
      request.on('close', () => this.inFlight.delete(request));
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      request.on('error', reject);
      request.end(payload);
    });
  }

  private later(run: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) run();
    }, delayMs);
    // Pending retries alone must not keep a process (or a test worker) alive.
    timer.unref();
    this.timers.add(timer);
  }

  private settle(): void {
    // close() already cleared the count; a response racing it must not take it below zero.
    if (this.closed) return;
    this.pending -= 1;
    if (this.pending === 0) this.wakeIdleWaiters();
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
