import { randomUUID } from 'node:crypto';
import { createTicketBodySchema, ticketSchema, toMinorUnits } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { assertBarcodeFree, writeBarcodeClaim } from './barcodes';
import type { TicketsConfig } from './config';
import { listingWriteLimit } from './limits';
import { listings, ticketEventData, toApiTicket, withDerivedFields, type StoredTicket } from './store';

export function createTicketRoute({ db, outbox, config }: Platform<TicketsConfig>) {
  const countListingWrite = listingWriteLimit(db, config);
  return defineRoute({
    method: 'POST',
    path: '/api/tickets',
    access: 'user',
    body: createTicketBodySchema,
    summary: 'List a ticket for sale',
    response: ticketSchema,
    handler: async ({ body, user }) => {
      await countListingWrite(user.id);
      const now = new Date();
      const ticket: StoredTicket = withDerivedFields({
        id: randomUUID(),
        title: body.title,
        description: body.description,
        category: body.category,
        venue: body.venue,
        city: body.city,
        eventDate: new Date(body.eventDate),
        // The schema already judged the price against its currency (decimals, Stripe's step and minimum): exact.
        price: toMinorUnits(body.price, body.currency)!,
        currency: body.currency,
        sellerId: user.id,
        status: 'available' as const,
        orderId: null,
        reservedUntil: null,
        version: 0,
        createdAt: now,
        updatedAt: now,
        barcode: body.barcode ?? null,
        hasFile: false,
      });
      await outbox.transact(async (tx, emit) => {
        if (ticket.barcode) await assertBarcodeFree(db, tx, ticket.barcode, ticket.id);
        tx.create(listings(db).doc(ticket.id), ticket);
        if (ticket.barcode) writeBarcodeClaim(db, tx, ticket.barcode, ticket);
        const { orderId: _orderId, ...created } = ticketEventData(ticket);
        emit('ticket.created', created);
      });
      return { status: 201, body: toApiTicket(ticket, user) };
    },
  });
}
