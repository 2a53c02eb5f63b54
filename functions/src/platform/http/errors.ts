import { AppError, INTERNAL_ERROR_MESSAGE, UnavailableError, type ErrorEnvelope } from '@tickethub/shared';
import { isFirestoreUnavailable } from '../firestore';
import type { Logger } from '../logger';

/** The one place where an error becomes a status and an envelope. */
export function toErrorResponse(error: unknown, log: Logger): { status: number; body: ErrorEnvelope; headers: Record<string, string> } {
  const known = error instanceof AppError ? error : isFirestoreUnavailable(error) ? new UnavailableError(undefined, { cause: error }) : null;
  if (known) {
    // An event ahead of its predecessor is the pipeline working as designed (it waits), not a failing dependency.
    if (known.code === 'EVENTS.OUT_OF_ORDER') log.info('event waits for its predecessor', { reason: known.message });
    else if (known.status >= 500) log.warn('dependency unavailable', { error });
    const headers: Record<string, string> = {};
    const retryAfter = (known as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfter)));
    if (known.status === 503) headers['retry-after'] ??= '1';
    return { status: known.status, body: { errors: known.items }, headers };
  }
  // Unexpected: the details go to the log (with the request id), never to the client.
  log.error('unhandled error', { error });
  return { status: 500, body: { errors: [{ message: INTERNAL_ERROR_MESSAGE, code: 'INTERNAL' }] }, headers: {} };
}
