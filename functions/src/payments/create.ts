import { randomUUID } from 'node:crypto';
import { ConflictError, createPaymentBodySchema, createPaymentResponseSchema, NotFoundError, type CreatePaymentResponse } from '@tickethub/shared';
import type Stripe from 'stripe';
import { isAlreadyExists } from '../platform/firestore';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { getOrder, unpayableReason, type ReplicaOrder } from './replica';
import { cancelIntent, createIntent, retrieveIntent } from './stripe-calls';
import type { StripeGate } from './stripe-gate';
import { getPayment, paymentRef, type StoredPayment } from './store';
import { PaymentErrors } from './errors';

const NOT_PAYABLE = {
  cancelled: 'Cannot pay for a cancelled order',
  expired: 'Cannot pay for an expired order',
  complete: 'Order is already paid',
} as const;

function assertPayable(order: ReplicaOrder): void {
  const reason = unpayableReason(order);
  if (reason) throw new ConflictError(NOT_PAYABLE[reason], `PAYMENTS.ORDER_${reason.toUpperCase()}`);
}

function response(payment: StoredPayment, intent: Stripe.PaymentIntent): { status: number; body: CreatePaymentResponse } {
  const { id, orderId, paymentIntentId, amount, currency, status, refundedAmount } = payment;
  return { status: 201, body: { id, orderId, paymentIntentId, clientSecret: intent.client_secret!, amount, currency, status, refundedAmount } };
}

/**
 * POST /api/payments: the order's one PaymentIntent, created or returned. The replica not having heard of the order
 * yet (order.created still on its way) is answered 404 like an unknown order; the client retries.
 */
export function createPaymentRoute({ db, outbox }: Platform, stripe: Stripe, gate: StripeGate) {
  return defineRoute({
    method: 'POST',
    path: '/api/payments',
    access: 'user',
    body: createPaymentBodySchema,
    response: createPaymentResponseSchema,
    summary: "Start paying for an order: its PaymentIntent's client secret",
    handler: async ({ body, user }) => {
      const order = await getOrder(db, null, body.orderId);
      // Someone else's order is as unknown as a missing one: its existence is private.
      if (!order?.userId || order.userId !== user.id || order.price === undefined || !order.currency)
        throw new NotFoundError('Order not found', PaymentErrors.ORDER_NOT_FOUND);
      const existing = await getPayment(db, null, order.id);
      if (existing) assertStillOpen(existing);
      assertPayable(order);
      if (existing) return response(existing, assertConfirmable(await intentOf(stripe, existing)));

      // Outside any transaction: the key derived from the order makes concurrent and repeated calls one intent.
      // Through the gate: within this instance's share of Stripe's rate, and Stripe's 429s retried while the hold
      // lasts; past that the buyer is told to wait (503 PAYMENTS.PROVIDER_BUSY), not that the payment failed.
      const { price, currency } = order;
      const intent = await gate.run(order.expiresAt ?? new Date(Date.now() + 60_000), () => createIntent(stripe, { id: order.id, price, currency }));
      // The transaction reads only the order (a concurrent cancel must be seen); the payment document is guarded by
      // create() instead of a read, so two requests for one order never wait on each other's locks: one commits,
      // the other fails with ALREADY_EXISTS and answers with what the first recorded.
      const record = () =>
        outbox.transact(async (tx, emit): Promise<{ payment: StoredPayment } | { unpayable: ReplicaOrder }> => {
          const latest = (await getOrder(db, tx, order.id)) ?? order;
          if (unpayableReason(latest)) return { unpayable: latest };
          const at = new Date();
          const payment: StoredPayment = {
            id: randomUUID(),
            orderId: order.id,
            userId: order.userId!,
            paymentIntentId: intent.id,
            amount: intent.amount,
            currency: intent.currency,
            status: 'pending',
            refundReason: null,
            refundedAmount: 0,
            dispute: null,
            createdAt: at,
            updatedAt: at,
          };
          tx.create(paymentRef(db, order.id)!, payment);
          emit('payment.started', { id: payment.id, orderId: order.id, paymentIntentId: intent.id });
          return { payment };
        });
      const outcome = await record().catch(async (error: unknown) => {
        if (!isAlreadyExists(error)) throw error;
        return { payment: (await getPayment(db, null, order.id))! };
      });
      if ('unpayable' in outcome) {
        // The order died between our check and the record: nobody may pay this intent any more.
        await cancelIntent(stripe, intent.id);
        assertPayable(outcome.unpayable);
        throw new ConflictError(NOT_PAYABLE.cancelled, PaymentErrors.ORDER_CANCELLED);
      }
      // A concurrent request recorded first: same order, same idempotency key, so the same intent. Only a key
      // Stripe had already forgotten (24 h) could give another one, which nobody may then pay.
      if (outcome.payment.paymentIntentId !== intent.id) await cancelIntent(stripe, intent.id);
      assertStillOpen(outcome.payment);
      return response(outcome.payment, outcome.payment.paymentIntentId === intent.id ? intent : await intentOf(stripe, outcome.payment));
    },
  });
}

function assertStillOpen(payment: StoredPayment): void {
  if (payment.status === 'succeeded') throw new ConflictError(NOT_PAYABLE.complete, PaymentErrors.ORDER_COMPLETE);
  if (payment.status === 'refunded' || payment.status === 'cancelled') throw new ConflictError(NOT_PAYABLE.cancelled, PaymentErrors.ORDER_CANCELLED);
}

/** Stripe may be ahead of our record (its webhook still on the way): never hand out a secret for a settled intent. */
function assertConfirmable(intent: Stripe.PaymentIntent): Stripe.PaymentIntent {
  if (intent.status === 'succeeded' || intent.status === 'processing') throw new ConflictError(NOT_PAYABLE.complete, PaymentErrors.ORDER_COMPLETE);
  if (intent.status === 'canceled') throw new ConflictError(NOT_PAYABLE.cancelled, PaymentErrors.ORDER_CANCELLED);
  return intent;
}

/** The client secret is not stored (Stripe asks that only the buyer ever holds it): it is read back from Stripe. */
async function intentOf(stripe: Stripe, payment: StoredPayment): Promise<Stripe.PaymentIntent> {
  const intent = await retrieveIntent(stripe, payment.paymentIntentId);
  if (!intent?.client_secret) throw new Error(`PaymentIntent ${payment.paymentIntentId} of order ${payment.orderId} is missing at Stripe`);
  return intent;
}
