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
import { webhookRoute } from './webhook';

export function paymentRoutes(platform: Platform<PaymentsConfig>) {
  assertStripeConfig(platform.config);
  const stripe = createStripeClient(platform.config);
  return [
    createPaymentRoute(platform, stripe),
    listPaymentsRoute(platform),
    webhookRoute(platform, stripe),
    eventsRoute(platform, paymentConsumers(platform, stripe)),
    healthRoute(platform),
  ];
}

/** The `payments` Cloud Function: /api/payments/*, the Stripe webhook and its event subscriptions. */
export function createPaymentsFunction(platform: Platform<PaymentsConfig>): HttpFunction {
  return createHttpFunction(platform, paymentRoutes(platform));
}
