import type { Firestore, Transaction } from '@google-cloud/firestore';
import type { EventHandlers } from '../platform/events';
import type { Logger } from '../platform/logger';
import { refundOrder } from './lifecycle';
import { orderRef, type StoredOrder } from './store';

/** Refunded in full, or the bank took it back (a lost dispute): a complete order with these facts is refunded. */
export function isMoneyReturned(order: StoredOrder): boolean {
  return order.dispute?.status === 'lost' || order.refundedAmount >= order.ticket.price;
}

type Load = (tx: Transaction, orderId: string, log: Logger) => Promise<StoredOrder | null>;

/**
 * What happened to an order's money after it was paid, as payments reports it from Stripe: partial refunds and
 * disputes. These are payments' facts mirrored on the order, not new versions of it (no event of ours follows them),
 * so the version stays; only a lost dispute changes the order itself: it is refunded, and order.refunded goes out.
 * Each fact only moves forward (a refunded total grows, a dispute closes once), so duplicates and reordering are harmless.
 */
export function orderMoneyConsumers(
  db: Firestore,
  load: Load,
): Pick<EventHandlers, 'payment.partially-refunded' | 'payment.disputed' | 'payment.dispute-closed'> {
  const save = (tx: Transaction, order: StoredOrder) => tx.set(orderRef(db, order.id)!, { ...order, updatedAt: new Date() });
  return {
    'payment.partially-refunded': async ({ orderId, refundedAmount }, { tx, log }) => {
      const order = await load(tx, orderId, log);
      if (order && refundedAmount > order.refundedAmount) save(tx, { ...order, refundedAmount });
    },

    'payment.disputed': async ({ orderId, disputeId, reason }, { tx, log }) => {
      const order = await load(tx, orderId, log);
      // Its closing got here first: a closed dispute stays closed.
      if (!order || order.dispute?.id === disputeId) return;
      save(tx, { ...order, dispute: { id: disputeId, status: 'open', reason } });
    },

    'payment.dispute-closed': async ({ orderId, disputeId, status, reason }, { tx, emit, log }) => {
      const order = await load(tx, orderId, log);
      if (!order || (order.dispute?.id === disputeId && order.dispute.status !== 'open')) return;
      const closed: StoredOrder = { ...order, dispute: { id: disputeId, status, reason } };
      // The bank took the money back for the buyer: the order ends as if refunded, and its ticket is no longer served.
      if (status === 'lost' && order.status === 'complete') return void refundOrder(db, tx, emit, closed);
      save(tx, closed);
    },
  };
}
