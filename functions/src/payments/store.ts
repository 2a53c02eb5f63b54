import type { DocumentSnapshot, Firestore, Transaction } from '@google-cloud/firestore';
import { storedTimestamp } from '../platform/firestore';
import { isWellFormedId, paymentStatusSchema, type Payment, type PaymentStatus } from '@tickethub/shared';
import { z } from 'zod';

/** One payment per order: the document id is the order id, so two requests for one order meet on one document. */
export const PAYMENTS = 'payments_payments';
/** Every Stripe event id ever handled, kept forever: Stripe may redeliver an event days later. */
export const STRIPE_EVENTS = 'payments_stripe_events';

export const storedPaymentSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  userId: z.string(),
  paymentIntentId: z.string(),
  amount: z.number().int().positive(),
  currency: z.string(),
  status: paymentStatusSchema,
  refundReason: z.string().nullable().default(null),
  /** Refunded so far, in Stripe's units like `amount`: the charge's `amount_refunded` as last read from Stripe. */
  refundedAmount: z.number().int().nonnegative().default(0),
  /** The charge's dispute as last read from Stripe; a closed one (won, lost) never reopens. */
  dispute: z
    .object({ id: z.string(), status: z.enum(['open', 'won', 'lost']), amount: z.number().int(), reason: z.string() })
    .nullable()
    .default(null),
  createdAt: storedTimestamp,
  updatedAt: storedTimestamp,
});
export type StoredPayment = z.infer<typeof storedPaymentSchema>;

/** A malformed id cannot name a payment (and `a/b` would be a path): null, so the caller answers as for unknown. */
export function paymentRef(db: Firestore, orderId: string) {
  return isWellFormedId(orderId) ? db.collection(PAYMENTS).doc(orderId) : null;
}

export function readPayment(snapshot: DocumentSnapshot): StoredPayment | null {
  return snapshot.exists ? storedPaymentSchema.parse(snapshot.data()) : null;
}

export async function getPayment(db: Firestore, tx: Transaction | null, orderId: string): Promise<StoredPayment | null> {
  const ref = paymentRef(db, orderId);
  if (!ref) return null;
  return readPayment(tx ? await tx.get(ref) : await ref.get());
}

/**
 * Which status may follow which. Stripe's PaymentIntent only moves forward, and so do we: a late
 * `payment_failed` never undoes a success, and nothing comes after a refund or a cancellation. Between the paid
 * statuses (succeeded, partially refunded, disputed) the charge decides (charge-state.ts): a won dispute goes back.
 */
const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['failed', 'succeeded', 'refunded', 'cancelled'],
  failed: ['succeeded', 'refunded', 'cancelled'],
  succeeded: ['refunded'],
  partially_refunded: ['refunded'],
  disputed: ['refunded'],
  refunded: [],
  cancelled: [],
};

export function canMove(from: PaymentStatus, to: PaymentStatus): boolean {
  return NEXT[from].includes(to);
}

export function toApiPayment(payment: StoredPayment): Payment {
  return {
    id: payment.id,
    orderId: payment.orderId,
    paymentIntentId: payment.paymentIntentId,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    refundedAmount: payment.refundedAmount,
    createdAt: payment.createdAt.toISOString(),
  };
}
