import { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';

/**
 * One client per project id. With FIRESTORE_EMULATOR_HOST set the client talks to the emulator without
 * credentials; in the cloud it uses the function's service account.
 */
export function createFirestore(projectId: string): Firestore {
  return new Firestore({ projectId, ignoreUndefinedProperties: true });
}

// gRPC DEADLINE_EXCEEDED, ABORTED (contention that outlived the client's retries), UNAVAILABLE: nothing was
// written, and the same request may simply be sent again.
const UNAVAILABLE_CODES = new Set([4, 10, 14]);

export function isFirestoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && UNAVAILABLE_CODES.has(code);
}

/** gRPC ALREADY_EXISTS: a `create()` lost the race for its document id. */
export function isAlreadyExists(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 6;
}

/** gRPC NOT_FOUND: an `update()` of a document that does not exist. */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 5;
}

/** gRPC FAILED_PRECONDITION: a `lastUpdateTime` precondition saw the document changed since it was read. */
export function isPreconditionFailed(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 9;
}

/** gRPC ABORTED: the emulator or Firestore gave up on a contended write; nothing was written. */
export function isAborted(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 10;
}

/** A stored Firestore Timestamp, parsed into a Date when a document is read back. */
export const storedTimestamp = z
  .custom<{ toDate(): Date }>((value) => typeof (value as { toDate?: unknown } | null)?.toDate === 'function')
  .transform((value) => value.toDate());
