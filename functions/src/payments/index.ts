import type { HttpFunction } from '@google-cloud/functions-framework';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import type { PaymentsConfig } from './config';
import { paymentConsumers } from './consumers';
import { createPaymentRoute } from './create';
import { listPaymentsRoute } from './list';
import { assertStripeConfig, createStripeClient } from './stripe-client';
import { createStripeGate } from './stripe-gate';
import { webhookRoute } from './webhook';

export function paymentRoutes(
  platform: Platform<PaymentsConfig>,
  settings: Pick<PaymentsConfig, 'STRIPE_INTENT_RATE' | 'STRIPE_BUSY_WAIT_SECONDS'> = platform.config,
) {
  assertStripeConfig(platform.config);
  const stripe = createStripeClient(platform.config);
  // Consumers (consumers.ts): order.created, order.completed, order.cancelled → payments' copy of each order;
  // expiration.complete → cancel a started payment at Stripe when the hold ends (payment.cancelled once Stripe confirms)
  // (a cancelled order's started payment is cancelled at Stripe, or refunded if it already took money).
  // The webhook's charge events (charge.refunded, charge.dispute.created / .closed) → charge-state.ts, which publishes
  // payment.partially-refunded, payment.refunded, payment.disputed and payment.dispute-closed for orders and payouts.
  return [
    createPaymentRoute(platform, stripe, createStripeGate(settings)), // POST /api/payments → create.ts
    listPaymentsRoute(platform), // GET /api/payments → list.ts
    webhookRoute(platform, stripe), // POST /api/payments/webhook → webhook.ts
    eventsRoute(platform, paymentConsumers(platform, stripe)), // POST /events → ../platform/events.ts
    healthRoute(platform), // GET /api/health → ../platform/health.ts
  ];
}

/** The `payments` Cloud Function: /api/payments/*, the Stripe webhook and its event subscriptions. */
export function createPaymentsFunction(platform: Platform<PaymentsConfig>): HttpFunction {
  return createHttpFunction(platform, paymentRoutes(platform));
}
