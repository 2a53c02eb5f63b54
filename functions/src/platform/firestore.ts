import { Firestore } from '@google-cloud/firestore';

/**
 * One client per project id. With FIRESTORE_EMULATOR_HOST set the client talks to the emulator without
 * credentials; in the cloud it uses the function's service account.
 */
export function createFirestore(projectId: string): Firestore {
  return new Firestore({ projectId, ignoreUndefinedProperties: true });
}

const UNAVAILABLE_CODES = new Set([4, 14]); // gRPC DEADLINE_EXCEEDED, UNAVAILABLE

export function isFirestoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && UNAVAILABLE_CODES.has(code);
}

/** gRPC ALREADY_EXISTS: a `create()` lost the race for its document id. */
export function isAlreadyExists(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 6;
}
