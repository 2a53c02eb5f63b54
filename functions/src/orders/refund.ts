import { ConflictError, idParamsSchema, NotFoundError, orderSchema } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { OrderErrors } from './errors';
import { refundOrder } from './lifecycle';
import { orderRef, readOrder, toApiOrder } from './store';

/**
 * POST /api/orders/:id/refund (admins): a complete order becomes `refunded` and order.refunded goes out; payments
 * refunds the charge at Stripe and payouts cancels or reverses the seller's share. Refunding a refunded order again
 * answers the same order and changes nothing.
 */
export function refundOrderRoute({ db, outbox }: Platform) {
  return defineRoute({
    method: 'POST',
    path: '/api/orders/:id/refund',
    access: 'admin',
    params: idParamsSchema,
    summary: 'Refund a complete order in full (admins); the seller’s payout is cancelled or reversed',
    response: orderSchema,
    handler: async ({ params }) => {
      const ref = orderRef(db, params.id);
      if (!ref) throw new NotFoundError('Order not found', OrderErrors.NOT_FOUND);
      const order = await outbox.transact(async (tx, emit) => {
        const current = readOrder(await tx.get(ref));
        if (!current) throw new NotFoundError('Order not found', OrderErrors.NOT_FOUND);
        if (current.status === 'refunded') return current;
        if (current.status !== 'complete') throw new ConflictError('Only a complete order can be refunded', OrderErrors.NOT_REFUNDABLE);
        return refundOrder(db, tx, emit, current);
      });
      return { body: toApiOrder(order) };
    },
  });
}
