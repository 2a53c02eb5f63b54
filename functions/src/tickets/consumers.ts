import type { Firestore, Transaction } from '@google-cloud/firestore';
import type { EventHandlers } from '../platform/events';
import type { Platform } from '../platform/platform';
import { newerVersion } from '../platform/versions';
import { changeTicket } from './mutate';
import type { Logger } from '../platform/logger';
import { inspectTicket, ORDERS_SEEN, ticketRef, type StoredTicket } from './store';

type OrderStage = 'created' | 'cancelled' | 'completed';

interface OrderEventRead {
  /** The listing the order is for; null when unknown or unreadable (logged: redelivering could never fix it). */
  ticket: StoredTicket | null;
  /**
   * Records this version of the order as seen, or says it is stale. Tickets hears only some of an order's versions,
   * so "newer than seen" is the rule: a cancel that overtook its create makes the late create stale.
   */
  see(stage: OrderStage): boolean;
}

/**
 * The listing and what tickets has seen of the order, in one read: each round trip to Firestore is paid by every
 * event while an on-sale queues them, so the two documents come back together.
 */
async function readForOrder(
  db: Firestore,
  tx: Transaction,
  order: { id: string; version: number; ticket: { id: string } },
  log: Logger,
): Promise<OrderEventRead> {
  const seenRef = db.collection(ORDERS_SEEN).doc(order.id);
  const listingRef = ticketRef(db, order.ticket.id);
  const [seenSnap, listingSnap] = await tx.getAll(seenRef, ...(listingRef ? [listingRef] : []));
  const read = listingSnap ? inspectTicket(listingSnap) : ({ kind: 'missing' } as const);
  if (read.kind === 'unreadable') log.error('event for an unreadable listing', { ticketId: read.id, problems: read.problems });
  const seen = seenSnap!.data() as { version: number } | undefined;
  return {
    ticket: read.kind === 'ok' ? read.ticket : null,
    see(stage) {
      if (newerVersion(seen?.version, order.version) === 'stale') return false;
      tx.set(seenRef, { version: order.version, stage, updatedAt: new Date() });
      return true;
    },
  };
}

export function ticketConsumers({ db }: Platform): EventHandlers {
  return {
    'order.created': async (order, { tx, emit, log }) => {
      const { ticket, see } = await readForOrder(db, tx, order, log);
      if (!see('created')) return;
      if (!ticket) return log.warn('order.created for an unknown ticket', { orderId: order.id, ticketId: order.ticket.id });
      if (ticket.orderId === order.id) return;
      // Orders grants a hold only when the previous one has expired (expiry is lazy there), so a newer order may
      // take over a reservation whose time is up; an older order.created arriving late cannot.
      const previousHoldOver =
        ticket.status === 'reserved' &&
        ticket.reservedUntil !== null &&
        ticket.reservedUntil <= new Date(order.expiresAt) &&
        ticket.reservedUntil <= new Date();
      if (ticket.status !== 'available' && !previousHoldOver) {
        // Withdrawn meanwhile (orders cancels the order when it sees our ticket.updated), or a stale create.
        return log.warn('order.created for a ticket that is not available', { orderId: order.id, ticketId: ticket.id, status: ticket.status });
      }
      changeTicket(db, tx, emit, ticket, { status: 'reserved', orderId: order.id, reservedUntil: new Date(order.expiresAt) });
    },
    'order.cancelled': async (order, { tx, emit, log }) => {
      const { ticket, see } = await readForOrder(db, tx, order, log);
      if (!see('cancelled')) return;
      // Only the order that holds the ticket may release it: a late cancel of an older order changes nothing.
      if (ticket?.status === 'reserved' && ticket.orderId === order.id)
        changeTicket(db, tx, emit, ticket, { status: 'available', orderId: null, reservedUntil: null });
    },
    'order.completed': async (order, { tx, emit, log }) => {
      const { ticket, see } = await readForOrder(db, tx, order, log);
      if (!see('completed')) return;
      if (!ticket || ticket.status === 'sold') return;
      // Withdrawn while the order was being paid (tickets still saw it available): orders cancels and refunds that
      // order when our ticket.updated reaches it, so the ticket stays withdrawn and is never sold.
      if (ticket.status === 'withdrawn') return log.warn('order.completed for a withdrawn ticket: left withdrawn', { orderId: order.id, ticketId: ticket.id });
      // Orders completes only the order that holds the ticket there, so its word wins over our copy of the hold,
      // which may still name an expired order whose cancel has not arrived yet.
      if (ticket.orderId !== null && ticket.orderId !== order.id)
        log.warn('order.completed replaces an older hold', { orderId: order.id, ticketId: ticket.id, heldBy: ticket.orderId });
      changeTicket(db, tx, emit, ticket, { status: 'sold', orderId: order.id, reservedUntil: null });
    },
  };
}
