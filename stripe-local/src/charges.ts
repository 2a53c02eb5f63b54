import { recordBalanceTransaction } from './balance-transactions';
import { newId, nowSeconds } from './ids';
import { resourceMissing } from './errors';
import type { ResolvedCard } from './payment-methods';
import type { Charge, PaymentIntent, Store } from './store';

/** The Charge a confirmation attempt leaves behind: succeeded, or failed with the decline (Stripe keeps both). */
export function recordCharge(store: Store, intent: PaymentIntent, { paymentMethod, decline }: ResolvedCard): Charge {
  const charge: Charge = {
    id: newId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: decline ? 0 : intent.amount,
    amount_refunded: 0,
    balance_transaction: null,
    captured: !decline,
    created: nowSeconds(),
    currency: intent.currency,
    description: intent.description,
    disputed: false,
    failure_code: decline ? 'card_declined' : null,
    failure_message: decline?.message ?? null,
    livemode: false,
    // Charges made by a PaymentIntent carry its metadata, which is how a charge.refunded handler finds the order.
    metadata: { ...intent.metadata },
    outcome: decline
      ? {
          network_status: 'declined_by_network',
          reason: decline.decline_code,
          risk_level: 'normal',
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        }
      : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: !decline,
    payment_intent: intent.id,
    payment_method: paymentMethod.id,
    payment_method_details: { type: 'card', card: { ...paymentMethod.card } },
    receipt_email: intent.receipt_email,
    refunded: false,
    status: decline ? 'failed' : 'succeeded',
  };
  if (!decline) charge.balance_transaction = recordBalanceTransaction(store, charge).id;
  store.charges.set(charge.id, charge);
  return charge;
}

export function retrieveCharge(store: Store, id: string): Charge {
  const charge = store.charges.get(id);
  if (!charge) throw resourceMissing('charge', id);
  return charge;
}
