import type { HttpFunction } from '@google-cloud/functions-framework';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import type { TicketsConfig } from './config';
import { ticketConsumers } from './consumers';
import { createTicketRoute } from './create';
import { uploadTicketFileRoute } from './file';
import { localFilesRoute } from './files';
import { isLocalStorage } from '../platform/storage';
import { listTicketsRoute } from './list';
import { showTicketRoute } from './show';
import { updateTicketRoute } from './update';
import { withdrawTicketRoute } from './withdraw';

/**
 * The tickets function's routes. Its consumers (consumers.ts), on POST /events from the bridge:
 *   order.created → reserves the listing · order.cancelled → frees it (if that order holds it) · order.completed → sold
 */
export function ticketRoutes(platform: Platform<TicketsConfig>) {
  return [
    createTicketRoute(platform), // POST /api/tickets → create.ts
    listTicketsRoute(platform), // GET /api/tickets → list.ts
    showTicketRoute(platform), // GET /api/tickets/:id → show.ts
    updateTicketRoute(platform), // PUT /api/tickets/:id → update.ts
    withdrawTicketRoute(platform), // DELETE /api/tickets/:id → withdraw.ts
    uploadTicketFileRoute(platform), // PUT /api/tickets/:id/file → file.ts
    // Only without a bucket: the local stand-in for Cloud Storage's signed URLs.
    ...(isLocalStorage(platform.storage) ? [localFilesRoute(platform)] : []), // GET /api/tickets/files/:key → files.ts
    eventsRoute(platform, ticketConsumers(platform)), // POST /events → ../platform/events.ts
    healthRoute(platform), // GET /api/health → ../platform/health.ts
  ];
}

/** The `tickets` Cloud Function: /api/tickets/* and its event subscriptions. */
export function createTicketsFunction(platform: Platform<TicketsConfig>): HttpFunction {
  return createHttpFunction(platform, ticketRoutes(platform));
}
