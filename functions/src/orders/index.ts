import type { HttpFunction } from '@google-cloud/functions-framework';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import { ticketReplicaConsumers } from './replica';

export function orderRoutes(platform: Platform) {
  return [eventsRoute(platform, { ...ticketReplicaConsumers(platform) }), healthRoute(platform)];
}

/** The `orders` Cloud Function: /api/orders/* and its event subscriptions. */
export function createOrdersFunction(platform: Platform): HttpFunction {
  return createHttpFunction(platform, orderRoutes(platform));
}
