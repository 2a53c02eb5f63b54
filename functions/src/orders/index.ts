import type { HttpFunction } from '@google-cloud/functions-framework';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import { cancelOrderRoute } from './cancel';
import { orderConsumers } from './consumers';
import { listOrdersRoute } from './list';
import { ticketReplicaConsumers } from './replica';
import { refundOrderRoute } from './refund';
import { reserveRoute } from './reserve';
import { showOrderRoute } from './show';

export function orderRoutes(platform: Platform) {
  return [
    reserveRoute(platform), // POST /api/orders → reserve.ts
    listOrdersRoute(platform), // GET /api/orders → list.ts
    showOrderRoute(platform), // GET /api/orders/:id → show.ts
    cancelOrderRoute(platform), // DELETE /api/orders/:id → cancel.ts
    refundOrderRoute(platform), // POST /api/orders/:id/refund → refund.ts
    eventsRoute(platform, { ...ticketReplicaConsumers(platform), ...orderConsumers(platform) }), // POST /events → replica.ts, consumers.ts
    healthRoute(platform),
  ];
}

/** The `orders` Cloud Function: /api/orders/* and its event subscriptions. */
export function createOrdersFunction(platform: Platform): HttpFunction {
  return createHttpFunction(platform, orderRoutes(platform));
}
