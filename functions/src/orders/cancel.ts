import { ConflictError, idParamsSchema, NotFoundError } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { cancelOrder, readOrderContext } from './lifecycle';
import { visibleTo } from './show';
import { isLazilyExpired, orderRef, readOrder } from './store';
import { OrderErrors } from './errors';

export function cancelOrderRoute({ db, outbox }: Platform) {
  return defineRoute({
    method: 'DELETE',
    path: '/api/orders/:id',
    access: 'user',
    params: idParamsSchema,
    summary: 'Cancel a created or awaiting-payment order (idempotent); 409 on a complete order',
    handler: async ({ params, user }) => {
      const ref = orderRef(db, params.id);
      if (!ref) throw new NotFoundError('Order not found', OrderErrors.NOT_FOUND);
      await outbox.transact(async (tx, emit) => {
        const order = visibleTo(user, readOrder(await tx.get(ref)));
        if (order.status === 'complete') throw new ConflictError('Cannot cancel a complete order', OrderErrors.COMPLETE);
        if (order.status === 'refunded') throw new ConflictError('Cannot cancel a refunded order', OrderErrors.REFUNDED);
        if (order.status === 'cancelled') return;
        const context = await readOrderContext(db, tx, order);
        // An order already past its time was cancelled by expiry, whoever writes it down first.
        cancelOrder(db, tx, emit, context, isLazilyExpired(order) ? 'expired' : 'user');
      });
      return { status: 204 };
    },
  });
}
