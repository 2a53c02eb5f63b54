import { setMaxListeners } from 'node:events';
import type { Firestore } from '@google-cloud/firestore';
import { domains, STREAM_NAME, type Domain } from '@tickethub/shared';
import type { Logger } from '../platform/logger';
import type { Nats } from '../platform/nats';
import { createOutbox } from '../platform/outbox';
import { createDeadLetters, type DeadLetters } from '../platform/dead-letters';
import { routesFor, type BridgeOptions, type Route } from './config';
import { ensureConsumer, handleMessage } from './consume';
import { createLanes, entityKey } from './lanes';

export interface Bridge {
  /** Publishes every domain's unsent outbox entries now (also runs on a timer). */
  relay(): Promise<number>;
  stop(): Promise<void>;
}

export interface StartBridgeOptions extends BridgeOptions {
  nats: Nats;
  db: Firestore;
  log: Logger;
  relayIntervalMs: number;
  /** Outbox entries younger than this are left to the function that wrote them. */
  relayMinAgeMs?: number;
  deadLetterTtlMs?: number;
  /** How often the pending dead letters are counted into the log (the gauge the alert watches); 0 = never. */
  deadLetterGaugeMs?: number;
}

/**
 * The long-running process between JetStream and the functions: one durable pull consumer per
 * (domain, subject), each with a loop that survives NATS restarts and functions being down.
 */
export function startBridge(options: StartBridgeOptions): Bridge {
  const { nats, db, log } = options;
  const controller = new AbortController();
  // One listener per consumer loop (and its pauses) on the shared stop signal: more than Node's default 10.
  setMaxListeners(0, controller.signal);
  const routes = routesFor(options.targets, options.shop);
  const deadLetters = createDeadLetters(db, { ttlMs: options.deadLetterTtlMs });
  const loops = routes.map((route) => consumeForever(route, options, deadLetters, controller.signal));

  // Every domain's outbox, not only the subscribers': auth publishes user.created and consumes nothing.
  const relayDomains = domains as readonly Domain[];
  const outboxes = relayDomains.map((domain) => createOutbox(db, domain, nats, log.child({ relay: domain })));
  const relay = async () => {
    let sent = 0;
    for (const outbox of outboxes) sent += await outbox.relay({ minAgeMs: options.relayMinAgeMs ?? 2000 });
    return sent;
  };
  // One relay at a time, and stop() waits for the one in flight: a query still running when its Firestore client
  // is closed would fail after the bridge said it had stopped.
  let relaying: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    relaying ??= relay()
      .catch((error: unknown) => log.warn('outbox relay failed; will try again', { error: String(error) }))
      .finally(() => {
        relaying = null;
      });
  }, options.relayIntervalMs);
  const gauge = options.deadLetterGaugeMs
    ? setInterval(() => {
        deadLetters.count().then(
          (count) => log.info('dead letters pending', { metric: 'tickethub/dead_letters_pending', deadLetters: count }),
          () => undefined,
        );
      }, options.deadLetterGaugeMs)
    : null;

  log.info('bridge started', { consumers: routes.map((r) => `${r.domain} ← ${r.subject}`) });
  return {
    relay,
    stop: async () => {
      clearInterval(timer);
      if (gauge) clearInterval(gauge);
      controller.abort();
      await Promise.all([...loops, relaying]);
    },
  };
}

/**
 * The consume loop of nats.js's examples: if consuming fails for any reason, re-create the consumer and go on.
 * Messages go into per-entity lanes, so many are in flight while each entity's stay in stream order.
 */
async function consumeForever(route: Route, options: StartBridgeOptions, deadLetters: DeadLetters, signal: AbortSignal): Promise<void> {
  const log = options.log.child({ consumer: `${route.domain}:${route.subject}` });
  const lanes = createLanes(options.maxInFlight);
  const context = { options, deadLetters, log };
  let failures = 0;
  while (!signal.aborted) {
    try {
      const jsm = await options.nats.manager();
      const js = await options.nats.jetstream();
      const name = await ensureConsumer(jsm, route, options);
      const consumer = await js.consumers.get(STREAM_NAME, name);
      const messages = await consumer.consume({ max_messages: options.maxInFlight });
      const stop = () => void messages.close();
      signal.addEventListener('abort', stop, { once: true });
      void watchStatus(messages, log);
      failures = 0;
      for await (const message of messages) {
        await lanes.submit(entityKey(message.string()), () => handleMessage(message, route, context));
        if (signal.aborted) break;
      }
      signal.removeEventListener('abort', stop);
      await lanes.idle();
    } catch (error) {
      await lanes.idle();
      if (signal.aborted) break;
      failures++;
      log.warn('consumer loop failed; re-creating it', { error: String(error), failures });
    }
    if (!signal.aborted) await pause(Math.min(5000, 100 * 2 ** Math.min(failures, 6)), signal);
  }
}

/** A deleted or vanished consumer ends the iterator, so the outer loop re-creates it. */
async function watchStatus(messages: { status(): AsyncIterable<{ type: string }>; close(): Promise<void | Error> }, log: Logger): Promise<void> {
  try {
    for await (const status of messages.status()) {
      if (status.type === 'consumer_deleted' || status.type === 'consumer_not_found' || status.type === 'stream_not_found') {
        log.warn('consumer lost; re-creating', { status: status.type });
        await messages.close();
      }
    }
  } catch {
    // the iterator ended with the messages
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
