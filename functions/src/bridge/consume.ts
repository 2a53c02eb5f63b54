import { AckPolicy, DeliverPolicy, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { natsSubject, STREAM_NAME, SUBJECT_PREFIX } from '@tickethub/shared';
import { EVENT_SUBJECT_HEADER } from '../platform/event-origin';
import { parseEnvelope, replaySubject, type DeadLetters } from '../platform/dead-letters';
import type { Logger } from '../platform/logger';
import { consumerName, type BridgeOptions, type Route } from './config';
import { backoffMs, isOutOfBudget, post, verdictFor, type Outcome, type Verdict } from './deliver';
import { SHOP_CONSUMER } from './shop-target';

const MS_NS = 1_000_000;

export function filterSubject(route: Route): string {
  return route.subject === 'replay' ? replaySubject(route.domain) : natsSubject(route.subject);
}

export async function ensureConsumer(jsm: JetStreamManager, route: Route, options: BridgeOptions): Promise<string> {
  const name = consumerName(route.domain, route.subject);
  // JetStream never gives up on its own (max_deliver -1): the bridge decides when the retry budget is spent.
  // ack_wait covers a delivery queued behind its entity's lane plus the request; `working()` extends it.
  const ackWaitMs = options.ackWaitMs ?? Math.max(30_000, options.requestTimeoutMs * 3);
  const limits = { max_deliver: -1, ack_wait: ackWaitMs * MS_NS, max_ack_pending: Math.max(1000, options.maxInFlight * 4) };
  try {
    await jsm.consumers.info(STREAM_NAME, name);
    await jsm.consumers.update(STREAM_NAME, name, limits);
  } catch {
    await jsm.consumers.add(STREAM_NAME, {
      durable_name: name,
      filter_subject: filterSubject(route),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ...limits,
    });
  }
  return name;
}

export interface DeliveryContext {
  options: BridgeOptions;
  deadLetters: DeadLetters;
  log: Logger;
}

/** Hands one message to its function and settles it: ack, nak with a delay, or record a dead letter and term. */
export async function handleMessage(message: JsMsg, route: Route, { options, deadLetters, log }: DeliveryContext): Promise<Verdict> {
  const body = message.string();
  const envelope = parseEnvelope(body);
  const eventId = envelope?.id ?? `seq-${message.seq}`;
  const subject = route.subject === 'replay' ? (envelope?.type ?? 'unknown') : route.subject;
  message.working();
  let outcome: Outcome | { error: string };
  try {
    // The subject it came on, not the type it claims: the receiver checks one against the other (event-origin.ts).
    const headers = {
      ...(route.headers ? route.headers(body) : await options.authHeaders(route.url)),
      [EVENT_SUBJECT_HEADER]: message.subject.slice(SUBJECT_PREFIX.length),
    };
    outcome = await post(route.url, body, headers, options.requestTimeoutMs);
  } catch (error) {
    // Timeouts, refused connections, a failed token fetch: the infrastructure, not the event.
    outcome = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const verdict = 'status' in outcome ? verdictFor(outcome) : 'retry';
  const attempts = message.info.deliveryCount;
  const context = { domain: route.domain, subject, eventId, delivery: attempts, ...outcome };

  if (verdict === 'ack') {
    message.ack();
    // A replayed dead letter that landed is no longer dead; a failed delete only leaves it listed (replay is idempotent).
    if (route.subject === 'replay')
      await deadLetters.resolve(route.domain, eventId).catch((error: unknown) => log.warn('dead letter not cleared', { eventId, error }));
    return 'ack';
  }
  if (verdict === 'wait') {
    const delay = backoffMs(attempts, options.outOfOrderDelayMs, options.outOfOrderDelayMs * 30);
    log.info('event ahead of its predecessor; offered again later', { ...context, retryInMs: delay });
    message.nak(delay);
    return 'wait';
  }
  const publishedAt = Math.floor(Number(message.info.timestampNanos) / MS_NS);
  if (verdict === 'retry' && !isOutOfBudget(publishedAt, attempts, options)) {
    const delay = backoffMs(attempts, options.baseBackoffMs, options.maxBackoffMs);
    log.warn('event delivery failed, will retry', { ...context, retryInMs: delay });
    message.nak(delay);
    return 'retry';
  }
  const reason = 'status' in outcome ? `HTTP ${outcome.status}${verdict === 'reject' ? ' (invalid event)' : ''}: ${outcome.text.slice(0, 300)}` : outcome.error;
  if (route.domain === SHOP_CONSUMER) {
    // The shop's cache is only a copy with a time bound: an undeliverable revalidation is logged, not kept for replay.
    log.error('shop revalidation given up', { ...context, reason });
    message.term('retry budget spent');
    return 'reject';
  }
  try {
    const id = await deadLetters.record({ domain: route.domain, subject, eventId, body, reason, attempts, publishedAt: new Date(publishedAt) });
    // The metric Cloud Monitoring counts (terraform/monitoring.tf): keep the message text and `metric` stable.
    log.error('event dead-lettered', { ...context, metric: 'tickethub/dead_letter', deadLetterId: id, verdict, reason });
    message.term(verdict === 'reject' ? 'invalid event' : 'retry budget spent');
  } catch (error) {
    // The store is down too: keep the message in JetStream and try again later rather than lose it.
    log.warn('dead letter could not be recorded; will retry', { ...context, error });
    message.nak(options.maxBackoffMs);
  }
  return 'reject';
}
