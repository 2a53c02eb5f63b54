import { createPaymentResponseSchema, paymentListSchema, type CreatePaymentResponse, type Payment } from '@tickethub/shared';
import { STAND_IN_PUBLISHABLE_KEY, stripeStandInBase } from '../config';
import { apiRequest } from './client';

/** Creates (or returns the existing) PaymentIntent for the order; the order moves to awaiting:payment. */
export async function startPayment(orderId: string): Promise<CreatePaymentResponse> {
  const { data } = await apiRequest('/api/payments', { method: 'POST', body: { orderId }, schema: createPaymentResponseSchema });
  return data;
}

export async function listPayments(orderId: string): Promise<Payment[]> {
  const { data } = await apiRequest('/api/payments', { query: { orderId }, schema: paymentListSchema });
  return data.items;
}

/**
 * Only a hint for the order page: `succeeded` means the webhook's effect is on its way (keep polling), `pending` that
 * the buyer has started paying. If payments cannot answer, the page still shows the order, so a failure here reads
 * as "no payment yet" instead of an error page.
 */
export async function latestPaymentStatus(orderId: string): Promise<Payment['status'] | null> {
  try {
    const payments = await listPayments(orderId);
    if (payments.some((payment) => payment.status === 'succeeded')) return 'succeeded';
    return payments[0]?.status ?? null;
  } catch {
    return null;
  }
}

export const TEST_CARDS = {
  pm_card_visa: 'Visa ending 4242 (succeeds)',
  pm_card_chargeDeclined: 'Visa ending 0002 (declined)',
} as const;
export type TestCard = keyof typeof TEST_CARDS;

export type TestPaymentOutcome = { ok: true } | { ok: false; message: string };

/**
 * Confirms the PaymentIntent at the local Stripe stand-in the way Stripe.js would (publishable key + client secret),
 * from the web server so the browser never needs the stand-in's address. The order completes later, when the
 * stand-in's webhook has reached the payments function.
 */
export async function confirmTestPayment(intent: { paymentIntentId: string; clientSecret: string }, card: TestCard): Promise<TestPaymentOutcome> {
  const form = new URLSearchParams({ payment_method: card, client_secret: intent.clientSecret, key: STAND_IN_PUBLISHABLE_KEY });
  const response = await fetch(`${stripeStandInBase()}/v1/payment_intents/${encodeURIComponent(intent.paymentIntentId)}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    cache: 'no-store',
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as { status?: string; error?: { message?: string; type?: string } };
  if (response.ok && body.status === 'succeeded') return { ok: true };
  if (body.error?.type === 'card_error') return { ok: false, message: body.error.message ?? 'Your card was declined.' };
  throw new Error(`Stripe stand-in refused the confirmation (${response.status}): ${body.error?.message ?? 'no message'}`);
}
