import { DiscardPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { STREAM_NAME, SUBJECT_PREFIX } from '@tickethub/shared';
import type { Logger } from './logger';

export interface Nats {
  connection(): Promise<NatsConnection>;
  jetstream(): Promise<JetStreamClient>;
  manager(): Promise<JetStreamManager>;
  close(): Promise<void>;
}

export interface NatsOptions {
  /** Every server of the cluster: the client picks one and fails over to the others (one down is not NATS down). */
  servers: string[];
  name: string;
  /** This deployable's own NATS user: the server allows it only its own subjects. */
  user?: string;
  pass?: string;
  /** The CA (PEM) the servers' certificates chain to; given → TLS is required. */
  tlsCa?: string;
  log: Logger;
  /** Stream replicas: 1 locally, 3 on the cloud cluster. */
  replicas?: number;
  limits?: StreamLimits;
}

/**
 * The stream is bounded: events older than maxAge are gone whether delivered or not (the durability horizon, longer
 * than the bridge's retry budget), and past maxBytes new publishes are refused rather than old events dropped, so
 * the outboxes keep them until there is room. `enforce` (the bridge) updates an existing stream to these values.
 */
export interface StreamLimits {
  maxAgeMs: number;
  maxBytes: number;
  enforce?: boolean;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxAgeMs: 7 * 86_400_000, maxBytes: 8 * 1024 ** 3 };

/**
 * A lazily opened, shared connection that reconnects forever. A failed first connect is not cached, so a
 * request made while NATS is down fails fast (and its events wait in the outbox) and the next one retries.
 */
export function createNats(options: NatsOptions): Nats {
  let pending: Promise<NatsConnection> | null = null;
  let streamReady: Promise<void> | null = null;

  const connection = () => {
    pending ??= connect({
      servers: options.servers,
      name: options.name,
      ...(options.user ? { user: options.user, pass: options.pass } : {}),
      ...(options.tlsCa ? { tls: { ca: options.tlsCa } } : {}),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 2000,
    }).then(
      (nc) => {
        void nc.closed().then(() => {
          pending = null;
          streamReady = null;
        });
        return nc;
      },
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
    return pending;
  };

  const manager = async () => {
    // checkAPI off: the stream check below is the round trip that proves JetStream is there.
    const jsm = await jetstreamManager(await connection(), { timeout: 2000, checkAPI: false });
    streamReady ??= ensureStream(jsm, options.replicas ?? 1, options.limits).catch((error: unknown) => {
      streamReady = null;
      throw error;
    });
    await streamReady;
    return jsm;
  };

  return {
    connection,
    manager,
    jetstream: async () => {
      await manager();
      return jetstream(await connection(), { timeout: 2000 });
    },
    close: async () => {
      const current = pending;
      pending = null;
      streamReady = null;
      if (current) await (await current.catch(() => null))?.drain().catch(() => undefined);
    },
  };
}

const TWO_MINUTES_NS = 2 * 60 * 1_000_000_000;

/** Idempotent: the stream exists after the first call of any process; `Nats-Msg-Id` dedupes within 2 minutes. */
export async function ensureStream(jsm: JetStreamManager, replicas: number, limits: StreamLimits = DEFAULT_STREAM_LIMITS): Promise<void> {
  const bounds = { max_age: limits.maxAgeMs * 1_000_000, max_bytes: limits.maxBytes, discard: DiscardPolicy.New };
  let existing;
  try {
    existing = await jsm.streams.info(STREAM_NAME);
  } catch {
    existing = null;
  }
  if (existing) {
    // The limits and the discard policy: a stream made with discard "old" (as the VMs' startup script once did) drops
    // the oldest events, delivered or not, when it is full; "new" refuses the publish, which the outbox then retries.
    const { max_age, max_bytes, discard } = existing.config;
    if (limits.enforce && (max_age !== bounds.max_age || max_bytes !== bounds.max_bytes || discard !== bounds.discard))
      await jsm.streams.update(STREAM_NAME, bounds);
  } else {
    try {
      await jsm.streams.add({ name: STREAM_NAME, subjects: [`${SUBJECT_PREFIX}>`], num_replicas: replicas, duplicate_window: TWO_MINUTES_NS, ...bounds });
    } catch (error) {
      // Another process created it between our info and add.
      if (!/already in use/i.test(String(error))) throw error;
    }
  }
}

/** `nats://a:4222, nats://b:4222` → each server on its own; the client needs a list, not one string. */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((server) => server.trim())
    .filter(Boolean);
}
