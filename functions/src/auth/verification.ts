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
 * ADMIN_EMAILS makes an admin only of an address its owner proved (the link) in production; in development and
 * tests the demo data and suites may skip the proof (API.md, Users).
 */
export function roleFor(email: string, verified: boolean, config: { ADMIN_EMAILS: string[]; production: boolean }): 'admin' | 'user' {
  return config.ADMIN_EMAILS.includes(email) && (verified || !config.production) ? 'admin' : 'user';
}
