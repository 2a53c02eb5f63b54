import { newId, nowSeconds } from './ids';
import { resourceMissing } from './errors';
import type { PaymentMethod, Store } from './store';

interface TestCard {
  brand: string;
  last4: string;
  /** Absent: the card is approved. */
  decline?: { decline_code: string; message: string };
  /** The payment succeeds, then the cardholder disputes it (Stripe's `pm_card_createDispute`). */
  disputed?: true;
}

/** Stripe's documented test PaymentMethods (https://docs.stripe.com/testing#cards), the ones worth having locally. */
const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_amex: { brand: 'amex', last4: '8431' },
  pm_card_createDispute: { brand: 'visa', last4: '0259', disputed: true },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', decline: { decline_code: 'generic_decline', message: 'Your card was declined.' } },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    decline: { decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
};

export interface ResolvedCard {
  paymentMethod: PaymentMethod;
  decline?: TestCard['decline'];
  disputed?: true;
}

/**
 * Like Stripe, a test token (`pm_card_visa`) becomes a fresh PaymentMethod (`pm_…`) on use; a PaymentMethod the
 * stand-in created earlier can be used again and behaves like the card it came from.
 */
export function resolvePaymentMethod(store: Store, id: string): ResolvedCard {
  const known = store.paymentMethods.get(id);
  const card = TEST_CARDS[known ? (store.testCardOf.get(id) ?? '') : id];
  if (!card) throw resourceMissing('PaymentMethod', id, 'payment_method', 400);
  if (known) return { paymentMethod: known, decline: card.decline, disputed: card.disputed };
  const paymentMethod: PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    type: 'card',
    card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date().getFullYear() + 3, funding: 'credit', country: 'US' },
    created: nowSeconds(),
    customer: null,
    livemode: false,
    metadata: {},
  };
  store.paymentMethods.set(paymentMethod.id, paymentMethod);
  store.testCardOf.set(paymentMethod.id, id);
  return { paymentMethod, decline: card.decline, disputed: card.disputed };
}

export function retrievePaymentMethod(store: Store, id: string): PaymentMethod {
  const paymentMethod = store.paymentMethods.get(id);
  if (!paymentMethod) throw resourceMissing('payment_method', id);
  return paymentMethod;
}
