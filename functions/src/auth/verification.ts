import { createHash, randomBytes } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { storedTimestamp } from '../platform/firestore';
import { z } from 'zod';

/** Keyed by the token's hash: a leaked database does not leak working links. */
export const VERIFICATIONS = 'auth_verifications';

/** A verification link stays valid this long; after that the user signs up again or asks support. */
export const VERIFICATION_TTL_MS = 7 * 24 * 3600 * 1000;

export const verificationSchema = z.object({ email: z.string(), userId: z.string(), expiresAt: storedTimestamp });

export function newVerificationToken(): string {
  return randomBytes(32).toString('base64url');
}

export function verificationRef(db: Firestore, token: string) {
  return db.collection(VERIFICATIONS).doc(createHash('sha256').update(token).digest('hex'));
}

/**
 * ADMIN_EMAILS is a development convenience (demo data, test suites): in production the role is granted only by an
 * operator (`npm run admin`). Anyone may sign up with any address, so a listed address would make an admin of whoever
 * got it verified first, and a verification link is one click (or one mail scanner) away from the real owner.
 */
export function roleFor(email: string, config: { ADMIN_EMAILS: string[]; production: boolean }): 'admin' | 'user' {
  return !config.production && config.ADMIN_EMAILS.includes(email) ? 'admin' : 'user';
}
