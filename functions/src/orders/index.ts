import type { HttpFunction } from '@google-cloud/functions-framework';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import { cancelOrderRoute } from './cancel';
import { orderConsumers } from './consumers';
import { listOrdersRoute } from './list';
import { ticketReplicaConsumers } from './replica';
import { reserveRoute } from './reserve';
import { showOrderRoute } from './show';
import { orderTicketRoute } from './ticket';

export function orderRoutes(platform: Platform) {
  return [
    reserveRoute(platform),
    listOrdersRoute(platform),
    showOrderRoute(platform),
    cancelOrderRoute(platform),
    orderTicketRoute(platform), // GET /api/orders/:id/ticket → ticket.ts
    eventsRoute(platform, { ...ticketReplicaConsumers(platform), ...orderConsumers(platform) }),
    healthRoute(platform),
  ];
}

/** The `orders` Cloud Function: /api/orders/* and its event subscriptions. */
export function createOrdersFunction(platform: Platform): HttpFunction {
  return createHttpFunction(platform, orderRoutes(platform));
}
