import { retrieveBalanceTransaction } from './balance-transactions';
import { retrieveCharge } from './charges';
import type { HandlerContext } from './events';
import type { Expanders } from './expand';
import type { FormObject } from './form';
import { rejectUnknown } from './params';
import { retrievePaymentMethod } from './payment-methods';
import { cancelPaymentIntent, confirmPaymentIntent, createPaymentIntent, retrievePaymentIntent } from './payment-intents';
import { disputeCharge, retrieveDispute, updateDispute } from './disputes';
import { createRefund, retrieveRefund } from './refunds';
import { createAccount, createAccountLink, restrictAccount, retrieveAccount } from './accounts';
import { createReversal, createTransfer, listTransfers, retrieveTransfer } from './transfers';
import type { Store } from './store';

export interface Route {
  method: 'GET' | 'POST';
  /** The first capture group, when there is one, is the id of the resource in the URL. */
  path: RegExp;
  /** Callable by Stripe.js with a publishable key and the PaymentIntent's client secret. */
  publishable?: boolean;
  handle(ctx: HandlerContext, id: string, form: FormObject): object;
  expanders(store: Store): Expanders;
}

const RETRIEVE_PARAMS = ['expand', 'client_secret'];

const paymentIntentExpanders = (store: Store): Expanders => ({
  latest_charge: (id) => retrieveCharge(store, id),
  payment_method: (id) => retrievePaymentMethod(store, id),
});
/** Refunds and disputes both point at a charge and its intent. */
const chargeLinkExpanders = (store: Store): Expanders => ({
  charge: (id) => retrieveCharge(store, id),
  payment_intent: (id) => retrievePaymentIntent(store, id),
});
const chargeExpanders = (store: Store): Expanders => ({
  balance_transaction: (id) => retrieveBalanceTransaction(store, id),
  payment_intent: (id) => retrievePaymentIntent(store, id),
  payment_method: (id) => retrievePaymentMethod(store, id),
});
const none = (): Expanders => ({});
const transferExpanders = (store: Store): Expanders => ({
  destination: (id) => retrieveAccount(store, id),
  source_transaction: (id) => retrieveCharge(store, id),
});

/** What the product uses of Stripe's API, and a little more that a webhook handler may want to re-read. */
export const ROUTES: readonly Route[] = [
  { method: 'POST', path: /^\/v1\/payment_intents$/, handle: (ctx, _id, form) => createPaymentIntent(ctx, form), expanders: paymentIntentExpanders },
  {
    method: 'GET',
    path: /^\/v1\/payment_intents\/([^/]+)$/,
    publishable: true,
    handle: (ctx, id, form) => (rejectUnknown(form, RETRIEVE_PARAMS), retrievePaymentIntent(ctx.store, id)),
    expanders: paymentIntentExpanders,
  },
  {
    method: 'POST',
    path: /^\/v1\/payment_intents\/([^/]+)\/confirm$/,
    publishable: true,
    handle: (ctx, id, form) => confirmPaymentIntent(ctx, id, form),
    expanders: paymentIntentExpanders,
  },
  {
    method: 'POST',
    path: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
    handle: (ctx, id, form) => cancelPaymentIntent(ctx, id, form),
    expanders: paymentIntentExpanders,
  },
  { method: 'POST', path: /^\/v1\/refunds$/, handle: (ctx, _id, form) => createRefund(ctx, form), expanders: chargeLinkExpanders },
  {
    method: 'GET',
    path: /^\/v1\/refunds\/([^/]+)$/,
    handle: (ctx, id, form) => (rejectUnknown(form, ['expand']), retrieveRefund(ctx.store, id)),
    expanders: chargeLinkExpanders,
  },
  {
    method: 'GET',
    path: /^\/v1\/disputes\/([^/]+)$/,
    handle: (ctx, id, form) => (rejectUnknown(form, ['expand']), retrieveDispute(ctx.store, id)),
    expanders: chargeLinkExpanders,
  },
  { method: 'POST', path: /^\/v1\/disputes\/([^/]+)$/, handle: (ctx, id, form) => updateDispute(ctx, id, form), expanders: chargeLinkExpanders },
  {
    method: 'POST',
    path: /^\/v1\/test_helpers\/charges\/([^/]+)\/dispute$/,
    handle: (ctx, id, form) => disputeCharge(ctx, id, form),
    expanders: chargeLinkExpanders,
  },
  // Connect: Express accounts, onboarding links, separate transfers and their reversals.
  { method: 'POST', path: /^\/v1\/accounts$/, handle: (ctx, _id, form) => createAccount(ctx, form), expanders: none },
  {
    method: 'GET',
    path: /^\/v1\/accounts\/([^/]+)$/,
    handle: (ctx, id, form) => (rejectUnknown(form, ['expand']), retrieveAccount(ctx.store, id)),
    expanders: none,
  },
  { method: 'POST', path: /^\/v1\/account_links$/, handle: (ctx, _id, form) => createAccountLink(ctx, form), expanders: none },
  { method: 'POST', path: /^\/v1\/test_helpers\/accounts\/([^/]+)\/restrict$/, handle: (ctx, id, form) => restrictAccount(ctx, id, form), expanders: none },
  { method: 'POST', path: /^\/v1\/transfers$/, handle: (ctx, _id, form) => createTransfer(ctx, form), expanders: transferExpanders },
  { method: 'GET', path: /^\/v1\/transfers$/, handle: (ctx, _id, form) => listTransfers(ctx.store, form), expanders: none },
  {
    method: 'GET',
    path: /^\/v1\/transfers\/([^/]+)$/,
    handle: (ctx, id, form) => (rejectUnknown(form, ['expand']), retrieveTransfer(ctx.store, id)),
    expanders: transferExpanders,
  },
  { method: 'POST', path: /^\/v1\/transfers\/([^/]+)\/reversals$/, handle: (ctx, id, form) => createReversal(ctx, id, form), expanders: none },
  {
    method: 'GET',
    path: /^\/v1\/charges\/([^/]+)$/,
    handle: (ctx, id, form) => (rejectUnknown(form, ['expand']), retrieveCharge(ctx.store, id)),
    expanders: chargeExpanders,
  },
  {
    method: 'GET',
    path: /^\/v1\/balance_transactions\/([^/]+)$/,
    handle: (ctx, id, form) => (rejectUnknown(form, ['expand']), retrieveBalanceTransaction(ctx.store, id)),
    expanders: none,
  },
];

export function findRoute(method: string, path: string): { route: Route; id: string } | undefined {
  for (const route of ROUTES) {
    const match = route.method === method ? route.path.exec(path) : null;
    if (match) return { route, id: safeDecode(match[1] ?? '') };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
