import { createHash } from 'node:crypto';
import { FieldValue, type DocumentSnapshot, type Firestore } from '@google-cloud/firestore';
import { RateLimitError } from '@tickethub/shared';
import { z } from 'zod';

/** A limit as configured: at most `max` in any fixed window of `windowSeconds`. */
export interface Limit {
  max: number;
  windowSeconds: number;
}

/** `"10/3600"`: ten per hour. One variable per limit keeps each one readable in the environment table. */
export const limitSchema = z
  .string()
  .regex(/^\d{1,9}\/\d{1,9}$/, 'must be <max>/<window seconds>, e.g. 10/3600')
  .transform((value): Limit => {
    const [max, windowSeconds] = value.split('/').map(Number) as [number, number];
    return { max, windowSeconds };
  })
  .refine((limit) => limit.max > 0 && limit.windowSeconds > 0, 'max and window must be positive');

/**
 * Counters in Firestore, one document per (bucket, key, fixed window). Keys are hashed so the collection holds no
 * email or address in clear; `expiresAt` lets a Firestore TTL policy delete a window once nothing reads it.
 *
 * A hit counts first and reads the count after: the k-th increment to commit makes the count k, so whatever it
 * reads is at least k, and only the first `max` hits can read a count within the limit however many arrive at once.
 * (Reading first and counting later let every request of a parallel burst read `count < max`.) A burst that crosses
 * the limit may be refused in full (each of its hits may read the others' counts): the error is on the safe side,
 * and it only happens at the limit, where the window shuts for what follows anyway. The increment is a
 * server-side transform on an upsert, not a transaction: every client behind one address shares the document, and a
 * burst of transactions on it would abort into 503s. The previous window is weighed in by how much of it still lies
 * within `windowSeconds` of now (a sliding-window estimate), so a burst astride a window's edge cannot pass twice
 * the limit. Cost: one write and one two-document read, which the reservation path pays on every attempt.
 */
export function rateLimiter(db: Firestore, collection: string) {
  const ref = (bucket: string, key: string, index: number) =>
    db.collection(collection).doc(createHash('sha256').update(`${bucket}\n${key}\n${index}`).digest('hex'));
  const countOf = (snapshot: DocumentSnapshot) => (snapshot.get('count') as number | undefined) ?? 0;

  return {
    /**
     * Counts one more, then 429 when the window now holds more than `max`. Refused hits are counted too: the count
     * says how often someone tried, so hammering past the limit keeps the limit shut.
     */
    async hit(bucket: string, key: string, limit: Limit, message: string, now = new Date()): Promise<void> {
      const windowMs = limit.windowSeconds * 1000;
      const index = Math.floor(now.getTime() / windowMs);
      const endsAt = (index + 1) * windowMs;
      const current = ref(bucket, key, index);
      await current.set({ count: FieldValue.increment(1), expiresAt: new Date(endsAt + windowMs) }, { merge: true });
      const [counted, previous] = await db.getAll(current, ref(bucket, key, index - 1));
      const stillInWindow = (endsAt - now.getTime()) / windowMs;
      if (countOf(counted!) + countOf(previous!) * stillInWindow > limit.max)
        throw new RateLimitError(Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)), message);
    },
    /** Forgets the hits that count now (a correct password after a few typos starts afresh). */
    async reset(bucket: string, key: string, limit: Limit, now = new Date()): Promise<void> {
      const index = Math.floor(now.getTime() / (limit.windowSeconds * 1000));
      const batch = db.batch();
      batch.delete(ref(bucket, key, index));
      batch.delete(ref(bucket, key, index - 1));
      await batch.commit();
    },
  };
}
