import { fromStripeAmount, UnavailableError } from '@tickethub/shared';
import { PAID } from './charge-state';
import type Stripe from 'stripe';
import type { EventHandlers } from '../platform/events';
import type { Platform } from '../platform/platform';
import { applyOrderChange, getOrder } from './replica';
import { settlePayment } from './settle';
import { isRefunded, refundIntent, retrieveIntent } from './stripe-calls';
import { getPayment, PAYMENTS } from './store';

/**
 * Payments' subscriptions: the orders replica, and the money side of a cancellation. A cancelled order's unpaid
 * intent is cancelled at Stripe (a late confirmation cannot charge) and a paid one is refunded, whichever of the
 * cancellation and the payment arrives last.
 */
export function paymentConsumers({ db }: Platform, stripe: Stripe): EventHandlers {
  return {
    'order.created': async (order, { tx }) => {
      const current = await getOrder(db, tx, order.id);
      const { id, version, status, userId, ticket } = order;
      const replicaStatus = status === 'cancelled' || status === 'complete' ? status : 'created';
      applyOrderChange(db, tx, current, {
        id,
        version,
        status: replicaStatus,
        ticketId: ticket.id,
        userId,
        expiresAt: new Date(order.expiresAt),
        price: ticket.price,
        currency: ticket.currency,
      });
    },
    'order.completed': async (order, { tx }) => {
      const current = await getOrder(db, tx, order.id);
      applyOrderChange(db, tx, current, { id: order.id, version: order.version, status: 'complete', ticketId: order.ticket.id });
    },
    // The hold ended. A started payment that has not succeeded is cancelled at Stripe first; orders releases the
    // ticket only when we confirm (payment.cancelled). One still processing may yet succeed: ask to be retried.
    'expiration.complete': async ({ orderId }, { tx, emit, log }) => {
      const [order, payment] = [await getOrder(db, tx, orderId), await getPayment(db, tx, orderId)];
      if (!payment || PAID.has(payment.status) || payment.status === 'refunded' || payment.status === 'cancelled') return;
      const intent = await retrieveIntent(stripe, payment.paymentIntentId);
      if (!intent) return log.error("the payment's PaymentIntent is unknown to Stripe", { orderId, paymentIntentId: payment.paymentIntentId });
      if (intent.status === 'processing') throw new UnavailableError('The payment is still processing at Stripe');
      await settlePayment({ db, stripe, tx, emit, log }, { intent, order, payment });
    },
    'order.cancelled': async (order, { tx, emit, log }) => {
      const current = await getOrder(db, tx, order.id);
      const payment = await getPayment(db, tx, order.id);
      const next = applyOrderChange(db, tx, current, {
        id: order.id,
        version: order.version,
        status: 'cancelled',
        ticketId: order.ticket.id,
        cancelReason: order.reason,
      });
      if (!payment || payment.status === 'refunded' || payment.status === 'cancelled') return;
      const intent = await retrieveIntent(stripe, payment.paymentIntentId);
      if (!intent) return log.error("the payment's PaymentIntent is unknown to Stripe", { orderId: order.id, paymentIntentId: payment.paymentIntentId });
      await settlePayment({ db, stripe, tx, emit, log }, { intent, order: next, payment });
    },
    // An admin refunded the complete order: what is left of the charge goes back (one refund per intent, by its key).
    'order.refunded': async (order, { tx, emit, log }) => {
      const payment = await getPayment(db, tx, order.id);
      if (!payment || !PAID.has(payment.status)) {
        if (payment?.status !== 'refunded') log.error('refund of an order without a succeeded payment', { orderId: order.id, status: payment?.status });
        return;
      }
      const intent = await retrieveIntent(stripe, payment.paymentIntentId);
      if (!intent) return log.error("the payment's PaymentIntent is unknown to Stripe", { orderId: order.id, paymentIntentId: payment.paymentIntentId });
      if (!isRefunded(intent)) await refundIntent(stripe, intent, payment.id);
      const next = { ...payment, status: 'refunded' as const, refundReason: 'order-refunded', refundedAmount: payment.amount, updatedAt: new Date() };
      tx.set(db.collection(PAYMENTS).doc(order.id), next);
      const refundedAmount = fromStripeAmount(payment.amount, payment.currency) ?? payment.amount;
      emit('payment.refunded', { id: payment.id, orderId: order.id, reason: 'order-refunded', refundedAmount, currency: payment.currency });
    },
  };
}
