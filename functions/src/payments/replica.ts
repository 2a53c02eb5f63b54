import type { DocumentSnapshot, Firestore, Transaction } from '@google-cloud/firestore';
import { storedTimestamp } from '../platform/firestore';
import { cancelReasonSchema, isWellFormedId } from '@tickethub/shared';
import { z } from 'zod';
import { newerVersion } from '../platform/versions';

/**
 * Payments' own copy of each order, fed by order.created / order.cancelled / order.completed. Payments hears only
 * some of an order's versions (not `awaiting:payment`, which it causes itself), so its statuses are these three.
 */
export const ORDER_REPLICA = 'payments_orders';

/**
 * The facts fixed at creation (buyer, price, expiry) may be missing when a cancel overtook its create; the late
 * create fills them in without touching the newer status.
 */
export const replicaOrderSchema = z.object({
  id: z.string(),
  version: z.number().int().nonnegative(),
  status: z.enum(['created', 'cancelled', 'complete']),
  cancelReason: cancelReasonSchema.nullable().default(null),
  ticketId: z.string(),
  userId: z.string().optional(),
  expiresAt: storedTimestamp.optional(),
  price: z.number().int().positive().optional(),
  currency: z.string().optional(),
});
export type ReplicaOrder = z.infer<typeof replicaOrderSchema>;

export function orderRef(db: Firestore, orderId: string) {
  return isWellFormedId(orderId) ? db.collection(ORDER_REPLICA).doc(orderId) : null;
}

export function readOrder(snapshot: DocumentSnapshot): ReplicaOrder | null {
  return snapshot.exists ? replicaOrderSchema.parse(snapshot.data()) : null;
}

export async function getOrder(db: Firestore, tx: Transaction | null, orderId: string): Promise<ReplicaOrder | null> {
  const ref = orderRef(db, orderId);
  if (!ref) return null;
  return readOrder(tx ? await tx.get(ref) : await ref.get());
}

/** Why an order cannot be paid now, or null when it can. Expiry is read from the clock, as orders does. */
export function unpayableReason(order: ReplicaOrder, now = new Date()): 'cancelled' | 'complete' | 'expired' | null {
  if (order.status === 'cancelled') return 'cancelled';
  if (order.status === 'complete') return 'complete';
  if (!order.expiresAt || order.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

export type OrderChange = Pick<ReplicaOrder, 'id' | 'version' | 'status' | 'ticketId'> &
  Partial<Pick<ReplicaOrder, 'cancelReason' | 'userId' | 'expiresAt' | 'price' | 'currency'>>;

const CREATION_FACTS = ['userId', 'expiresAt', 'price', 'currency'] as const;

/**
 * Applies an order event to the replica (the caller has read `current` in the same transaction). A newer version
 * replaces the status; an older one only fills in creation facts the replica lacks, which is safe because they never
 * change. Returns the replica as it is after the change.
 */
export function applyOrderChange(db: Firestore, tx: Transaction, current: ReplicaOrder | null, change: OrderChange): ReplicaOrder {
  const { id, version, status, ticketId, cancelReason = null, ...facts } = change;
  const fresh = newerVersion(current?.version, version) === 'apply';
  const known = Object.fromEntries(CREATION_FACTS.filter((key) => current?.[key] !== undefined).map((key) => [key, current![key]]));
  const next: ReplicaOrder = { ...(fresh || !current ? { id, version, status, ticketId, cancelReason } : current), ...facts, ...known };
  const filled = current !== null && CREATION_FACTS.some((key) => current[key] === undefined && facts[key] !== undefined);
  if (fresh || filled) tx.set(db.collection(ORDER_REPLICA).doc(id), { ...next, updatedAt: new Date() });
  return next;
}
