import { ConflictError, ForbiddenError, NotFoundError } from '@tickethub/shared';
import type { CurrentUser } from '../platform/session';
import type { StoredTicket } from './store';
import { TicketErrors } from './errors';

export function canManage(user: CurrentUser | null, ticket: StoredTicket): boolean {
  return Boolean(user && (user.role === 'admin' || user.id === ticket.sellerId));
}

/** 404 before 403: a ticket that does not exist says nothing about permissions. */
export function assertManageable(user: CurrentUser | null, ticket: StoredTicket | null): StoredTicket {
  if (!ticket) throw new NotFoundError('Ticket not found', TicketErrors.NOT_FOUND);
  if (!canManage(user, ticket)) throw new ForbiddenError('Only the seller or an admin may change this ticket', TicketErrors.NOT_OWNER);
  return ticket;
}

export function assertEditable(ticket: StoredTicket, action: 'edit' | 'withdraw'): void {
  if (ticket.status === 'available') return;
  if (action === 'withdraw' && ticket.status === 'withdrawn') return;
  throw new ConflictError(`Cannot ${action} a ${ticket.status} ticket`, `TICKETS.${ticket.status.toUpperCase()}`);
}
