import type { Firestore, Query } from '@google-cloud/firestore';
import { domains, eventEnvelopeSchema, SUBJECT_PREFIX, type Domain, type EventEnvelope } from '@tickethub/shared';
import { z } from 'zod';
import { storedTimestamp } from './firestore';
import type { Nats } from './nats';

/**
 * Events the bridge could not deliver, one document per (domain, event): the bridge writes them, health counts
 * them, `npm run dlq` and the admin page list, replay and drop them. Platform-level, like the outbox: no domain
 * owns it, and every domain's dead letters live side by side.
 */
export const DEAD_LETTERS = 'bridge_dead_letters';

export const deadLetterSchema = z.object({
  id: z.string(),
  domain: z.enum(domains),
  subject: z.string(),
  eventId: z.string(),
  /** The CloudEvent exactly as the bridge held it (a string: a malformed event must survive to be inspected). */
  body: z.string(),
  reason: z.string(),
  attempts: z.number().int().nonnegative(),
  publishedAt: storedTimestamp.nullable(),
  deadAt: storedTimestamp,
  replays: z.number().int().nonnegative().default(0),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;
/** A dead letter as stored: the record plus the Firestore TTL field that drops it when nobody acted on it. */
export const storedDeadLetterSchema = deadLetterSchema.extend({ expireAt: storedTimestamp });

export interface NewDeadLetter {
  domain: Domain;
  subject: string;
  eventId: string;
  body: string;
  reason: string;
  attempts: number;
  publishedAt: Date | null;
}

export function deadLetterId(domain: string, eventId: string): string {
  // Event ids are UUIDs in practice; anything else is made safe for a document id.
  return `${domain}--${eventId.replace(/[^\w.-]/g, '_').slice(0, 400)}`;
}

/**
 * Whether `id` has the shape deadLetterId gives: an operator's typo (`a/b`, `__x__`, `..`) is then a plain "no such
 * dead letter", never a path Firestore refuses.
 */
export function isDeadLetterId(id: string): boolean {
  return /^[a-z]+--[\w.-]{1,400}$/.test(id);
}

/** Where a replay is published: the bridge's replay consumer of that one domain delivers it, nobody else sees it. */
export function replaySubject(domain: string): string {
  return `${SUBJECT_PREFIX}replay.${domain}`;
}

export function parseEnvelope(body: string): EventEnvelope | null {
  try {
    const parsed = eventEnvelopeSchema.safeParse(JSON.parse(body));
    return parsed.success ? (parsed.data as EventEnvelope) : null;
  } catch {
    return null;
  }
}

/** The operator's list, newest first: stored-collections.ts plans it, so deadAt keeps its single-field index. */
export function deadLetterListQuery(db: Firestore, limit: number): Query {
  return db.collection(DEAD_LETTERS).orderBy('deadAt', 'desc').limit(limit);
}

export function createDeadLetters(db: Firestore, options: { ttlMs?: number } = {}) {
  const collection = db.collection(DEAD_LETTERS);
  const ttlMs = options.ttlMs ?? 30 * 86_400_000;
  return {
    /** Upsert: the same event dead-lettered again (after a failed replay) keeps one document, its replays counted. */
    async record(letter: NewDeadLetter): Promise<string> {
      const id = deadLetterId(letter.domain, letter.eventId);
      const deadAt = new Date();
      // expireAt is the Firestore TTL field: a dead letter nobody handled for this long is dropped (documented).
      await collection.doc(id).set({ id, ...letter, deadAt, expireAt: new Date(deadAt.getTime() + ttlMs) }, { merge: true });
      return id;
    },
    async count(): Promise<number> {
      const snapshot = await collection.count().get();
      return snapshot.data().count;
    },
    async list(limit = 100): Promise<DeadLetter[]> {
      const snapshot = await deadLetterListQuery(db, limit).get();
      return snapshot.docs.flatMap((doc) => {
        const parsed = deadLetterSchema.safeParse(doc.data());
        return parsed.success ? [parsed.data] : [];
      });
    },
    async get(id: string): Promise<DeadLetter | null> {
      if (!isDeadLetterId(id)) return null;
      const snapshot = await collection.doc(id).get();
      const parsed = deadLetterSchema.safeParse(snapshot.data());
      return snapshot.exists && parsed.success ? parsed.data : null;
    },
    async drop(id: string): Promise<boolean> {
      if (!isDeadLetterId(id)) return false;
      const ref = collection.doc(id);
      if (!(await ref.get()).exists) return false;
      await ref.delete();
      return true;
    },
    /** Removed once the replay was delivered (the bridge calls this after the 2xx). */
    async resolve(domain: string, eventId: string): Promise<void> {
      await collection.doc(deadLetterId(domain, eventId)).delete();
    },
    /**
     * Hands the event back to the bridge for its domain only. The dead letter stays until the delivery succeeds, so
     * a replay that fails again is still listed; the handler's processed-event record makes a double replay harmless.
     */
    async replay(nats: Nats, letter: DeadLetter): Promise<void> {
      const js = await nats.jetstream();
      // A fresh message id per replay: the event's own id is inside JetStream's duplicate window no longer, or is.
      await js.publish(replaySubject(letter.domain), letter.body, { msgID: `replay-${letter.id}-${letter.replays + 1}`, timeout: 2000 });
      // Gone already means the replay (or an earlier one) was delivered: nothing left to count.
      await collection
        .doc(letter.id)
        .update({ replays: letter.replays + 1 })
        .catch((error: unknown) => {
          if ((error as { code?: unknown }).code !== 5) throw error;
        });
    },
  };
}
export type DeadLetters = ReturnType<typeof createDeadLetters>;
