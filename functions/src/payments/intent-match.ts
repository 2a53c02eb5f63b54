import { toStripeAmount } from '@tickethub/shared';
import type Stripe from 'stripe';
import type { ReplicaOrder } from './replica';
import type { StoredPayment } from './store';
import { INTENT_APP } from './stripe-calls';

/**
 * Whose PaymentIntent is this, for the order its metadata names?
 * - `foreign`: it names no order TicketHub knows. A Stripe account may be shared with other integrations, whose
 *   intents are none of our business: left alone, never refunded.
 * - `ours`: the intent TicketHub created for the order, with the order's exact amount and currency: it may complete it.
 * - `impostor`: it names one of our orders but is not that intent (another amount, currency, intent or integration):
 *   it never completes the order, and whatever money it took is given back.
 */
export type IntentClaim = 'foreign' | 'ours' | 'impostor';

export function judgeIntent(intent: Stripe.PaymentIntent, order: ReplicaOrder | null, payment: StoredPayment | null): IntentClaim {
  if (!order) return 'foreign';
  const expected = order.price !== undefined && order.currency ? { amount: toStripeAmount(order.price, order.currency), currency: order.currency } : null;
  const priced = (amount: number, currency: string) => expected !== null && amount === expected.amount && currency === expected.currency;
  if (!priced(intent.amount, intent.currency)) return 'impostor';
  // The recorded intent, or (its record never committed) one that carries our mark, our key's amount and currency.
  if (payment) return payment.paymentIntentId === intent.id && priced(payment.amount, payment.currency) ? 'ours' : 'impostor';
  return intent.metadata.app === INTENT_APP ? 'ours' : 'impostor';
}
