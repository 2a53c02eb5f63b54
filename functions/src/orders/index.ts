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
import { refundOrderRoute } from './refund';
import { reserveRoute } from './reserve';
import { showOrderRoute } from './show';
import { orderTicketRoute } from './ticket';

/**
 * The orders function's routes. Its consumers, on POST /events from the bridge:
 *   ticket.created, ticket.updated → replica.ts (orders' copy of each ticket, applied in version order)
 *   expiration.complete, payment.started, payment.created, payment.refunded, payment.cancelled → consumers.ts
 *   payment.partially-refunded, payment.disputed, payment.dispute-closed → payment-facts.ts (refundedAmount, dispute;
 *     a lost dispute, like a full refund made anywhere, refunds a complete order)
 * The admin refund (refund.ts) publishes order.refunded: payments refunds the charge, payouts cancels or reverses.
 */
export function orderRoutes(platform: Platform<OrdersConfig>) {
  return [
    reserveRoute(platform), // POST /api/orders → reserve.ts
    listOrdersRoute(platform), // GET /api/orders → list.ts
    showOrderRoute(platform), // GET /api/orders/:id → show.ts
    cancelOrderRoute(platform), // DELETE /api/orders/:id → cancel.ts
    refundOrderRoute(platform), // POST /api/orders/:id/refund → refund.ts
    orderTicketRoute(platform), // GET /api/orders/:id/ticket → ticket.ts
    eventsRoute(platform, { ...ticketReplicaConsumers(platform), ...orderConsumers(platform) }), // POST /events → ../platform/events.ts
    healthRoute(platform), // GET /api/health → ../platform/health.ts
  ];
}

/** The `orders` Cloud Function: /api/orders/* and its event subscriptions. */
export function createOrdersFunction(platform: Platform<OrdersConfig>): HttpFunction {
  return createHttpFunction(platform, orderRoutes(platform));
}
