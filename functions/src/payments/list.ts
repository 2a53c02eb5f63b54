import { listPaymentsQuerySchema, paymentListSchema } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { getPayment, toApiPayment } from './store';

/** GET /api/payments?orderId=: the caller's payments for one order (at most one: an order has one intent). */
export function listPaymentsRoute({ db }: Platform) {
  return defineRoute({
    method: 'GET',
    path: '/api/payments',
    access: 'user',
    query: listPaymentsQuerySchema,
    response: paymentListSchema,
    summary: "The caller's payments for an order",
    handler: async ({ query, user }) => {
      const payment = await getPayment(db, null, query.orderId);
      // Another buyer's payment is not listed: whether it exists is private.
      const items = payment && payment.userId === user.id ? [toApiPayment(payment)] : [];
      return { body: { items } };
    },
  });
}
