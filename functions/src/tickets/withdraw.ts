import { idParamsSchema, NotFoundError } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { assertEditable, assertManageable } from './access';
import { changeTicket } from './mutate';
import { readTicket, ticketRef } from './store';
import { TicketErrors } from './errors';

export function withdrawTicketRoute({ db, outbox }: Platform) {
  return defineRoute({
    method: 'DELETE',
    path: '/api/tickets/:id',
    access: 'user',
    params: idParamsSchema,
    summary: 'Withdraw a listing (soft delete); 409 when reserved or sold',
    handler: async ({ params, user }) => {
      const ref = ticketRef(db, params.id);
      if (!ref) throw new NotFoundError('Ticket not found', TicketErrors.NOT_FOUND);
      await outbox.transact(async (tx, emit) => {
        const ticket = assertManageable(user, readTicket(await tx.get(ref)));
        assertEditable(ticket, 'withdraw');
        // Withdrawing twice is a no-op, not a second version.
        if (ticket.status !== 'withdrawn') changeTicket(db, tx, emit, ticket, { status: 'withdrawn' });
      });
      return { status: 204 };
    },
  });
}
