import { createHash } from 'node:crypto';
import type { DocumentData, Firestore } from '@google-cloud/firestore';
import { RateLimitError } from '@tickethub/shared';

export const SIGNIN_FAILURES = 'auth_signin_failures';
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;

interface FailureWindow {
  count: number;
  windowStart: Date;
  expiresAt: Date;
}

/**
 * Failed signins per (email, client IP) in a fixed 15-minute window. The key is hashed so that the
 * collection holds no email or IP address in clear.
 */
export function signinLimiter(db: Firestore) {
  const ref = (email: string, ip: string) => db.collection(SIGNIN_FAILURES).doc(createHash('sha256').update(`${email}\n${ip}`).digest('hex'));

  const read = (data: DocumentData | undefined): FailureWindow | null =>
    data ? { count: data.count as number, windowStart: data.windowStart.toDate(), expiresAt: data.expiresAt.toDate() } : null;

  return {
    async assertAllowed(email: string, ip: string, now = new Date()): Promise<void> {
      const window = read((await ref(email, ip).get()).data());
      if (window && window.expiresAt > now && window.count >= MAX_FAILURES) {
        throw new RateLimitError((window.expiresAt.getTime() - now.getTime()) / 1000, 'Too many failed signins, try again later');
      }
    },
    async recordFailure(email: string, ip: string, now = new Date()): Promise<void> {
      const doc = ref(email, ip);
      // A transaction, so concurrent failures each count.
      await db.runTransaction(async (tx) => {
        const window = read((await tx.get(doc)).data());
        if (window && window.expiresAt > now) tx.update(doc, { count: window.count + 1 });
        else tx.set(doc, { count: 1, windowStart: now, expiresAt: new Date(now.getTime() + WINDOW_MS) });
      });
    },
    async reset(email: string, ip: string): Promise<void> {
      await ref(email, ip).delete();
    },
  };
}
