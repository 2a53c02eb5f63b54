import type { DocumentSnapshot, Firestore } from '@google-cloud/firestore';
import { storedTimestamp } from '../platform/firestore';
import { cancelReasonSchema, isWellFormedId, minorToAmount, orderStatusSchema, type Order } from '@tickethub/shared';
import { z } from 'zod';

export const ORDERS = 'orders_orders';
/** One document per buyer with their open holds: the 5-hold limit is checked and changed in the same transaction. */
export const BUYERS = 'orders_buyers';

export const storedOrderSchema = z.object({
  id: z.string(),
  userId: z.string(),
  status: orderStatusSchema,
  expiresAt: storedTimestamp,
  ticket: z.object({ id: z.string(), title: z.string(), price: z.number().int(), currency: z.string() }),
  cancelReason: cancelReasonSchema.nullable(),
  version: z.number().int().nonnegative(),
  paymentIntentId: z.string().nullable().default(null),
  refundIds: z.array(z.string()).default([]),
  /** Refunded so far, integer minor units (payments tells us: payment.partially-refunded, payment.refunded). */
  refundedAmount: z.number().int().nonnegative().default(0),
  /** The payment's dispute as payments last told us; `id` tells a late opening of a closed dispute from a new one. */
  dispute: z
    .object({ id: z.string(), status: z.enum(['open', 'won', 'lost']), reason: z.string() })
    .nullable()
    .default(null),
  /** 0..ORDER_SHARDS-1 from the order id: the admin list's index is (shard, createdAt), never one growing tail. */
  shard: z.number().int().nonnegative().default(0),
  createdAt: storedTimestamp,
  updatedAt: storedTimestamp,
});
export type StoredOrder = z.infer<typeof storedOrderSchema>;

/**
 * Orders are created at the on-sale's rate, and an index on createdAt alone would take every new order at its one
 * growing end (Firestore sustains about 500 writes/s there). Queries by createdAt therefore always carry a scattered
 * equality first: the buyer's id, or the order's shard. 32 shards × 500 writes/s leaves room for 10,000 orders/s.
 */
export const ORDER_SHARDS = 32;

export function orderShard(orderId: string): number {
  return Number.parseInt(orderId.replace(/-/g, '').slice(0, 8), 16) % ORDER_SHARDS;
}

export function ordersCollection(db: Firestore) {
  return db.collection(ORDERS);
}

export function orderRef(db: Firestore, id: string) {
  return isWellFormedId(id) ? ordersCollection(db).doc(id) : null;
}

export function buyerRef(db: Firestore, userId: string) {
  return db.collection(BUYERS).doc(userId);
}

export function readOrder(snapshot: DocumentSnapshot): StoredOrder | null {
  return snapshot.exists ? storedOrderSchema.parse(snapshot.data()) : null;
}

/**
 * Holding its ticket: created and not past its expiry, or awaiting a payment the buyer started. The latter holds past
 * expiresAt until Stripe confirms the payment can no longer succeed (payment.cancelled): whether a payment was in
 * time is judged by when Stripe recorded it, so the ticket must still be there when a late webhook says it was.
 */
export function isLive(order: Pick<StoredOrder, 'status' | 'expiresAt'>, now = new Date()): boolean {
  return (order.status === 'created' && order.expiresAt > now) || order.status === 'awaiting:payment';
}

/** Expired but not yet written as cancelled: every reader treats it as cancelled anyway (no payment was started). */
export function isLazilyExpired(order: Pick<StoredOrder, 'status' | 'expiresAt'>, now = new Date()): boolean {
  return order.status === 'created' && order.expiresAt <= now;
}

/** Expiry is enforced when state is read: an expired order reads as cancelled whether or not the task has run. */
export function toApiOrder(order: StoredOrder, now = new Date()): Order {
  const expired = isLazilyExpired(order, now);
  return {
    id: order.id,
    userId: order.userId,
    status: expired ? 'cancelled' : order.status,
    expiresAt: order.expiresAt.toISOString(),
    ticket: { ...order.ticket, price: minorToAmount(order.ticket.price, order.ticket.currency) },
    cancelReason: expired ? 'expired' : order.cancelReason,
    refundedAmount: minorToAmount(order.refundedAmount, order.ticket.currency),
    dispute: order.dispute ? { status: order.dispute.status, reason: order.dispute.reason } : null,
    version: order.version,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

export interface OpenHold {
  orderId: string;
  expiresAt: Date;
}

export function readOpenHolds(snapshot: DocumentSnapshot, now = new Date()): OpenHold[] {
  const holds = (snapshot.data()?.open ?? []) as Array<{ orderId: string; expiresAt: { toDate(): Date } }>;
  return holds.map((hold) => ({ orderId: hold.orderId, expiresAt: hold.expiresAt.toDate() })).filter((hold) => hold.expiresAt > now);
}
