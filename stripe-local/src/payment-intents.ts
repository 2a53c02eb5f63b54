import { currencyInfo, fromMinorUnits } from '@tickethub/shared';
import { recordCharge } from './charges';
import { openDispute } from './disputes';
import { cardError, invalidRequest, missingParam, paramError, resourceMissing, unexpectedState } from './errors';
import type { HandlerContext } from './events';
import type { FormObject } from './form';
import { newId, nowSeconds } from './ids';
import { readBoolean, readCurrency, readEnum, readHash, readInteger, readMetadata, readString, readStringList, rejectUnknown } from './params';
import { resolvePaymentMethod } from './payment-methods';
import { snapshot, type PaymentIntent, type PaymentIntentStatus, type Store } from './store';

const CREATE_PARAMS = [
  'amount',
  'currency',
  'metadata',
  'description',
  'receipt_email',
  'automatic_payment_methods',
  'payment_method_types',
  'capture_method',
  'confirm',
  'payment_method',
  'return_url',
  'expand',
];
const CONFIRM_PARAMS = ['payment_method', 'receipt_email', 'return_url', 'client_secret', 'expand'];
const CANCEL_PARAMS = ['cancellation_reason', 'expand'];
const CANCELABLE: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
// Stripe's ceiling for a single charge in two-decimal currencies ($999,999.99).
const MAX_AMOUNT = 99_999_999;

/**
 * Stripe refuses, at creation, amounts it cannot charge in the currency: under its minimum (`amount_too_small`) or
 * not a multiple of the currency's step (three-decimal currencies end in 0; ISK/UGX/HUF/TWD in 00). The rules are
 * the ones in @tickethub/shared's currency table, which is copied from Stripe's documentation.
 */
function assertChargeable(amount: number, currency: string): void {
  const info = currencyInfo(currency);
  if (!info) throw paramError('currency', `Invalid currency: ${currency}. Stripe currently supports these currencies: …`);
  const minimum = info.minimumMinor === null ? null : info.minimumMinor * info.stripeFactor;
  if (minimum !== null && amount < minimum) {
    const shown = fromMinorUnits(info.minimumMinor!, currency);
    throw paramError('amount', `Amount must be at least ${shown} ${currency}`, 'amount_too_small');
  }
  if (amount % info.stripeStep !== 0) {
    throw paramError('amount', `Amounts in ${currency} must be a multiple of ${info.stripeStep} (in the currency's smallest unit).`, 'invalid_amount');
  }
}

export function createPaymentIntent(ctx: HandlerContext, form: FormObject): PaymentIntent {
  rejectUnknown(form, CREATE_PARAMS);
  const amount = readInteger(form, 'amount', { min: 1 });
  if (amount === undefined) throw missingParam('amount');
  if (amount > MAX_AMOUNT) throw paramError('amount', `Amount must be no more than ${MAX_AMOUNT} (in the currency's minor unit).`, 'amount_too_large');
  const currency = readCurrency(form);
  assertChargeable(amount, currency);
  // Manual capture (requires_capture) is not modelled; saying so beats pretending to hold funds.
  const captureMethod = readEnum(form, 'capture_method', ['automatic', 'automatic_async'] as const) ?? 'automatic_async';
  const paymentMethodTypes = readStringList(form, 'payment_method_types');
  if (paymentMethodTypes?.some((type) => type !== 'card')) {
    throw paramError('payment_method_types', 'The local Stripe stand-in supports only card payments.');
  }
  const id = newId('pi');
  const intent: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_received: 0,
    automatic_payment_methods: readAutomaticPaymentMethods(form, paymentMethodTypes),
    canceled_at: null,
    cancellation_reason: null,
    capture_method: captureMethod,
    client_secret: `${id}_secret_${newId('x', 25).slice(2)}`,
    confirmation_method: 'automatic',
    created: nowSeconds(),
    currency,
    customer: null,
    description: readString(form, 'description') ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: readMetadata(form) ?? {},
    next_action: null,
    payment_method: null,
    payment_method_types: paymentMethodTypes ?? ['card'],
    receipt_email: readString(form, 'receipt_email') ?? null,
    status: 'requires_payment_method',
  };
  const confirm = readBoolean(form, 'confirm') ?? false;
  readString(form, 'return_url');
  const token = readString(form, 'payment_method');
  if (confirm && token === undefined) throw missingParam('payment_method');
  // Resolved before the intent is stored: an unknown payment method is a parameter error and leaves nothing behind.
  const paymentMethod = token === undefined ? undefined : resolvePaymentMethod(ctx.store, token).paymentMethod.id;
  ctx.store.paymentIntents.set(id, intent);
  if (confirm) return attemptPayment(ctx, intent, paymentMethod);
  if (paymentMethod !== undefined) {
    intent.payment_method = paymentMethod;
    intent.status = 'requires_confirmation';
  }
  return intent;
}

