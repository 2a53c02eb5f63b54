import { fromStripeAmount, type PaymentStatus } from '@tickethub/shared';
import type Stripe from 'stripe';
import type { SettleContext } from './settle';
import type { ChargeState } from './stripe-calls';
import { PAYMENTS, type StoredPayment } from './store';

/** The statuses of a payment that took the buyer's money and still holds some of it: the charge decides between them. */
export const PAID: ReadonlySet<PaymentStatus> = new Set(['succeeded', 'partially_refunded', 'disputed']);

type DisputeRecord = NonNullable<StoredPayment['dispute']>;
const RANK: Record<DisputeRecord['status'], number> = { open: 0, won: 1, lost: 1 };

/** Stripe's dispute statuses, read as ours: an inquiry that closed without a chargeback (warning_closed) counts as won. */
function disputeStatusOf(dispute: Stripe.Dispute): DisputeRecord['status'] {
  if (dispute.status === 'won' || dispute.status === 'warning_closed') return 'won';
  return dispute.status === 'lost' ? 'lost' : 'open';
}

/** A dispute only moves forward (open → won or lost), so a late `charge.dispute.created` never reopens a closed one. */
export function nextDispute(current: StoredPayment['dispute'], dispute: Stripe.Dispute | null): StoredPayment['dispute'] {
  if (!dispute) return current;
  const seen: DisputeRecord = { id: dispute.id, status: disputeStatusOf(dispute), amount: dispute.amount, reason: dispute.reason };
  if (current?.id === dispute.id && RANK[seen.status] <= RANK[current.status]) return current;
  return seen;
}

/** A pure decision (table-tested): a lost dispute or a fully refunded charge is `refunded`; an open dispute outranks a partial refund. */
export function paidStatusOf(charge: Pick<Stripe.Charge, 'refunded' | 'amount_refunded'>, dispute: StoredPayment['dispute']): PaymentStatus {
  if (dispute?.status === 'lost' || charge.refunded) return 'refunded';
  if (dispute?.status === 'open') return 'disputed';
  return charge.amount_refunded > 0 ? 'partially_refunded' : 'succeeded';
}

/**
 * Brings a paid payment in line with its charge as just re-read from Stripe, inside the caller's transaction, and
 * tells the other domains what moved: the refunded total grew (payment.partially-refunded, or payment.refunded once
 * it is all), a dispute opened (payment.disputed) or closed (payment.dispute-closed). Refunded totals and dispute
 * states only grow, so a stale or reordered event that reads older state changes nothing.
 */
export function applyChargeState(
  { db, tx, emit, log }: Omit<SettleContext, 'stripe'>,
  payment: StoredPayment,
  { charge, dispute }: ChargeState,
): StoredPayment {
  const refundedAmount = Math.max(payment.refundedAmount, charge.amount_refunded);
  const disputeNow = nextDispute(payment.dispute, dispute);
  const status = paidStatusOf({ refunded: charge.refunded || refundedAmount >= payment.amount, amount_refunded: refundedAmount }, disputeNow);
  const next: StoredPayment = { ...payment, status, refundedAmount, dispute: disputeNow, updatedAt: new Date() };
  const refundGrew = refundedAmount > payment.refundedAmount;
  if (!refundGrew && disputeNow === payment.dispute && status === payment.status) return payment;
  if (status === 'refunded' && payment.status !== 'refunded') next.refundReason = disputeNow?.status === 'lost' ? 'dispute-lost' : 'refunded-at-stripe';
  tx.set(db.collection(PAYMENTS).doc(payment.orderId), next);

  const { id, orderId, currency } = payment;
  const ours = (amount: number) => fromStripeAmount(amount, currency) ?? amount;
  if (refundGrew && charge.refunded) emit('payment.refunded', { id, orderId, reason: 'refunded-at-stripe', refundedAmount: ours(refundedAmount), currency });
  else if (refundGrew) emit('payment.partially-refunded', { id, orderId, refundedAmount: ours(refundedAmount), currency });
  if (disputeNow && disputeNow !== payment.dispute) {
    const facts = { id, orderId, disputeId: disputeNow.id, amount: ours(disputeNow.amount), currency, reason: disputeNow.reason };
    if (disputeNow.status === 'open') emit('payment.disputed', facts);
    else emit('payment.dispute-closed', { ...facts, status: disputeNow.status });
  }
  log.info('payment follows its charge', { orderId, from: payment.status, to: status, refundedAmount, dispute: disputeNow?.status ?? null });
  return next;
}
