import { randomUUID } from 'node:crypto';
import { ConflictError, createOrderBodySchema, isWellFormedId, MAX_OPEN_ORDERS, NotFoundError, RateLimitError } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { readReplica, replicaRef, type ReplicaTicket } from './replica';
import { buyerRef, orderRef, readOpenHolds, toApiOrder, type StoredOrder } from './store';

/** Why a ticket cannot be reserved now, or null when it can. */
function refusal(ticket: ReplicaTicket, buyerId: string, now: Date): ConflictError | null {
  if (ticket.status === 'withdrawn') return new ConflictError('Ticket has been withdrawn', 'ORDERS.TICKET_WITHDRAWN');
  if (ticket.status === 'sold' || ticket.hold?.completed) return new ConflictError('Ticket is already sold', 'ORDERS.TICKET_SOLD');
  if (ticket.hold && ticket.hold.expiresAt > now) return new ConflictError('Ticket is already reserved', 'ORDERS.TICKET_RESERVED');
  if (ticket.eventDate <= now) return new ConflictError('The event has already taken place', 'ORDERS.PAST_EVENT');
  if (ticket.sellerId === buyerId) return new ConflictError('You cannot buy your own ticket', 'ORDERS.OWN_TICKET');
  return null;
}

export function reserveRoute({ db, outbox, config }: Platform) {
  return defineRoute({
    method: 'POST',
    path: '/api/orders',
    access: 'user',
    body: createOrderBodySchema,
    summary: 'Reserve a ticket: creates an order that holds it until expiresAt',
    handler: async ({ body, user }) => {
      if (!isWellFormedId(body.ticketId)) throw new NotFoundError('Ticket not found', 'ORDERS.TICKET_NOT_FOUND');
      const buyer = user!;
      const order = await outbox.transact(async (tx, emit) => {
        // The whole reservation is one transaction on the ticket's own document (and the buyer's): two buyers
        // racing for one ticket conflict on it, and Firestore lets exactly one of them commit.
        const ticketDoc = replicaRef(db, body.ticketId);
        const [ticketSnap, buyerSnap] = await Promise.all([tx.get(ticketDoc), tx.get(buyerRef(db, buyer.id))]);
        const ticket = readReplica(ticketSnap);
        if (!ticket) throw new NotFoundError('Ticket not found', 'ORDERS.TICKET_NOT_FOUND');
        const now = new Date();
        const refused = refusal(ticket, buyer.id, now);
        if (refused) throw refused;
        const openHolds = readOpenHolds(buyerSnap, now);
        if (openHolds.length >= MAX_OPEN_ORDERS) {
          const soonest = Math.min(...openHolds.map((hold) => hold.expiresAt.getTime()));
          throw new RateLimitError((soonest - now.getTime()) / 1000, `You already hold ${MAX_OPEN_ORDERS} reservations: pay for or cancel one first`);
        }

        const expiresAt = new Date(now.getTime() + config.ORDER_EXPIRATION_SECONDS * 1000);
        const created: StoredOrder = {
          id: randomUUID(),
          userId: buyer.id,
          status: 'created',
          expiresAt,
          ticket: { id: ticket.id, title: ticket.title, price: ticket.price, currency: ticket.currency },
          cancelReason: null,
          version: 0,
          paymentIntentId: null,
          refundIds: [],
          createdAt: now,
          updatedAt: now,
        };
        tx.create(orderRef(db, created.id)!, created);
        tx.update(ticketDoc, { hold: { orderId: created.id, expiresAt, completed: false } });
        tx.set(buyerRef(db, buyer.id), { open: [...openHolds, { orderId: created.id, expiresAt }] });
        emit('order.created', {
          id: created.id,
          version: 0,
          status: 'created',
          userId: buyer.id,
          expiresAt: expiresAt.toISOString(),
          ticket: { id: ticket.id, price: ticket.price, currency: ticket.currency },
        });
        return created;
      });
      return { status: 201, body: toApiOrder(order) };
    },
  });
}
