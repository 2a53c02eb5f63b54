import { Firestore, type Query } from '@google-cloud/firestore';
import { domains } from '@tickethub/shared';
import { listOrdersQueries } from './orders/list';
import { indexFor, indexKey, type CompositeIndex } from './platform/indexes';
import { relayQuery } from './platform/outbox';
import { plannedQueries } from './stored-collections';
import { ticketListIndexes } from './tickets/indexes';

/**
 * Every composite index any domain's queries need, derived from the code that builds the queries (never listed by
 * hand): each query a domain makes is built here by the same function the domain calls, and indexFor reads what it
 * needs from its wire form. `npx tsx dev/scripts/write-indexes.ts` writes them to firestore.indexes.json (which the
 * emulator, `firebase deploy` and Terraform read); indexes.test.ts fails when the file lacks one, and the test
 * harness and the production rehearsal refuse at run time any query whose index is not in the file, as production
 * Firestore does (the emulator does not).
 */
export function requiredIndexes(): CompositeIndex[] {
  const db = new Firestore({ projectId: 'index-planning' });
  const composite = (queries: Query[]) => queries.map(indexFor).filter((index): index is CompositeIndex => index !== null);
  const derived = [
    ...composite(domains.map((domain) => relayQuery(db.collection(`${domain}_outbox`), 0, new Date(), 1))), // the outbox relay of every domain (every shard has the same shape)
    ...ticketListIndexes(), // GET /api/tickets, every combination of its options
    ...composite([...listOrdersQueries(db, { userId: 'a-user' }), ...listOrdersQueries(db, { all: true })]), // GET /api/orders (and ?all=true, per shard)
    ...composite(plannedQueries(db)), // every other query (payouts, notifications, local tasks), as stored-collections.ts lists them
  ];
  return [...new Map(derived.map((index) => [indexKey(index), index])).values()];
}
