import { AppError, toStripeAmount, UnavailableError } from '@tickethub/shared';
import Stripe from 'stripe';
import { PaymentErrors } from './errors';

/**
 * Every Stripe call payments makes. Writes carry idempotency keys derived from our ids, so a retried request, a
 * retried Firestore transaction or a redelivered event repeats the call without repeating its effect.
 */

/** Stripe could not answer (network, its 5xx, rate limit): nothing is known to have changed, so ask to be retried. */
async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      error instanceof Stripe.errors.StripeRateLimitError
    ) {
      throw new UnavailableError('Payment provider temporarily unavailable', { cause: error });
    }
    throw error;
  }
}

function stripeCode(error: unknown): string | undefined {
  return error instanceof Stripe.errors.StripeError ? error.code : undefined;
}

export function intentKey(orderId: string): string {
  return `tickethub-order-${orderId}-intent`;
}

/** Marks the intents TicketHub creates, so that a Stripe account shared with other integrations stays tellable apart. */
export const INTENT_APP = 'tickethub';

/**
 * Creates the order's one PaymentIntent; the same order always gets the same intent back (idempotency key). An amount
 * Stripe refuses (under its minimum, finer than the currency allows) is a 409 naming Stripe's reason, never a 500.
 */
export async function createIntent(stripe: Stripe, order: { id: string; price: number; currency: string }): Promise<Stripe.PaymentIntent> {
  try {
    return await call(() =>
      stripe.paymentIntents.create(
        {
          amount: toStripeAmount(order.price, order.currency),
          currency: order.currency,
          metadata: { orderId: order.id, app: INTENT_APP },
          description: `TicketHub order ${order.id}`,
        },
        { idempotencyKey: intentKey(order.id) },
      ),
    );
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    throw new AppError(409, PaymentErrors.AMOUNT_REFUSED, `The payment provider cannot charge this order: ${error.message}`, undefined, { cause: error });
  }
}

/** The intent as Stripe has it now, with its latest charge, which says whether it was refunded. */
export async function retrieveIntent(stripe: Stripe, id: string): Promise<Stripe.PaymentIntent | null> {
  try {
    return await call(() => stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }));
  } catch (error) {
    if (stripeCode(error) === 'resource_missing') return null;
    throw error;
  }
}

export function isRefunded(intent: Stripe.PaymentIntent): boolean {
  const charge = intent.latest_charge;
  return typeof charge === 'object' && charge !== null && charge.refunded;
}

/**
 * Refunds the whole charge. The key comes from the intent (an order has one), so every path that decides to refund
 * it - webhook, cancellation, a retried transaction - makes one refund. A charge already refunded (by an earlier try
 * whose key Stripe has since forgotten) counts as done.
 */
export async function refundIntent(stripe: Stripe, intent: Stripe.PaymentIntent, paymentId: string): Promise<void> {
  try {
    await call(() =>
      stripe.refunds.create(
        { payment_intent: intent.id, reason: 'requested_by_customer', metadata: { paymentId, orderId: intent.metadata.orderId ?? '' } },
        { idempotencyKey: `tickethub-intent-${intent.id}-refund` },
      ),
    );
  } catch (error) {
    if (stripeCode(error) !== 'charge_already_refunded') throw error;
  }
}

/**
 * Cancels an unpaid intent so that a late confirmation cannot charge, and returns the intent as it is afterwards.
 * Stripe refuses when the intent moved on meanwhile (it succeeded): the caller then gets that intent and refunds it.
 */
export async function cancelIntent(stripe: Stripe, intentId: string): Promise<Stripe.PaymentIntent> {
  try {
    return await call(() =>
      stripe.paymentIntents.cancel(
        intentId,
        { cancellation_reason: 'abandoned', expand: ['latest_charge'] },
        { idempotencyKey: `tickethub-intent-${intentId}-cancel` },
      ),
    );
  } catch (error) {
    if (stripeCode(error) !== 'payment_intent_unexpected_state') throw error;
    const now = await retrieveIntent(stripe, intentId);
    if (!now) throw new AppError(503, PaymentErrors.INTENT_GONE, `PaymentIntent ${intentId} vanished while being cancelled`, undefined, { cause: error });
    return now;
  }
}

/**
 * What a charge event is about, as Stripe has it now: the charge (its refunds add up in `amount_refunded`) and, for a
 * dispute event, the dispute. The event's copy may be stale or out of order; these are the truth at this moment.
 */
export interface ChargeState {
  charge: Stripe.Charge;
  dispute: Stripe.Dispute | null;
}

export async function retrieveChargeState(stripe: Stripe, chargeId: string, disputeId: string | null): Promise<ChargeState> {
  const [charge, dispute] = await Promise.all([
    call(() => stripe.charges.retrieve(chargeId)),
    disputeId ? call(() => stripe.disputes.retrieve(disputeId)) : Promise.resolve(null),
  ]);
  return { charge, dispute };
}
