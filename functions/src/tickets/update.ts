import {
  ConflictError,
  fromMinorUnits,
  idParamsSchema,
  ticketSchema,
  NotFoundError,
  toMinorUnits,
  updateTicketBodySchema,
  ValidationError,
} from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { assertEditable, assertManageable } from './access';
import { changeTicket } from './mutate';
import { readTicket, ticketRef, toApiTicket, type StoredTicket } from './store';
import { TicketErrors } from './errors';

/** `If-Match: 3` (quotes tolerated, as ETags have them); absent → no version check. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = String(header)
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (!/^\d{1,9}$/.test(value)) throw new ValidationError([{ message: 'If-Match must be the ticket version, an integer', field: 'If-Match' }]);
  return Number(value);
}

export function updateTicketRoute({ db, outbox }: Platform) {
  return defineRoute({
    method: 'PUT',
    path: '/api/tickets/:id',
    access: 'user',
    params: idParamsSchema,
    body: updateTicketBodySchema,
    summary: 'Edit an available ticket (seller or admin); optional If-Match: <version>',
    response: ticketSchema,
    handler: async ({ params, body, user, req }) => {
      const expectedVersion = parseIfMatch(req.headers['if-match']);
      const ref = ticketRef(db, params.id);
      if (!ref) throw new NotFoundError('Ticket not found', TicketErrors.NOT_FOUND);
      const updated = await outbox.transact(async (tx, emit) => {
        const ticket = assertManageable(user, readTicket(await tx.get(ref)));
        assertEditable(ticket, 'edit');
        if (expectedVersion !== undefined && expectedVersion !== ticket.version) {
          throw new ConflictError(`Ticket was changed: version is ${ticket.version}, not ${expectedVersion}`, TicketErrors.VERSION_MISMATCH);
        }
        return changeTicket(db, tx, emit, ticket, toStoredChanges(body, ticket));
      });
      return { body: toApiTicket(updated), headers: { etag: `"${updated.version}"` } };
    },
  });
}

function toStoredChanges(body: ReturnType<typeof updateTicketBodySchema.parse>, ticket: StoredTicket): Partial<StoredTicket> {
  const { price, eventDate, ...rest } = body;
  const changes: Partial<StoredTicket> = { ...rest };
  if (eventDate !== undefined) changes.eventDate = new Date(eventDate);
  const currency = body.currency ?? ticket.currency;
  if (price !== undefined || body.currency !== undefined) {
    // Decimal strings, not float arithmetic: a currency change re-reads the same amount in the new minor unit.
    const minor = toMinorUnits(price ?? fromMinorUnits(ticket.price, ticket.currency), currency);
    if (minor === null) throw new ValidationError([{ message: 'Price must fit the currency’s minor unit', field: 'price' }]);
    changes.price = minor;
  }
  return changes;
}