function readAutomaticPaymentMethods(form: FormObject, types: string[] | undefined): PaymentIntent['automatic_payment_methods'] {
  const hash = readHash(form, 'automatic_payment_methods');
  if (!hash) return types ? null : { enabled: true, allow_redirects: 'always' };
  const enabled = readBoolean(hash, 'enabled');
  if (enabled === undefined) throw missingParam('automatic_payment_methods[enabled]');
  const allowRedirects = readEnum(hash, 'allow_redirects', ['always', 'never'] as const) ?? 'always';
  return enabled ? { enabled, allow_redirects: allowRedirects } : { enabled };
}

export function retrievePaymentIntent(store: Store, id: string): PaymentIntent {
  const intent = store.paymentIntents.get(id);
  if (!intent) throw resourceMissing('payment_intent', id, 'intent');
  return intent;
}

/** Stripe.js authorizes with the publishable key plus the intent's client secret instead of a secret key. */
export function checkClientSecret(store: Store, id: string, form: FormObject): void {
  const intent = retrievePaymentIntent(store, id);
  const given = readString(form, 'client_secret');
  if (given !== intent.client_secret) {
    throw invalidRequest('The client_secret provided does not match the client_secret associated with the PaymentIntent.', { param: 'client_secret' });
  }
}

export function confirmPaymentIntent(ctx: HandlerContext, id: string, form: FormObject): PaymentIntent {
  rejectUnknown(form, CONFIRM_PARAMS);
  const intent = retrievePaymentIntent(ctx.store, id);
  const paymentMethod = readString(form, 'payment_method') ?? intent.payment_method ?? undefined;
  const receiptEmail = readString(form, 'receipt_email');
  readString(form, 'return_url');
  if (receiptEmail !== undefined && intent.status !== 'succeeded' && intent.status !== 'canceled') intent.receipt_email = receiptEmail;
  return attemptPayment(ctx, intent, paymentMethod);
}

/** One confirmation attempt: a test card either pays the whole amount at once or declines, leaving a failed charge. */
function attemptPayment(ctx: HandlerContext, intent: PaymentIntent, paymentMethodId: string | undefined): PaymentIntent {
  if (intent.status === 'succeeded') {
    throw unexpectedState('You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.', {
      payment_intent: snapshot(intent),
    });
  }
  if (intent.status === 'canceled') {
    throw unexpectedState('You cannot confirm this PaymentIntent because it has a status of canceled.', { payment_intent: snapshot(intent) });
  }
  if (paymentMethodId === undefined) {
    throw unexpectedState("You cannot confirm this PaymentIntent because it's missing a payment method. Update the payment_method and try again.", {
      payment_intent: snapshot(intent),
    });
  }
  const card = resolvePaymentMethod(ctx.store, paymentMethodId);
  const charge = recordCharge(ctx.store, intent, card);
  intent.latest_charge = charge.id;

  if (card.decline) {
    const error = {
      type: 'card_error' as const,
      code: 'card_declined',
      decline_code: card.decline.decline_code,
      message: card.decline.message,
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      charge: charge.id,
      payment_method: snapshot(card.paymentMethod),
    };
    intent.status = 'requires_payment_method';
    // Stripe detaches a declined method: the customer has to provide another one.
    intent.payment_method = null;
    intent.last_payment_error = error;
    ctx.emit('payment_intent.payment_failed', intent);
    throw cardError({ ...error, payment_intent: snapshot(intent) });
  }

  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.payment_method = card.paymentMethod.id;
  intent.last_payment_error = null;
  ctx.emit('payment_intent.succeeded', intent);
  // As in test mode, the dispute follows the success: its event comes after payment_intent.succeeded.
  if (card.disputed) openDispute(ctx, charge);
  return intent;
}

export function cancelPaymentIntent(ctx: HandlerContext, id: string, form: FormObject): PaymentIntent {
  rejectUnknown(form, CANCEL_PARAMS);
  const reason = readEnum(form, 'cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const);
  const intent = retrievePaymentIntent(ctx.store, id);
  if (!CANCELABLE.includes(intent.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. ` +
        `Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
      { payment_intent: snapshot(intent) },
    );
  }
  intent.status = 'canceled';
  intent.canceled_at = nowSeconds();
  intent.cancellation_reason = reason ?? null;
  ctx.emit('payment_intent.canceled', intent);
  return intent;
}
