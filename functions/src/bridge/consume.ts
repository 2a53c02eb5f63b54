import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { deadLetterSubject, natsSubject, STREAM_NAME } from '@tickethub/shared';
import type { Logger } from '../platform/logger';
import { backoffMs, post, verdictFor, type Verdict } from './deliver';
import { consumerName, type BridgeOptions, type Route } from './config';

const SECOND_NS = 1_000_000_000;

export async function ensureConsumer(jsm: JetStreamManager, route: Route, options: BridgeOptions): Promise<string> {
  const name = consumerName(route.domain, route.subject);
  const config = {
    durable_name: name,
    filter_subject: natsSubject(route.subject),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    // The server's own bound is one above ours, so our code always sees the last delivery and dead-letters it.
    max_deliver: options.maxDeliveries + 1,
    ack_wait: Math.ceil((options.requestTimeoutMs * 2) / 1000) * SECOND_NS,
  };
  try {
    await jsm.consumers.info(STREAM_NAME, name);
    await jsm.consumers.update(STREAM_NAME, name, { max_deliver: config.max_deliver, ack_wait: config.ack_wait });
  } catch {
    await jsm.consumers.add(STREAM_NAME, config);
  }
  return name;
}

/** Hands one message to its function and settles it: ack, nak with backoff, or dead-letter and term. */
export async function handleMessage(message: JsMsg, route: Route, js: JetStreamClient, options: BridgeOptions, log: Logger): Promise<Verdict> {
  const body = message.string();
  let outcome: { status: number; text: string } | { error: string };
  try {
    outcome = await post(route.url, body, route.headers ? route.headers(body) : await options.authHeaders(route.url), options.requestTimeoutMs);
  } catch (error) {
    outcome = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const verdict = 'status' in outcome ? verdictFor(outcome.status) : 'retry';
  const context = { domain: route.domain, subject: route.subject, eventId: eventId(body), delivery: message.info.deliveryCount, ...outcome };

  if (verdict === 'ack') {
    message.ack();
    return 'ack';
  }
  if (verdict === 'retry' && message.info.deliveryCount < options.maxDeliveries) {
    const delay = backoffMs(message, options.baseBackoffMs, options.maxBackoffMs);
    log.warn('event delivery failed, will retry', { ...context, retryInMs: delay });
    message.nak(delay);
    return 'retry';
  }
  // Refused (4xx) or out of retries: park it where an operator can see and replay it, then stop redelivery.
  await js.publish(deadLetterSubject(route.domain), body, {
    msgID: `dlq-${route.domain}-${eventId(body) ?? message.seq}`,
    headers: deadLetterHeaders(route, context),
  });
  log.error('event dead-lettered', { ...context, deadLetterSubject: deadLetterSubject(route.domain) });
  message.term(verdict === 'reject' ? 'rejected by function' : 'max deliveries');
  return 'reject';
}

function eventId(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

function deadLetterHeaders(route: Route, context: Record<string, unknown>) {
  const h = headers();
  h.set('TicketHub-Domain', route.domain);
  h.set('TicketHub-Subject', route.subject);
  h.set('TicketHub-Reason', 'status' in context ? `HTTP ${String(context.status)}` : String(context.error ?? 'failed'));
  return h;
}
