import { AppError, ConflictError, idParamsSchema, NotFoundError, TICKET_FILE_LIMIT_BYTES, ValidationError } from '@tickethub/shared';
import { z } from 'zod';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { ticketFileKey } from '../platform/storage';
import { assertManageable } from './access';
import { TicketErrors } from './errors';
import { changeTicket } from './mutate';
import { ticketPdfProblem } from './pdf';
import { readTicket, ticketRef, type StoredTicket } from './store';

/** Like the barcode: replaceable while the listing is for sale; after a reservation or sale only added, never swapped. */
export function assertFileAccepted(ticket: StoredTicket): void {
  if (ticket.status === 'available') return;
  if (ticket.status === 'withdrawn') throw new ConflictError('Cannot add a file to a withdrawn ticket', 'TICKETS.WITHDRAWN');
  if (ticket.hasFile) throw new ConflictError(`Cannot replace the file of a ${ticket.status} ticket`, TicketErrors.FILE_LOCKED);
}

export function uploadTicketFileRoute({ db, outbox, storage }: Platform) {
  return defineRoute({
    method: 'PUT',
    path: '/api/tickets/:id/file',
    access: 'user',
    params: idParamsSchema,
    rawBody: true,
    contentTypes: ['application/pdf'],
    bodyLimitBytes: TICKET_FILE_LIMIT_BYTES,
    body: z.instanceof(Buffer).optional(),
    summary: 'Upload the ticket file (application/pdf, at most 2 MB) the buyer downloads after paying',
    handler: async ({ params, body, user }) => {
      if (!body || body.length === 0) throw new ValidationError([{ message: 'The ticket file is empty', field: 'file', code: TicketErrors.FILE_NOT_PDF }]);
      if (body.length > TICKET_FILE_LIMIT_BYTES) throw new AppError(413, TicketErrors.FILE_TOO_LARGE, 'The ticket file must be at most 2 MB');
      const ref = ticketRef(db, params.id);
      if (!ref) throw new NotFoundError('Ticket not found', 'TICKETS.NOT_FOUND');
      // Permission first (no storage write for a stranger), then the content, then the write.
      const before = assertManageable(user, readTicket(await ref.get()));
      assertFileAccepted(before);
      const problem = await ticketPdfProblem(body);
      if (problem) throw new ValidationError([{ message: problem, field: 'file', code: TicketErrors.FILE_NOT_PDF }]);
      // The object is written before the listing says it exists: a crash in between leaves an unused object, never
      // a listing that promises a file it does not have.
      await storage.save(ticketFileKey(before.id), body, 'application/pdf');
      await outbox.transact(async (tx, emit) => {
        const ticket = assertManageable(user, readTicket(await tx.get(ref)));
        assertFileAccepted(ticket);
        if (!ticket.hasFile) changeTicket(db, tx, emit, ticket, { hasFile: true });
      });
      return { status: 204 };
    },
  });
}
