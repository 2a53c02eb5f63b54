import { randomUUID } from 'node:crypto';
import type { CollectionReference, Firestore, Query, Transaction, WriteBatch } from '@google-cloud/firestore';
import { natsSubject, type EventInput, type EventEnvelope, type Subject } from '@tickethub/shared';
import { z } from 'zod';
import { storedTimestamp } from './firestore';
import type { Logger } from './logger';
import type { Nats } from './nats';

export type Emit = <S extends Subject>(subject: S, data: EventInput<S>) => EventEnvelope<EventInput<S>>;

export const outboxDocSchema = z.object({
  envelope: z.record(z.string(), z.unknown()),
  /**
   * 0..OUTBOX_SHARDS-1, from the event id: the relay's index is (shard, sent, createdAt), so entries written at the
   * same moment land in OUTBOX_SHARDS separate index ranges instead of one ever-growing tail (Firestore sustains
   * about 500 writes/s on an index range that only grows).
   */
  shard: z.number().int().nonnegative(),
  sent: z.boolean(),
  createdAt: storedTimestamp,
  sentAt: storedTimestamp.optional(),
});
interface OutboxDoc {
  envelope: EventEnvelope;
  shard: number;
  sent: boolean;
  createdAt: Date;
  sentAt?: Date;
}

/** How many index ranges an outbox's relay query is spread over; 500 writes/s each (see README's capacity model). */
export const OUTBOX_SHARDS = 32;

/** The shard of an event: its id is a random UUID, so its first 32 bits spread events evenly. */
export function outboxShard(eventId: string): number {
  return Number.parseInt(eventId.replace(/-/g, '').slice(0, 8), 16) % OUTBOX_SHARDS;
}

/** The relay's query for one shard: the shape the composite index (shard, sent, createdAt) serves. */
export function relayQuery(outbox: CollectionReference, shard: number, cutoff: Date, limit: number): Query {
  return outbox.where('shard', '==', shard).where('sent', '==', false).where('createdAt', '<=', cutoff).orderBy('createdAt').limit(limit);
}

function outboxEntry(envelope: EventEnvelope): OutboxDoc {
  return { envelope, shard: outboxShard(envelope.id), sent: false, createdAt: new Date() };
}

export interface Outbox {
  /**
   * Runs a Firestore transaction in which `emit` writes events beside the state change: both commit or
   * neither does. After the commit the events are published; if NATS is down they wait for the relay.
   */
  transact<T>(work: (tx: Transaction, emit: Emit) => Promise<T>, options?: TransactOptions): Promise<T>;
  /**
   * Like `transact`, for writes guarded by preconditions instead of locks (`create`, `lastUpdateTime`): a batch
   * never waits on a contended document, it fails fast and the caller re-reads and decides again.
   */
  commit<T>(work: (batch: WriteBatch, emit: Emit) => Promise<T> | T): Promise<T>;
  /**
   * Publishes unsent events older than `minAgeMs` (the relay's safety net), at most `limit` per shard, oldest first;
   * returns how many were sent.
   */
  relay(options?: { minAgeMs?: number; limit?: number }): Promise<number>;
  collection: string;
}

export interface TransactOptions {
  /** Aborted when nobody waits for the result any more: the transaction is not attempted again. */
  signal?: AbortSignal;
}

const PUBLISH_TIMEOUT_MS = 2000;

export function createOutbox(db: Firestore, domain: string, nats: Nats, log: Logger): Outbox {
  const collection = `${domain}_outbox`;
  const outbox = db.collection(collection);

  const publish = async (envelopes: EventEnvelope[]) => {
    const js = await nats.jetstream();
    for (const envelope of envelopes) {
      // Nats-Msg-Id = event id: a retry after a lost ack is dropped by JetStream's duplicate window.
      await js.publish(natsSubject(envelope.type), JSON.stringify(envelope), { msgID: envelope.id, timeout: PUBLISH_TIMEOUT_MS });
      await outbox.doc(envelope.id).update({ sent: true, sentAt: new Date() });
    }
  };

  const publishAfterCommit = async (envelopes: EventEnvelope[]) => {
    if (envelopes.length === 0) return;
    try {
      await publish(envelopes);
    } catch (error) {
      // The state change is committed and the events are safe in the outbox: the relay will send them.
      log.warn('outbox publish deferred to the relay', { domain, events: envelopes.map((e) => e.id), error });
    }
  };

  return {
    collection,
    async transact(work, options) {
      let staged: EventEnvelope[] = [];
      const result = await db.runTransaction(async (tx) => {
        // A caller that has gone gets no further attempt: throwing here rolls back and releases the attempt's locks.
        options?.signal?.throwIfAborted();
        staged = []; // a retried attempt starts over
        const emit: Emit = (subject, data) => {
          const envelope = makeEnvelope(domain, subject, data);
          tx.create(outbox.doc(envelope.id), outboxEntry(envelope));
          staged.push(envelope);
          return envelope;
        };
        return work(tx, emit);
      });
      await publishAfterCommit(staged);
      return result;
    },
    async commit(work) {
      const batch = db.batch();
      const staged: EventEnvelope[] = [];
      const emit: Emit = (subject, data) => {
        const envelope = makeEnvelope(domain, subject, data);
        batch.create(outbox.doc(envelope.id), outboxEntry(envelope));
        staged.push(envelope);
        return envelope;
      };
      const result = await work(batch, emit);
      await batch.commit();
      await publishAfterCommit(staged);
      return result;
    },
    async relay({ minAgeMs = 0, limit = 200 } = {}) {
      const cutoff = new Date(Date.now() - minAgeMs);
      // Every shard is read (in parallel), so an entry is found whichever shard its id put it in; a shard's
      // entries are only ever in that shard's query, so no entry is picked up twice by one pass.
      const shards = await Promise.all(Array.from({ length: OUTBOX_SHARDS }, (_, shard) => relayQuery(outbox, shard, cutoff, limit).get()));
      const envelopes = shards.flatMap((snapshot) => snapshot.docs.map((doc) => (doc.data() as OutboxDoc).envelope));
      await publish(envelopes);
      if (envelopes.length > 0) log.info('outbox relay published', { domain, count: envelopes.length });
      return envelopes.length;
    },
  };
}

export function makeEnvelope<T>(domain: string, subject: Subject, data: T): EventEnvelope<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: `tickethub/${domain}`,
    type: subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}
