import type { Firestore, Query, WhereFilterOp } from '@google-cloud/firestore';
import { ForbiddenError, toMinorUnits, UnauthorizedError, ValidationError, type ListTicketsQuery, type TicketStatus } from '@tickethub/shared';
import type { CurrentUser } from '../platform/session';
import { cityKey, queryTerms } from './search-terms';
import { listings } from './store';
import { TicketErrors } from './errors';

export type Direction = 'asc' | 'desc';

export interface PlannedQuery {
  query: Query;
  /** Query words beyond the one the index matched; checked on each fetched ticket. */
  extraTerms: string[];
}

const SORTS: Record<ListTicketsQuery['sort'], [string, Direction]> = {
  eventDate: ['eventDate', 'asc'],
  '-eventDate': ['eventDate', 'desc'],
  price: ['price', 'asc'],
  '-price': ['price', 'desc'],
  '-createdAt': ['createdAt', 'desc'],
};

/** Which statuses the caller may list: the public sees available tickets, sellers their own, admins any status. */
function statusScope(query: ListTicketsQuery, user: CurrentUser | null): { sellerId?: string; status?: TicketStatus; futureOnly: boolean } {
  const management = query.mine || (query.status !== undefined && query.status !== 'available');
  // No session is a 401 (sign in and ask again), a session without the right a 403, as everywhere in the API.
  if (management && !user) {
    throw query.mine
      ? new UnauthorizedError('Sign in to see your listings', TicketErrors.MINE_NEEDS_SESSION)
      : new UnauthorizedError('Sign in as an admin to filter by status');
  }
  if (!query.mine && management && user!.role !== 'admin') throw new ForbiddenError('Only admins may filter by status', TicketErrors.STATUS_FILTER);
  const filters = (['q', 'category', 'city', 'minPrice', 'maxPrice', 'from', 'to'] as const).filter((key) => query[key] !== undefined);
  if (management && filters.length > 0) {
    // Listings management pages filter by status and sort only; keeping these shapes few keeps the index count bounded.
    throw new ValidationError(filters.map((field) => ({ message: 'mine=true and status= combine only with sort, limit and cursor', field })));
  }
  if (query.mine) return { sellerId: user!.id, status: query.status, futureOnly: false };
  if (management) return { status: query.status, futureOnly: false };
  return { status: 'available', futureOnly: true };
}

/** Builds the Firestore query for GET /api/tickets: every filter is an indexed clause, none is applied in memory but extra words. */
export function planListQuery(db: Firestore, query: ListTicketsQuery, user: CurrentUser | null, now = new Date()): PlannedQuery {
  const scope = statusScope(query, user);
  let q: Query = listings(db);
  const where = (field: string, op: WhereFilterOp, value: unknown) => {
    q = q.where(field, op, value);
  };

  if (scope.sellerId) where('sellerId', '==', scope.sellerId);
  if (scope.status) where('status', '==', scope.status);
  if (query.category) where('category', '==', query.category);
  if (query.city) where('cityKey', '==', cityKey(query.city));

  const terms = queryTerms(query.q ?? '').sort((a, b) => b.length - a.length);
  const [indexed, ...extraTerms] = terms;
  if (indexed) where('searchTerms', 'array-contains', indexed);

  const from = query.from ? new Date(query.from) : undefined;
  const lowerDate = scope.futureOnly && (!from || from < now) ? now : from;
  if (lowerDate) where('eventDate', scope.futureOnly && lowerDate === now ? '>' : '>=', lowerDate);
  if (query.to) where('eventDate', '<=', new Date(query.to));
  if (query.minPrice !== undefined) where('price', '>=', toMinorUnits(query.minPrice) ?? Math.ceil(query.minPrice * 100));
  if (query.maxPrice !== undefined) where('price', '<=', toMinorUnits(query.maxPrice) ?? Math.floor(query.maxPrice * 100));

  const [field, direction] = SORTS[query.sort];
  q = q.orderBy(field, direction);
  return { query: q, extraTerms };
}
