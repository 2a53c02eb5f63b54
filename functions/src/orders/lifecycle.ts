import type { Firestore, Transaction } from '@google-cloud/firestore';
import type { CancelReason } from '@tickethub/shared';
import type { Emit } from '../platform/outbox';
import { readReplica, replicaRef, type ReplicaTicket } from './replica';
import { buyerRef, orderRef, readOpenHolds, type StoredOrder } from './store';

/** Everything a state change of one order touches, read up front because Firestore transactions read before they write. */
export interface OrderContext {
  order: StoredOrder;
  ticket: ReplicaTicket | null;
  openHolds: Awaited<ReturnType<typeof readOpenHolds>>;
}

export async function readOrderContext(db: Firestore, tx: Transaction, order: StoredOrder): Promise<OrderContext> {
  const [ticketSnap, buyerSnap] = await Promise.all([tx.get(replicaRef(db, order.ticket.id)), tx.get(buyerRef(db, order.userId))]);
  return { order, ticket: readReplica(ticketSnap), openHolds: readOpenHolds(buyerSnap) };
}

function closeHold(db: Firestore, tx: Transaction, { order, ticket, openHolds }: OrderContext, completed: boolean): void {
  // Only this order's own hold is touched: a late cancel of order A never frees the hold order B took since.
  if (ticket?.hold?.orderId === order.id) {
    tx.update(replicaRef(db, ticket.id), { hold: completed ? { ...ticket.hold, completed: true } : null });
  }
  tx.set(buyerRef(db, order.userId), { open: openHolds.filter((hold) => hold.orderId !== order.id) });
}

export function cancelOrder(db: Firestore, tx: Transaction, emit: Emit, context: OrderContext, reason: CancelReason): StoredOrder {
  const { order } = context;
  const next: StoredOrder = { ...order, status: 'cancelled', cancelReason: reason, version: order.version + 1, updatedAt: new Date() };
  tx.set(orderRef(db, order.id)!, next);
  closeHold(db, tx, context, false);
  emit('order.cancelled', { id: order.id, version: next.version, reason, ticket: { id: order.ticket.id } });
  return next;
}

export function completeOrder(db: Firestore, tx: Transaction, emit: Emit, context: OrderContext, paymentIntentId?: string): StoredOrder {
  const { order, ticket } = context;
  const next: StoredOrder = {
    ...order,
    status: 'complete',
    version: order.version + 1,
    paymentIntentId: paymentIntentId ?? order.paymentIntentId,
    updatedAt: new Date(),
  };
  tx.set(orderRef(db, order.id)!, next);
  closeHold(db, tx, context, true);
  // The sale's facts travel with the event: payouts pays the seller from them and never reads our collections.
  emit('order.completed', {
    id: order.id,
    version: next.version,
    ticket: {
      id: order.ticket.id,
      price: order.ticket.price,
      currency: order.ticket.currency,
      ...(ticket ? { sellerId: ticket.sellerId, eventDate: ticket.eventDate.toISOString() } : {}),
    },
    ...(next.paymentIntentId ? { paymentIntentId: next.paymentIntentId } : {}),
  });
  return next;
}

/**
 * A complete order refunded in full: by an admin (payments then returns the money, payouts cancels or reverses the
 * seller's share) or at Stripe (payments tells us; order.refunded then finds both already done).
 */
export function refundOrder(db: Firestore, tx: Transaction, emit: Emit, order: StoredOrder): StoredOrder {
  const refundedAmount = Math.max(order.refundedAmount, order.ticket.price);
  const next: StoredOrder = { ...order, status: 'refunded', refundedAmount, version: order.version + 1, updatedAt: new Date() };
  tx.set(orderRef(db, order.id)!, next);
  emit('order.refunded', { id: order.id, version: next.version, ticket: { id: order.ticket.id } });
  return next;
}
