import type { Firestore } from '@google-cloud/firestore';
import { rateLimiter } from '../platform/rate-limit';
import type { TicketsConfig } from './config';

/** tickets' own counters (every domain keeps its own, like its other collections). */
export const TICKETS_RATE_LIMITS = 'tickets_rate_limits';

/**
 * Counts a listing write (creation or edit) against its seller before any work: 429 past the limit. Counted per
 * user, not per listing, so a seller cannot spread a flood over many listings; refused writes count too.
 */
export function listingWriteLimit(db: Firestore, config: Pick<TicketsConfig, 'RATE_LIMIT_LISTING_WRITES_PER_USER'>) {
  const limiter = rateLimiter(db, TICKETS_RATE_LIMITS);
  return (userId: string) =>
    limiter.hit('listing-writes', userId, config.RATE_LIMIT_LISTING_WRITES_PER_USER, 'Too many listing changes, try again in a minute');
}
