import { isWellFormedId } from '@tickethub/shared';
import type Stripe from 'stripe';
import type { Logger } from '../platform/logger';
import type { Platform } from '../platform/platform';
import { judgeIntent } from './intent-match';
import { getOrder } from './replica';
import { settlePayment } from './settle';
import { isRefunded, refundIntent, retrieveIntent } from './stripe-calls';
import { getPayment, STRIPE_EVENTS } from './store';
import type { StripeEventSummary } from './webhook';

const HANDLED = new Set(['payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded']);

export type StripeEventOutcome = 'duplicate' | 'ignored' | 'settled' | 'refused';

/**
 * One Stripe event, exactly once: its id is recorded with create() in the transaction that applies its effect, so a
 * redelivery (minutes or weeks later) finds the record and changes nothing. The event only names the PaymentIntent;
 * what happened is read from Stripe, so events arriving out of order still settle on the intent's real state.
 */
export async function handleStripeEvent({ db, outbox }: Platform, stripe: Stripe, event: StripeEventSummary, log: Logger): Promise<StripeEventOutcome> {
  const record = db.collection(STRIPE_EVENTS).doc(event.id);
  // A cheap look before calling Stripe; the transaction below is what guarantees once.
  if ((await record.get()).exists) return 'duplicate';

  const intentId = intentIdOf(event);
  // Read once per delivery, outside the transaction so no lock is held while Stripe answers. A stale read is
  // harmless: settling moves state forward only, and a cancel that finds the intent moved on reads it again.
  const intent = HANDLED.has(event.type) && intentId ? await retrieveIntent(stripe, intentId) : null;
  const orderId = intent?.metadata.orderId;

  return outbox.transact(async (tx, emit) => {
    if ((await tx.get(record)).exists) return 'duplicate' as const;
    let outcome: StripeEventOutcome = 'ignored';
    if (intent && orderId && isWellFormedId(orderId)) {
      const [order, payment] = [await getOrder(db, tx, orderId), await getPayment(db, tx, orderId)];
      const claim = judgeIntent(intent, order, payment);
      if (claim === 'ours') {
        await settlePayment({ db, stripe, tx, emit, log }, { intent, order, payment });
        outcome = 'settled';
      } else if (claim === 'impostor') {
        // Names our order but is not its intent: it never completes the order; money it took goes back.
        log.error('PaymentIntent names an order it does not belong to', {
          orderId,
          paymentIntentId: intent.id,
          amount: intent.amount,
          currency: intent.currency,
        });
        if (intent.status === 'succeeded' && !isRefunded(intent)) await refundIntent(stripe, intent, `impostor-${intent.id}`);
        outcome = 'refused';
      } else log.warn('PaymentIntent of another integration: left alone', { paymentIntentId: intent.id });
    } else if (intentId && HANDLED.has(event.type)) log.warn("stripe event for a PaymentIntent that is not an order's", { paymentIntentId: intentId });
    tx.create(record, { type: event.type, paymentIntentId: intentId, orderId: orderId ?? null, outcome, receivedAt: new Date() });
    return outcome;
  });
}

/** The PaymentIntent an event is about: the object itself, or the intent of a charge. */
function intentIdOf(event: StripeEventSummary): string | null {
  const object = event.data.object as { object?: unknown; id?: unknown; payment_intent?: unknown };
  const id = object.object === 'payment_intent' ? object.id : object.payment_intent;
  return typeof id === 'string' && /^\w{1,255}$/.test(id) ? id : null;
}
