import type { HttpFunction } from '@google-cloud/functions-framework';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import type { OrdersConfig } from './config';
import { cancelOrderRoute } from './cancel';
import { orderConsumers } from './consumers';
import { listOrdersRoute } from './list';
import { ticketReplicaConsumers } from './replica';
import { reserveRoute } from './reserve';
import { showOrderRoute } from './show';

/**
 * The orders function's routes. Its consumers, on POST /events from the bridge:
 *   ticket.created, ticket.updated → replica.ts (orders' copy of each ticket, applied in version order)
 *   expiration.complete, payment.started, payment.created, payment.refunded → consumers.ts
 */
export function orderRoutes(platform: Platform<OrdersConfig>) {
  return [
    reserveRoute(platform), // POST /api/orders → reserve.ts
    listOrdersRoute(platform), // GET /api/orders → list.ts
    showOrderRoute(platform), // GET /api/orders/:id → show.ts
    cancelOrderRoute(platform), // DELETE /api/orders/:id → cancel.ts
    eventsRoute(platform, { ...ticketReplicaConsumers(platform), ...orderConsumers(platform) }), // POST /events → ../platform/events.ts
    healthRoute(platform), // GET /api/health → ../platform/health.ts
  ];
}

/** The `orders` Cloud Function: /api/orders/* and its event subscriptions. */
export function createOrdersFunction(platform: Platform<OrdersConfig>): HttpFunction {
  return createHttpFunction(platform, orderRoutes(platform));
}
