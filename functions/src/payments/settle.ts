import { randomUUID } from 'node:crypto';
import type { Firestore, Transaction } from '@google-cloud/firestore';
import { fromStripeAmount, type PaymentStatus } from '@tickethub/shared';
import type Stripe from 'stripe';
import type { Logger } from '../platform/logger';
import type { Emit } from '../platform/outbox';
import { unpayableReason, type ReplicaOrder } from './replica';
import { cancelIntent, isRefunded, refundIntent } from './stripe-calls';
import { canMove, PAYMENTS, type StoredPayment } from './store';

export interface SettleContext {
  db: Firestore;
  stripe: Stripe;
  tx: Transaction;
  emit: Emit;
  log: Logger;
}

export interface SettleInput {
  /** The intent as just re-read from Stripe: an event only says "look again", never what to believe. */
  intent: Stripe.PaymentIntent;
  order: ReplicaOrder | null;
  payment: StoredPayment | null;
}

// What Stripe lets us cancel; `processing` is not among them in practice, it ends in succeeded or failed.
const CANCELABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture']);

/**
 * When Stripe recorded the payment: its charge's `created` (Stripe's clock). Stripe counts whole seconds, so the
 * payment counts as made at the end of that second: a payment in the hold's very last second may be judged late,
 * never one after it in time. Without the expanded charge, now: the conservative reading.
 */
export function paidAt(intent: Stripe.PaymentIntent): Date {
  const charge = intent.latest_charge;
  return typeof charge === 'object' && charge !== null && typeof charge.created === 'number' ? new Date(charge.created * 1000 + 999) : new Date();
}

/**
 * Whether the order still wants this money. A payment already recorded as succeeded stays wanted until the order is
 * cancelled: orders decides about expiry when it receives payment.created, and tells us with order.cancelled. A
 * payment Stripe recorded before the hold ended is wanted however late its webhook arrives.
 */
function wanted(order: ReplicaOrder | null, payment: StoredPayment, intent: Stripe.PaymentIntent): boolean {
  if (!order || order.status === 'cancelled') return false;
  if (payment.status === 'succeeded' || unpayableReason(order) !== 'expired') return true;
  return intent.status === 'succeeded' && order.expiresAt !== undefined && paidAt(intent) <= order.expiresAt;
}

function refundReason(order: ReplicaOrder | null): string {
  if (!order) return 'order-unknown';
  return order.status === 'cancelled' && order.cancelReason !== 'expired' ? 'order-cancelled' : 'order-expired';
}

/**
 * Brings an order's payment in line with its PaymentIntent and with the order, inside the caller's transaction
 * (reads already done). Money the order no longer wants is given back: an unpaid intent is cancelled, a paid one
 * refunded. Stripe writes carry idempotency keys, so a retried transaction repeats them harmlessly.
 */
export async function settlePayment({ db, stripe, tx, emit, log }: SettleContext, { intent, order, payment }: SettleInput): Promise<StoredPayment> {
  const orderId = intent.metadata.orderId!;
  const now = new Date();
  const record: StoredPayment = payment ?? {
    // The intent exists but its record never committed (a request that died after Stripe answered): adopt it.
    id: randomUUID(),
    orderId,
    userId: order?.userId ?? '',
    paymentIntentId: intent.id,
    amount: intent.amount,
    currency: intent.currency,
    status: 'pending',
    refundReason: null,
    refundedAmount: 0,
    dispute: null,
    createdAt: now,
    updatedAt: now,
  };
  if (record.status === 'refunded' || record.status === 'cancelled') return record;
  if (record.paymentIntentId !== intent.id) {
    // Not the order's intent (only a creation key Stripe had forgotten could make one): whatever it holds goes back.
    log.error("PaymentIntent does not match the order's payment", { orderId, intent: intent.id, recorded: record.paymentIntentId });
    if (intent.status === 'succeeded' && !isRefunded(intent)) await refundIntent(stripe, intent, record.id);
    else if (CANCELABLE.has(intent.status)) await cancelIntent(stripe, intent.id);
    return record;
  }

  let current = intent;
  const keep = wanted(order, record, current);
  if (!keep && CANCELABLE.has(current.status)) current = await cancelIntent(stripe, current.id);

  let target: PaymentStatus | null = null;
  let reason: string | null = null;
  if (current.status === 'succeeded') {
    if (isRefunded(current)) [target, reason] = ['refunded', 'refunded-at-stripe'];
    else if (!keep) {
      await refundIntent(stripe, current, record.id);
      [target, reason] = ['refunded', refundReason(order)];
    } else target = 'succeeded';
  } else if (current.status === 'canceled') target = 'cancelled';
  else if (current.last_payment_error) target = 'failed';

  const moves = target !== null && canMove(record.status, target);
  if (!moves && payment) return record;
  const next: StoredPayment = moves ? { ...record, status: target!, refundReason: reason ?? record.refundReason, updatedAt: now } : record;
  // Every refund settled here is of the whole charge (ours, or one made at Stripe that the intent shows as refunded).
  if (moves && next.status === 'refunded') next.refundedAmount = record.amount;
  tx.set(db.collection(PAYMENTS).doc(orderId), next);
  if (!moves) return next;
  if (next.status === 'succeeded') {
    // judgeIntent let only the order's own intent, at the order's amount and currency, get this far.
    emit('payment.created', {
      id: next.id,
      orderId,
      paymentIntentId: intent.id,
      amount: current.amount_received,
      currency: current.currency,
      paidAt: paidAt(current).toISOString(),
    });
  }
  // Stripe confirmed this payment can no longer succeed: orders may now release an expired hold.
  if (next.status === 'cancelled') emit('payment.cancelled', { id: next.id, orderId, paymentIntentId: intent.id });
  if (next.status === 'refunded') {
    const refundedAmount = fromStripeAmount(next.amount, next.currency) ?? next.amount;
    emit('payment.refunded', { id: next.id, orderId, reason: next.refundReason ?? 'refunded', refundedAmount, currency: next.currency });
  }
  log.info('payment settled', { orderId, paymentId: next.id, from: record.status, to: next.status });
  return next;
}
