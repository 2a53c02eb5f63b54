import type { Query } from '@google-cloud/firestore';
import { ForbiddenError, isWellFormedId, listPayoutsQuerySchema, payoutListSchema, ValidationError, type PayoutList } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { PayoutErrors } from './errors';
import { PAYOUTS, readPayout, toApiPayout } from './store';

/** GET /api/payouts: the caller's payouts as seller, newest first; admins may pass all=true. */
export function listPayoutsRoute({ db }: Platform) {
  return defineRoute({
    method: 'GET',
    path: '/api/payouts',
    access: 'user',
    query: listPayoutsQuerySchema,
    response: payoutListSchema,
    summary: "The caller's payouts, newest first (admins: all=true for everyone's)",
    handler: async ({ query, user }) => {
      if (query.all && user.role !== 'admin') throw new ForbiddenError('Only admins may list all payouts', PayoutErrors.ALL_NEEDS_ADMIN);
      let q: Query = db.collection(PAYOUTS);
      if (!query.all) q = q.where('sellerId', '==', user.id);
      q = q.orderBy('createdAt', 'desc');
      if (query.cursor) {
        const cursor = isWellFormedId(query.cursor) ? await db.collection(PAYOUTS).doc(query.cursor).get() : null;
        if (!cursor?.exists || (!query.all && cursor.data()?.sellerId !== user.id)) throw new ValidationError([{ message: 'Invalid cursor', field: 'cursor' }]);
        q = q.startAfter(cursor);
      }
      const page = await q.limit(query.limit + 1).get();
      const payouts = page.docs.slice(0, query.limit).map((doc) => readPayout(doc)!);
      const body: PayoutList = { items: payouts.map(toApiPayout), nextCursor: page.size > query.limit ? payouts.at(-1)!.orderId : null };
      return { body };
    },
  });
}
