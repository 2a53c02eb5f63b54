import type { HttpFunction } from '@google-cloud/functions-framework';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import { ticketConsumers } from './consumers';
import { createTicketRoute } from './create';
import { uploadTicketFileRoute } from './file';
import { localFilesRoute } from './files';
import { isLocalStorage } from '../platform/storage';
import { listTicketsRoute } from './list';
import { showTicketRoute } from './show';
import { updateTicketRoute } from './update';
import { withdrawTicketRoute } from './withdraw';

export function ticketRoutes(platform: Platform) {
  return [
    createTicketRoute(platform),
    listTicketsRoute(platform),
    showTicketRoute(platform),
    updateTicketRoute(platform),
    withdrawTicketRoute(platform),
    uploadTicketFileRoute(platform), // PUT /api/tickets/:id/file → file.ts
    ...(isLocalStorage(platform.storage) ? [localFilesRoute(platform)] : []), // GET /api/tickets/files/:key → files.ts (local only)
    eventsRoute(platform, ticketConsumers(platform)),
    healthRoute(platform),
  ];
}

/** The `tickets` Cloud Function: /api/tickets/* and its event subscriptions. */
export function createTicketsFunction(platform: Platform): HttpFunction {
  return createHttpFunction(platform, ticketRoutes(platform));
}
