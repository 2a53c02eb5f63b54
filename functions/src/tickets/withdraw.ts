import { idParamsSchema, NotFoundError } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { assertEditable, assertManageable } from './access';
import { readReleasableClaim } from './barcodes';
import { changeTicket } from './mutate';
import { inspectTicket, listings, ticketRef, UnreadableTicketError, withdrawnEventOf } from './store';
import { TicketErrors } from './errors';

export function withdrawTicketRoute({ db, outbox }: Platform) {
  return defineRoute({
    method: 'DELETE',
    path: '/api/tickets/:id',
    access: 'user',
    params: idParamsSchema,
    summary: 'Withdraw a listing (soft delete); 409 when reserved or sold',
    handler: async ({ params, user, log }) => {
      const ref = ticketRef(db, params.id);
      if (!ref) throw new NotFoundError('Ticket not found', TicketErrors.NOT_FOUND);
      await outbox.transact(async (tx, emit) => {
        const read = inspectTicket(await tx.get(ref));
        if (read.kind === 'unreadable') {
          // A damaged listing can still be taken off the shop, by an admin only: its seller field may be the damage.
          if (user.role !== 'admin') throw new UnreadableTicketError(read.id);
          const version = typeof read.raw.version === 'number' && Number.isInteger(read.raw.version) ? read.raw.version + 1 : 1;
          tx.update(listings(db).doc(read.id), { status: 'withdrawn', version, updatedAt: new Date() });
          const event = withdrawnEventOf(read.raw, read.id, version);
          if (event) emit('ticket.updated', event);
          else log.warn('withdrew an unreadable listing without ticket.updated: its fields do not make one', { ticketId: read.id });
          return;
        }
        const ticket = assertManageable(user, read.kind === 'ok' ? read.ticket : null);
        assertEditable(ticket, 'withdraw');
        // A withdrawn listing frees its barcode for a new listing (the seller may list the ticket again).
        const claim = ticket.barcode ? await readReleasableClaim(db, tx, ticket.barcode, ticket.id) : null;
        if (claim) tx.delete(claim);
        // Withdrawing twice is a no-op, not a second version.
        if (ticket.status !== 'withdrawn') changeTicket(db, tx, emit, ticket, { status: 'withdrawn' });
      });
      return { status: 204 };
    },
  });
}
