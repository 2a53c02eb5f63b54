import { createHash } from 'node:crypto';
import type { DocumentData, Firestore } from '@google-cloud/firestore';
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

interface Window {
  count: number;
  expiresAt: Date;
}

const readWindow = (data: DocumentData | undefined): Window | null => (data ? { count: data.count as number, expiresAt: data.expiresAt.toDate() } : null);

/**
 * Fixed-window counters in Firestore, one document per (bucket, key). Keys are hashed so the collection holds no
 * email or address in clear; `expiresAt` lets a Firestore TTL policy delete old windows.
 */
export function rateLimiter(db: Firestore, collection: string) {
  const ref = (bucket: string, key: string) => db.collection(collection).doc(createHash('sha256').update(`${bucket}\n${key}`).digest('hex'));
  const refuse = (window: Window, now: Date, message: string) =>
    new RateLimitError(Math.max(1, Math.ceil((window.expiresAt.getTime() - now.getTime()) / 1000)), message);

  return {
    /** 429 when the window is already full; counts nothing. */
    async check(bucket: string, key: string, limit: Limit, message: string, now = new Date()): Promise<void> {
      const window = readWindow((await ref(bucket, key).get()).data());
      if (window && window.expiresAt > now && window.count >= limit.max) throw refuse(window, now, message);
    },
    /** Counts one more, or 429 (counting nothing) when the window is full. A transaction, so concurrent hits each count. */
    async hit(bucket: string, key: string, limit: Limit, message: string, now = new Date()): Promise<void> {
      const doc = ref(bucket, key);
      await db.runTransaction(async (tx) => {
        const window = readWindow((await tx.get(doc)).data());
        if (window && window.expiresAt > now) {
          if (window.count >= limit.max) throw refuse(window, now, message);
          tx.update(doc, { count: window.count + 1 });
        } else tx.set(doc, { count: 1, expiresAt: new Date(now.getTime() + limit.windowSeconds * 1000) });
      });
    },
    async reset(bucket: string, key: string): Promise<void> {
      await ref(bucket, key).delete();
    },
  };
}
