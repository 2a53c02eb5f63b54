import { invalidRequest, paramError, resourceMissing } from './errors';
import type { HandlerContext } from './events';
import type { FormObject } from './form';
import { newId, nowSeconds } from './ids';
import { readEnum, readInteger, readMetadata, readString, rejectUnknown } from './params';
import type { Charge, Refund, Store } from './store';

const CREATE_PARAMS = ['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'expand'];

/** Refunds settle at once (status succeeded), as test-mode card refunds do; partial refunds add up on the charge. */
export function createRefund(ctx: HandlerContext, form: FormObject): Refund {
  rejectUnknown(form, CREATE_PARAMS);
  const paymentIntentId = readString(form, 'payment_intent');
  const chargeId = readString(form, 'charge');
  const requested = readInteger(form, 'amount', { min: 1 });
  const reason = readEnum(form, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
  const metadata = readMetadata(form) ?? {};
  if (paymentIntentId === undefined && chargeId === undefined) {
    throw paramError('payment_intent', 'One of the following params should be provided for this request: payment_intent or charge.', 'parameter_missing');
  }

  const charge = refundableCharge(ctx.store, paymentIntentId, chargeId);
  const unrefunded = charge.amount - charge.amount_refunded;
  if (unrefunded === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = requested ?? unrefunded;
  if (amount > unrefunded) {
    throw paramError('amount', `Refund amount (${amount}) is greater than unrefunded amount on charge (${unrefunded}).`, 'amount_too_large');
  }

  const refund: Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    metadata,
    payment_intent: charge.payment_intent,
    reason,
    receipt_number: null,
    status: 'succeeded',
  };
  ctx.store.refunds.set(refund.id, refund);

  const previous: Record<string, unknown> = { amount_refunded: charge.amount_refunded };
  charge.amount_refunded += amount;
  if (charge.amount_refunded === charge.amount) {
    previous.refunded = false;
    charge.refunded = true;
  }
  ctx.emit('charge.refunded', charge, previous);
  return refund;
}

function refundableCharge(store: Store, paymentIntentId: string | undefined, chargeId: string | undefined): Charge {
  if (paymentIntentId !== undefined) {
    const intent = store.paymentIntents.get(paymentIntentId);
    if (!intent) throw resourceMissing('payment_intent', paymentIntentId, 'payment_intent', 400);
    const charge = intent.latest_charge ? store.charges.get(intent.latest_charge) : undefined;
    if (intent.status !== 'succeeded' || !charge) {
      throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, { param: 'payment_intent' });
    }
    if (chargeId !== undefined && chargeId !== charge.id) {
      throw paramError('charge', `Charge ${chargeId} does not belong to PaymentIntent ${intent.id}.`);
    }
    return charge;
  }
  const charge = store.charges.get(chargeId ?? '');
  if (!charge) throw resourceMissing('charge', chargeId ?? '', 'charge', 400);
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} did not succeed, so there is nothing to refund.`, { param: 'charge' });
  return charge;
}

export function retrieveRefund(store: Store, id: string): Refund {
  const refund = store.refunds.get(id);
  if (!refund) throw resourceMissing('refund', id);
  return refund;
}
