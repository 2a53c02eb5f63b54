import { Firestore } from '@google-cloud/firestore';
import { listTicketsQuerySchema, ticketSortSchema, ValidationError, type ListTicketsQuery } from '@tickethub/shared';
import type { CurrentUser } from '../platform/session';
import { indexFor, type CompositeIndex } from '../platform/indexes';
import { planListQuery } from './query';

function subsets<T>(items: T[]): T[][] {
  return items.reduce<T[][]>((all, item) => all.concat(all.map((set) => [...set, item])), [[]]);
}

/**
 * Every query shape GET /api/tickets can produce, by planning every combination of its options: the list
 * of indexes is derived from the query code itself, so the two cannot drift apart.
 */
export function ticketListIndexes(): CompositeIndex[] {
  const db = new Firestore({ projectId: 'index-planning' });
  const seller: CurrentUser = { id: 'u', email: 'u@x.co', role: 'user', sessionId: 's', expiresAt: new Date() };
  const admin: CurrentUser = { ...seller, role: 'admin' };
  const optional: Array<Partial<Record<keyof ListTicketsQuery, string>>> = [
    { category: 'concert' },
    { city: 'london' },
    { q: 'rock' },
    { minPrice: '1' },
    { from: '2030-01-01T00:00:00Z' },
  ];
  const scopes: Array<{ query: Record<string, string>; user: CurrentUser | null }> = [
    { query: {}, user: null },
    { query: { mine: 'true' }, user: seller },
    { query: { mine: 'true', status: 'sold' }, user: seller },
    { query: { status: 'sold' }, user: admin },
  ];
  const byKey = new Map<string, CompositeIndex>();
  for (const scope of scopes) {
    for (const extra of subsets(optional)) {
      for (const sort of ticketSortSchema.options) {
        const query = listTicketsQuerySchema.parse({ ...scope.query, ...Object.assign({}, ...extra), sort });
        let planned: ReturnType<typeof planListQuery>;
        try {
          planned = planListQuery(db, query, scope.user);
        } catch (error) {
          if (error instanceof ValidationError) continue; // a combination the API refuses needs no index
          throw error;
        }
        // Read from the query as sent to Firestore, as the test harness's strict check reads it: the two cannot differ.
        const index = indexFor(planned.query);
        if (index) byKey.set(JSON.stringify(index.fields), index);
      }
    }
  }
  return [...byKey.values()];
}
