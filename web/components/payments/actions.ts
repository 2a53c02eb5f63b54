'use server';

import type { FormState } from '@/components/ui/form-state';
import { isApiError } from '@/lib/api/errors';
import { confirmTestPayment, startPayment, TEST_CARDS, type TestCard } from '@/lib/api/payments';

function refusal(error: unknown): FormState {
  // Stripe is at its rate limit (an on-sale): the hold stands, so this is a wait, not a failure.
  if (isApiError(error, 503) && error.errors.some((item) => item.code === 'PAYMENTS.PROVIDER_BUSY')) {
    return { message: 'Waiting for the payment provider. Your ticket is still held: press Pay again in a few seconds.' };
  }
  if (!isApiError(error) || error.status >= 500) throw error;
  return { message: error.status === 409 ? `${error.message}. This order can no longer be paid.` : error.message };
}

/** Without Stripe keys: pay at the local Stripe stand-in with one of its test cards. */
export async function payWithTestCardAction(orderId: string, _state: FormState, formData: FormData): Promise<FormState> {
  const card = String(formData.get('card') ?? '');
  if (!(card in TEST_CARDS)) return { fields: { card: 'Choose a test card' } };
  let payment;
  try {
    payment = await startPayment(orderId);
  } catch (error) {
    return refusal(error);
  }
  // A second click after a success must not try to charge again; the order is on its way to complete.
  if (payment.status === 'succeeded') return { ok: true };
  const outcome = await confirmTestPayment(payment, card as TestCard);
  return outcome.ok ? { ok: true } : { message: `${outcome.message} Try another card.` };
}

/** With Stripe keys: the browser's Payment Element needs the intent's client secret. */
export async function startCardPaymentAction(orderId: string): Promise<{ clientSecret?: string; message?: string; paid?: boolean }> {
  try {
    const payment = await startPayment(orderId);
    return payment.status === 'succeeded' ? { paid: true } : { clientSecret: payment.clientSecret };
  } catch (error) {
    return { message: refusal(error).message };
  }
}
