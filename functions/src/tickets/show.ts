import { idParamsSchema, NotFoundError, ticketSchema } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { canManage } from './access';
import { readTicket, ticketRef, toApiTicket } from './store';
import { TicketErrors } from './errors';

export function showTicketRoute({ db }: Platform) {
  return defineRoute({
    method: 'GET',
    path: '/api/tickets/:id',
    access: 'public',
    params: idParamsSchema,
    summary: 'One ticket (a withdrawn one only for its seller or an admin)',
    response: ticketSchema,
    handler: async ({ params, user }) => {
      const ref = ticketRef(db, params.id);
      const ticket = ref ? readTicket(await ref.get()) : null;
      if (!ticket || (ticket.status === 'withdrawn' && !canManage(user, ticket))) throw new NotFoundError('Ticket not found', TicketErrors.NOT_FOUND);
      return { body: toApiTicket(ticket, user) };
    },
  });
}
