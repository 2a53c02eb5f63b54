import type { Transaction } from '@google-cloud/firestore';
import type { EventHandlers } from '../platform/events';
import type { Logger } from '../platform/logger';
import type { Platform } from '../platform/platform';
import { cancelOrder, completeOrder, readOrderContext } from './lifecycle';
import { isLazilyExpired, isLive, orderRef, readOrder, type StoredOrder } from './store';

export function orderConsumers({ db }: Platform): EventHandlers {
  const load = async (tx: Transaction, orderId: string, log: Logger): Promise<StoredOrder | null> => {
    const ref = orderRef(db, orderId);
    const order = ref ? readOrder(await tx.get(ref)) : null;
    if (!order) log.warn('event for an unknown order', { orderId });
    return order;
  };

  return {
    // The Cloud Task fired: cancel unless the order already completed or was cancelled (then a no-op).
    'expiration.complete': async ({ orderId }, { tx, emit, log }) => {
      const order = await load(tx, orderId, log);
      if (!order || order.status === 'complete' || order.status === 'cancelled' || order.status === 'refunded') return;
      if (order.expiresAt > new Date()) return log.warn('expiration.complete before expiresAt: ignored', { orderId });
      cancelOrder(db, tx, emit, await readOrderContext(db, tx, order), 'expired');
    },

    'payment.started': async ({ orderId, paymentIntentId }, { tx, log }) => {
      const order = await load(tx, orderId, log);
      if (!order || order.status !== 'created' || !isLive(order)) return;
      tx.set(orderRef(db, orderId)!, { ...order, status: 'awaiting:payment', paymentIntentId, version: order.version + 1, updatedAt: new Date() });
    },

    // Completes only a live order. A payment for an order that is no longer payable leaves it cancelled;
    // payments refunds it when it learns of the cancellation.
    'payment.created': async ({ orderId, paymentIntentId }, { tx, emit, log }) => {
      const order = await load(tx, orderId, log);
      if (!order || order.status === 'complete' || order.status === 'cancelled' || order.status === 'refunded') return;
      const context = await readOrderContext(db, tx, order);
      if (isLazilyExpired(order)) {
        cancelOrder(db, tx, emit, context, 'expired');
        return;
      }
      completeOrder(db, tx, emit, context, paymentIntentId);
    },

    'payment.refunded': async ({ id, orderId }, { tx, log }) => {
      const order = await load(tx, orderId, log);
      if (!order || order.refundIds.includes(id)) return;
      tx.set(orderRef(db, orderId)!, { ...order, refundIds: [...order.refundIds, id], updatedAt: new Date() });
    },
  };
}
