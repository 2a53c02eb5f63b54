import { idParamsSchema, NotFoundError, orderSchema } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import type { CurrentUser } from '../platform/session';
import { orderRef, readOrder, toApiOrder, type StoredOrder } from './store';
import { OrderErrors } from './errors';

/** Someone else's order is a 404, not a 403: order ids reveal nothing. */
export function visibleTo(user: CurrentUser, order: StoredOrder | null): StoredOrder {
  if (!order || (order.userId !== user.id && user.role !== 'admin')) throw new NotFoundError('Order not found', OrderErrors.NOT_FOUND);
  return order;
}

export function showOrderRoute({ db }: Platform) {
  return defineRoute({
    method: 'GET',
    path: '/api/orders/:id',
    access: 'user',
    params: idParamsSchema,
    summary: 'One of the caller’s orders (admins: any)',
    response: orderSchema,
    handler: async ({ params, user }) => {
      const ref = orderRef(db, params.id);
      const order = visibleTo(user, ref ? readOrder(await ref.get()) : null);
      return { body: toApiOrder(order) };
    },
  });
}
