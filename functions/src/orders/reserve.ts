import { randomUUID } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import {
  orderSchema,
  ConflictError,
  createOrderBodySchema,
  isWellFormedId,
  MAX_OPEN_ORDERS,
  NotFoundError,
  RateLimitError,
  UnavailableError,
} from '@tickethub/shared';
import { isAborted, isAlreadyExists, isPreconditionFailed } from '../platform/firestore';
import type { Outbox } from '../platform/outbox';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import type { OrdersConfig } from './config';
import { clientIp } from '../platform/client-ip';
import { rateLimiter } from '../platform/rate-limit';
import { readReplica, replicaRef, type ReplicaTicket } from './replica';
import { buyerRef, orderRef, orderShard, readOpenHolds, toApiOrder, type StoredOrder } from './store';
import { OrderErrors } from './errors';

/** Why a ticket cannot be reserved now, or null when it can. */
function refusal(ticket: ReplicaTicket, buyerId: string, now: Date): ConflictError | null {
  if (ticket.status === 'withdrawn') return new ConflictError('Ticket has been withdrawn', OrderErrors.TICKET_WITHDRAWN);
  if (ticket.status === 'sold' || ticket.hold?.completed) return new ConflictError('Ticket is already sold', OrderErrors.TICKET_SOLD);
  if (ticket.hold && (ticket.hold.expiresAt > now || ticket.hold.paymentStarted))
    return new ConflictError('Ticket is already reserved', OrderErrors.TICKET_RESERVED);
  if (ticket.eventDate <= now) return new ConflictError('The event has already taken place', OrderErrors.PAST_EVENT);
  if (ticket.sellerId === buyerId) return new ConflictError('You cannot buy your own ticket', OrderErrors.OWN_TICKET);
  return null;
}

/** orders' own counters: reservation attempts per buyer and per client address. */
export const ORDERS_RATE_LIMITS = 'orders_rate_limits';

export function reserveRoute({ db, outbox, config }: Platform<OrdersConfig>) {
  const limiter = rateLimiter(db, ORDERS_RATE_LIMITS);
  return defineRoute({
    method: 'POST',
    path: '/api/orders',
    access: 'user',
    body: createOrderBodySchema,
    summary: 'Reserve a ticket: creates an order that holds it until expiresAt',
    response: orderSchema,
    handler: async ({ body, user, req }) => {
      const buyer = user;
      // Every attempt counts, refused ones too: holding tickets hostage and probing for them are both attempts.
      await Promise.all([
        limiter.hit('reserve-user', buyer.id, config.RATE_LIMIT_RESERVATIONS_PER_USER, 'Too many reservations, try again later'),
        limiter.hit('reserve-ip', clientIp(req, config), config.RATE_LIMIT_RESERVATIONS_PER_IP, 'Too many reservations from this address, try again later'),
      ]);
      if (!isWellFormedId(body.ticketId)) throw new NotFoundError('Ticket not found', OrderErrors.TICKET_NOT_FOUND);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          const order = await tryReserve(db, outbox, body.ticketId, buyer.id, config.ORDER_EXPIRATION_SECONDS);
          return { status: 201, body: toApiOrder(order) };
        } catch (error) {
          // Someone changed the ticket or this buyer's holds since we read them: read again and decide again.
          if (!isPreconditionFailed(error) && !isAlreadyExists(error) && !isAborted(error)) throw error;
        }
      }
      throw new UnavailableError('The ticket is in high demand: try again');
    },
  });
}

/** Enough for one buyer's own concurrent requests to take their turns on the buyer document. */
const MAX_ATTEMPTS = 25;

/**
 * One attempt: read the ticket's document and the buyer's, decide, then commit a batch whose preconditions
 * say "only if neither changed since": of many buyers racing for one ticket exactly one commit succeeds,
 * and nobody waits on a lock.
 */
async function tryReserve(db: Firestore, outbox: Outbox, ticketId: string, buyerId: string, holdSeconds: number): Promise<StoredOrder> {
  const ticketDoc = replicaRef(db, ticketId);
  const buyerDoc = buyerRef(db, buyerId);
  const [ticketSnap, buyerSnap] = await Promise.all([ticketDoc.get(), buyerDoc.get()]);
  const ticket = readReplica(ticketSnap);
  if (!ticket) throw new NotFoundError('Ticket not found', OrderErrors.TICKET_NOT_FOUND);
  const now = new Date();
  const refused = refusal(ticket, buyerId, now);
  if (refused) throw refused;
  const openHolds = readOpenHolds(buyerSnap, now);
  if (openHolds.length >= MAX_OPEN_ORDERS) {
    const soonest = Math.min(...openHolds.map((hold) => hold.expiresAt.getTime()));
    throw new RateLimitError((soonest - now.getTime()) / 1000, `You already hold ${MAX_OPEN_ORDERS} reservations: pay for or cancel one first`);
  }

  const expiresAt = new Date(now.getTime() + holdSeconds * 1000);
  const id = randomUUID();
  const order: StoredOrder = {
    id,
    userId: buyerId,
    status: 'created',
    expiresAt,
    ticket: { id: ticket.id, title: ticket.title, price: ticket.price, currency: ticket.currency },
    cancelReason: null,
    version: 0,
    paymentIntentId: null,
    refundIds: [],
    refundedAmount: 0,
    dispute: null,
    shard: orderShard(id),
    createdAt: now,
    updatedAt: now,
  };
  return outbox.commit((batch, emit) => {
    batch.update(ticketDoc, { hold: { orderId: order.id, expiresAt, completed: false } }, { lastUpdateTime: ticketSnap.updateTime! });
    const open = { open: [...openHolds, { orderId: order.id, expiresAt }] };
    if (buyerSnap.exists) batch.update(buyerDoc, open, { lastUpdateTime: buyerSnap.updateTime! });
    else batch.create(buyerDoc, open);
    batch.create(orderRef(db, order.id)!, order);
    emit('order.created', {
      id: order.id,
      version: 0,
      status: 'created',
      userId: buyerId,
      expiresAt: expiresAt.toISOString(),
      ticket: { id: ticket.id, price: ticket.price, currency: ticket.currency },
    });
    return order;
  });
}
