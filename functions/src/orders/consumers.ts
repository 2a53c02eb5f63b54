import type { Transaction } from '@google-cloud/firestore';
import type { EventHandlers } from '../platform/events';
import type { Logger } from '../platform/logger';
import type { Platform } from '../platform/platform';
import { cancelOrder, completeOrder, readOrderContext, refundOrder } from './lifecycle';
import { isMoneyReturned, orderMoneyConsumers } from './payment-facts';
import { readReplica, replicaRef } from './replica';
import { isLive, orderRef, readOrder, type StoredOrder } from './store';

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
      // A payment was started: payments cancels it at Stripe (it hears expiration.complete too) and tells us with
      // payment.cancelled, or it succeeded in time and payment.created completes the order. The hold stays meanwhile.
      if (order.status === 'awaiting:payment') return log.info('expired with a payment started: waiting for Stripe', { orderId });
      cancelOrder(db, tx, emit, await readOrderContext(db, tx, order), 'expired');
    },

    'payment.started': async ({ orderId, paymentIntentId }, { tx, log }) => {
      const order = await load(tx, orderId, log);
      if (!order || order.status !== 'created' || !isLive(order)) return;
      const ticketRef = replicaRef(db, order.ticket.id);
      const ticket = readReplica(await tx.get(ticketRef));
      tx.set(orderRef(db, orderId)!, { ...order, status: 'awaiting:payment', paymentIntentId, version: order.version + 1, updatedAt: new Date() });
      if (ticket?.hold?.orderId === orderId) tx.update(ticketRef, { hold: { ...ticket.hold, paymentStarted: true } });
    },

    // Completes an order whose payment Stripe recorded before the hold ended, however late this event is, as long as
    // the seat is still its own. A payment recorded after the hold ended cancels the order, and so does one recorded in
    // time for a seat given to another buyer meanwhile (its payment.started came too late to keep the hold): at most
    // one order completes per seat. Payments refunds a cancelled order's money when it learns of the cancellation.
    'payment.created': async ({ orderId, paymentIntentId, paidAt }, { tx, emit, log }) => {
      const order = await load(tx, orderId, log);
      if (!order || order.status === 'complete' || order.status === 'cancelled' || order.status === 'refunded') return;
      const context = await readOrderContext(db, tx, order);
      const recordedAt = paidAt ? new Date(paidAt) : new Date();
      const heldBy = context.ticket?.hold?.orderId;
      if (recordedAt > order.expiresAt || (heldBy !== undefined && heldBy !== orderId)) {
        if (heldBy !== undefined && heldBy !== orderId) log.warn('paid in time for a seat another order holds now: refunding', { orderId, heldBy });
        cancelOrder(db, tx, emit, context, 'expired');
        return;
      }
      const complete = completeOrder(db, tx, emit, context, paymentIntentId);
      // The money went back before this event got here (another subject, another lane): the sale ends refunded.
      if (isMoneyReturned(complete)) refundOrder(db, tx, emit, complete);
    },

    // Stripe confirmed the started payment can no longer succeed: an expired order releases its hold now.
    'payment.cancelled': async ({ orderId }, { tx, emit, log }) => {
      const order = await load(tx, orderId, log);
      if (!order || order.status === 'complete' || order.status === 'cancelled' || order.expiresAt > new Date()) return;
      cancelOrder(db, tx, emit, await readOrderContext(db, tx, order), 'expired');
    },

    // Refunded in full: the money went back. A started payment on an expired order was too late: the hold is
    // released now. A complete order was refunded at Stripe (the Dashboard, the bank): it is refunded here too.
    'payment.refunded': async ({ id, orderId, refundedAmount }, { tx, emit, log }) => {
      const order = await load(tx, orderId, log);
      if (!order || order.refundIds.includes(id)) return;
      const withRefund = {
        ...order,
        refundIds: [...order.refundIds, id],
        refundedAmount: Math.max(order.refundedAmount, refundedAmount ?? 0),
        updatedAt: new Date(),
      };
      if (order.status === 'awaiting:payment' && order.expiresAt <= new Date()) {
        cancelOrder(db, tx, emit, await readOrderContext(db, tx, withRefund), 'expired');
        return;
      }
      if (order.status === 'complete') return void refundOrder(db, tx, emit, withRefund);
      tx.set(orderRef(db, orderId)!, withRefund);
    },
    ...orderMoneyConsumers(db, load),
  };
}
