import { randomUUID } from 'node:crypto';
import type { Firestore, Query, Transaction, WriteBatch } from '@google-cloud/firestore';
import { natsSubject, type EventData, type EventEnvelope, type Subject } from '@tickethub/shared';
import type { Logger } from './logger';
import type { Nats } from './nats';

export type Emit = <S extends Subject>(subject: S, data: EventData<S>) => EventEnvelope<EventData<S>>;

interface OutboxDoc {
  envelope: EventEnvelope;
  sent: boolean;
  createdAt: Date;
  sentAt?: Date;
}

export interface Outbox {
  /**
   * Runs a Firestore transaction in which `emit` writes events beside the state change: both commit or
   * neither does. After the commit the events are published; if NATS is down they wait for the relay.
   */
  transact<T>(work: (tx: Transaction, emit: Emit) => Promise<T>): Promise<T>;
  /**
   * Like `transact`, for writes guarded by preconditions instead of locks (`create`, `lastUpdateTime`): a batch
   * never waits on a contended document, it fails fast and the caller re-reads and decides again.
   */
  commit<T>(work: (batch: WriteBatch, emit: Emit) => Promise<T> | T): Promise<T>;
  /** Publishes unsent events older than `minAgeMs` (the relay's safety net); returns how many were sent. */
  relay(options?: { minAgeMs?: number; limit?: number }): Promise<number>;
  collection: string;
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
    async transact(work) {
      let staged: EventEnvelope[] = [];
      const result = await db.runTransaction(async (tx) => {
        staged = []; // a retried attempt starts over
        const emit: Emit = (subject, data) => {
          const envelope = makeEnvelope(domain, subject, data);
          const doc: OutboxDoc = { envelope, sent: false, createdAt: new Date() };
          tx.create(outbox.doc(envelope.id), doc);
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
        batch.create(outbox.doc(envelope.id), { envelope, sent: false, createdAt: new Date() } satisfies OutboxDoc);
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
      const snapshot = await unsentEventsQuery(db, domain, cutoff).limit(limit).get();
      const envelopes = snapshot.docs.map((doc) => (doc.data() as OutboxDoc).envelope);
      await publish(envelopes);
      if (envelopes.length > 0) log.info('outbox relay published', { domain, count: envelopes.length });
      return envelopes.length;
    },
  };
}

/** The relay's query: unsent events older than the cutoff, oldest first (indexes.ts derives its index from it). */
export function unsentEventsQuery(db: Firestore, domain: string, cutoff: Date): Query {
  return db.collection(`${domain}_outbox`).where('sent', '==', false).where('createdAt', '<=', cutoff).orderBy('createdAt');
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
