import type { Firestore, Query } from '@google-cloud/firestore';
import { ForbiddenError, listOrdersQuerySchema, orderListSchema, ValidationError, type OrderList } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { orderRef, ordersCollection, readOrder, toApiOrder } from './store';
import { OrderErrors } from './errors';

/** A buyer's orders (or everyone's), newest first: orders/indexes.ts derives the index it needs from this. */
export function listOrdersQuery(db: Firestore, userId: string | null): Query {
  const all: Query = ordersCollection(db);
  return (userId === null ? all : all.where('userId', '==', userId)).orderBy('createdAt', 'desc');
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
      let q = listOrdersQuery(db, query.all ? null : user.id);
      if (query.cursor) {
        const ref = orderRef(db, query.cursor);
        const cursor = ref ? await ref.get() : null;
        if (!cursor?.exists || (!query.all && cursor.data()?.userId !== user.id)) throw new ValidationError([{ message: 'Invalid cursor', field: 'cursor' }]);
        q = q.startAfter(cursor);
      }
      const page = await q.limit(query.limit + 1).get();
      const orders = page.docs.slice(0, query.limit).map((doc) => readOrder(doc)!);
      const body: OrderList = { items: orders.map((order) => toApiOrder(order)), nextCursor: page.size > query.limit ? orders.at(-1)!.id : null };
      return { body };
    },
  });
}
