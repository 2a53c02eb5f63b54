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

export function orderRoutes(platform: Platform<OrdersConfig>) {
  return [
    reserveRoute(platform),
    listOrdersRoute(platform),
    showOrderRoute(platform),
    cancelOrderRoute(platform),
    eventsRoute(platform, { ...ticketReplicaConsumers(platform), ...orderConsumers(platform) }),
    healthRoute(platform),
  ];
}

/** The `orders` Cloud Function: /api/orders/* and its event subscriptions. */
export function createOrdersFunction(platform: Platform<OrdersConfig>): HttpFunction {
  return createHttpFunction(platform, orderRoutes(platform));
}
