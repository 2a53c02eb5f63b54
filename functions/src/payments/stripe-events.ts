import { isWellFormedId } from '@tickethub/shared';
import type Stripe from 'stripe';
import type { Logger } from '../platform/logger';
import type { Platform } from '../platform/platform';
import { judgeIntent } from './intent-match';
import { getOrder } from './replica';
import { applyChargeState, PAID } from './charge-state';
import { settlePayment } from './settle';
import { isRefunded, refundIntent, retrieveChargeState, retrieveIntent } from './stripe-calls';
import { getPayment, STRIPE_EVENTS } from './store';
import type { StripeEventSummary } from './webhook';

/** Events about money already taken: the charge (refunds) and its disputes, from wherever they were started. */
const CHARGE_EVENTS = new Set(['charge.refunded', 'charge.dispute.created', 'charge.dispute.closed']);
const HANDLED = new Set(['payment_intent.succeeded', 'payment_intent.payment_failed', ...CHARGE_EVENTS]);
/** The events the payments webhook endpoint must be registered for (terraform/README.md step 4; a test compares). */
export const STRIPE_WEBHOOK_EVENTS: readonly string[] = [...HANDLED];

export type StripeEventOutcome = 'duplicate' | 'ignored' | 'settled' | 'refused';

/**
 * One Stripe event, exactly once: its id is recorded with create() in the transaction that applies its effect, so a
 * redelivery (minutes or weeks later) finds the record and changes nothing. The event only names the PaymentIntent;
 * what happened is read from Stripe, so events arriving out of order still settle on the intent's real state. A
 * charge event (refund, dispute) also re-reads the charge and the dispute: a paid payment follows them.
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
  const charge = intent && CHARGE_EVENTS.has(event.type) ? await chargeStateOf(stripe, event) : null;

  return outbox.transact(async (tx, emit) => {
    if ((await tx.get(record)).exists) return 'duplicate' as const;
    let outcome: StripeEventOutcome = 'ignored';
    if (intent && orderId && isWellFormedId(orderId)) {
      const [order, payment] = [await getOrder(db, tx, orderId), await getPayment(db, tx, orderId)];
      const claim = judgeIntent(intent, order, payment);
      if (claim === 'ours') {
        // A payment the webhook never recorded as paid is settled first (adopted, or refunded if unwanted).
        const settled = payment && PAID.has(payment.status) ? payment : await settlePayment({ db, stripe, tx, emit, log }, { intent, order, payment });
        if (charge && PAID.has(settled.status)) applyChargeState({ db, tx, emit, log }, settled, charge);
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

/** A charge event names the charge itself, or (a dispute) the charge disputed. */
function chargeStateOf(stripe: Stripe, event: StripeEventSummary) {
  const object = event.data.object as { object?: unknown; id?: unknown; charge?: unknown };
  const chargeId = object.object === 'charge' ? object.id : object.charge;
  const disputeId = object.object === 'dispute' && typeof object.id === 'string' ? object.id : null;
  return typeof chargeId === 'string' ? retrieveChargeState(stripe, chargeId, disputeId) : null;
}

/** The PaymentIntent an event is about: the object itself, or the intent of a charge. */
function intentIdOf(event: StripeEventSummary): string | null {
  const object = event.data.object as { object?: unknown; id?: unknown; payment_intent?: unknown };
  const id = object.object === 'payment_intent' ? object.id : object.payment_intent;
  return typeof id === 'string' && /^\w{1,255}$/.test(id) ? id : null;
}
