/** Shared by payments' tests: orders made by delivering events, and the buyer's side of Stripe through the SDK. */
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { signStripePayload, type StripeEvent } from '@tickethub/stripe-local';
import { stripeClient } from '@tickethub/stripe-local/src/test-support';
import { api, type ApiResponse, type SignedInUser } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope } from '@tickethub/dev/testing/fixtures';
import type { TestStack } from '@tickethub/dev/testing/stack';
import { ORDER_REPLICA } from './replica';
import { PAYMENTS } from './store';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

export interface TestOrder {
  id: string;
  version: number;
  status: 'created';
  userId: string;
  expiresAt: string;
  ticket: { id: string; price: number; currency: string };
}

export function orderData(buyer: SignedInUser, overrides: Partial<TestOrder> = {}): TestOrder {
  return {
    id: `order-${randomUUID().slice(0, 8)}`,
    version: 0,
    status: 'created',
    userId: buyer.id,
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: `ticket-${randomUUID().slice(0, 8)}`, price: 1999, currency: 'usd' },
    ...overrides,
  };
}

/** Delivers order.created to payments as the bridge would, and checks it was taken. */
export async function placeOrder(stack: TestStack, buyer: SignedInUser, overrides: Partial<TestOrder> = {}): Promise<TestOrder> {
  const order = orderData(buyer, overrides);
  const response = await deliverEvent(stack, 'payments', envelope('order.created', order));
  if (response.status !== 200) throw new Error(`order.created refused: ${response.status} ${JSON.stringify(response.body)}`);
  return order;
}

export async function cancelOrder(stack: TestStack, order: TestOrder, reason = 'user', version = 1) {
  const response = await deliverEvent(stack, 'payments', envelope('order.cancelled', { id: order.id, version, reason, ticket: { id: order.ticket.id } }));
  if (response.status !== 200) throw new Error(`order.cancelled refused: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

export function pay(stack: TestStack, buyer: SignedInUser, orderId: unknown): Promise<ApiResponse> {
  return api(stack.origin, 'POST', '/api/payments', { token: buyer.token, body: { orderId } });
}

export function buyerStripe(stack: TestStack): Stripe {
  if (!stack.stripe) throw new Error('the stack has no Stripe stand-in');
  return stripeClient(stack.stripe);
}

/** What Stripe.js does in the browser: confirm the intent with a test card. Declines come back as the intent. */
export async function confirmCard(stack: TestStack, paymentIntentId: string, card: 'pm_card_visa' | 'pm_card_chargeDeclined'): Promise<Stripe.PaymentIntent> {
  try {
    return await buyerStripe(stack).paymentIntents.confirm(paymentIntentId, { payment_method: card });
  } catch (error) {
    const intent = (error as { payment_intent?: Stripe.PaymentIntent }).payment_intent;
    if (card === 'pm_card_chargeDeclined' && intent) return intent;
    throw error;
  }
}

export async function storedPayment(stack: TestStack, orderId: string) {
  return (await stack.platform('payments').db.collection(PAYMENTS).doc(orderId).get()).data();
}

export async function replicaOrder(stack: TestStack, orderId: string) {
  return (await stack.platform('payments').db.collection(ORDER_REPLICA).doc(orderId).get()).data();
}

export function waitForPaymentStatus(stack: TestStack, orderId: string, status: string) {
  return waitFor(async () => (await storedPayment(stack, orderId))?.status === status, {
    what: `payment of ${orderId} to be ${status}`,
    timeoutMs: EVENTUALLY_MS,
  });
}

/** POSTs a Stripe event to the webhook as Stripe would, signed now unless told otherwise. */
export function postWebhook(stack: TestStack, payload: string, signature: string | null = signStripePayload(payload, stack.config.STRIPE_WEBHOOK_SECRET)) {
  return api(stack.origin, 'POST', '/api/payments/webhook', {
    raw: { text: payload, contentType: 'application/json; charset=utf-8' },
    headers: signature === null ? {} : { 'stripe-signature': signature },
  });
}

export function eventsOf(stack: TestStack, type: string, paymentIntentId: string): StripeEvent[] {
  return stack
    .stripe!.events()
    .filter((event) => event.type === type && (event.data.object.id === paymentIntentId || event.data.object.payment_intent === paymentIntentId));
}
