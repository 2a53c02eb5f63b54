import type { DocumentSnapshot, Firestore, Query } from '@google-cloud/firestore';
import { ForbiddenError, listOrdersQuerySchema, orderListSchema, ValidationError, type OrderList } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { OrderErrors } from './errors';
import { ORDER_SHARDS, orderRef, ordersCollection, readOrder, toApiOrder, type StoredOrder } from './store';

/**
 * The queries behind GET /api/orders, newest first. A buyer's orders are one query behind `userId`; everyone's
 * (admins) are one query per shard, merged, so that no query needs an index on createdAt alone (see ORDER_SHARDS).
 */
export function listOrdersQueries(db: Firestore, scope: { all: true } | { userId: string }): Query[] {
  const newest = (q: Query) => q.orderBy('createdAt', 'desc');
  if ('userId' in scope) return [newest(ordersCollection(db).where('userId', '==', scope.userId))];
  return Array.from({ length: ORDER_SHARDS }, (_, shard) => newest(ordersCollection(db).where('shard', '==', shard)));
}

/** Newest first; equal times by id, descending, as Firestore orders by document name after the last orderBy. */
function newestFirst(a: StoredOrder, b: StoredOrder): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function listOrdersRoute({ db }: Platform) {
  return defineRoute({
    method: 'GET',
    path: '/api/orders',
    access: 'user',
    query: listOrdersQuerySchema,
    summary: 'The caller’s orders, newest first (admins: all=true for everyone’s)',
    response: orderListSchema,
    handler: async ({ query, user }) => {
      if (query.all && user.role !== 'admin') throw new ForbiddenError('Only admins may list all orders', OrderErrors.ALL_NEEDS_ADMIN);
      let cursor: DocumentSnapshot | null = null;
      if (query.cursor) {
        const ref = orderRef(db, query.cursor);
        cursor = ref ? await ref.get() : null;
        if (!cursor?.exists || (!query.all && cursor.data()?.userId !== user.id)) throw new ValidationError([{ message: 'Invalid cursor', field: 'cursor' }]);
      }
      const queries = listOrdersQueries(db, query.all ? { all: true } : { userId: user.id });
      // Each shard's next page past the cursor; the merged page is the newest of them all.
      const pages = await Promise.all(queries.map((q) => (cursor ? q.startAfter(cursor) : q).limit(query.limit + 1).get()));
      const merged = pages.flatMap((page) => page.docs.map((doc) => readOrder(doc)!)).sort(newestFirst);
      const orders = merged.slice(0, query.limit);
      const body: OrderList = { items: orders.map((order) => toApiOrder(order)), nextCursor: merged.length > query.limit ? orders.at(-1)!.id : null };
      return { body };
    },
  });
}
