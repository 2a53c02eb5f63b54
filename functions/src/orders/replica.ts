import type { DocumentSnapshot, Firestore, Transaction } from '@google-cloud/firestore';
import { storedTimestamp } from '../platform/firestore';
import { ticketStatusSchema } from '@tickethub/shared';
import { z } from 'zod';
import type { EventHandlers } from '../platform/events';
import type { Platform } from '../platform/platform';
import { strictNextVersion } from '../platform/versions';
import { cancelOrder, readOrderContext } from './lifecycle';
import { isLive, orderRef, readOrder } from './store';

async function readHolder(db: Firestore, tx: Transaction, orderId: string) {
  const ref = orderRef(db, orderId);
  return ref ? readOrder(await tx.get(ref)) : null;
}

/**
 * Orders' own copy of each ticket, fed by ticket.created / ticket.updated. The same document is where a
 * reservation is taken (issue: orders), so the replica fields and the hold live on one document.
 */
export const TICKET_REPLICA = 'orders_tickets';

export const replicaTicketSchema = z.object({
  id: z.string(),
  version: z.number().int().nonnegative(),
  title: z.string(),
  price: z.number().int().positive(),
  currency: z.string(),
  sellerId: z.string(),
  eventDate: storedTimestamp,
  status: ticketStatusSchema,
  orderId: z.string().nullable(),
  /** The reservation, taken here in one transaction per ticket: only a live hold blocks another buyer. */
  hold: z
    .object({
      orderId: z.string(),
      expiresAt: storedTimestamp,
      completed: z.boolean(),
      /** A payment was started: the hold outlives expiresAt until Stripe says the payment cannot succeed. */
      paymentStarted: z.boolean().default(false),
    })
    .nullable()
    .default(null),
  /** Private to the buyer of the complete order (GET /api/orders/:id/ticket); never on an order read. */
  barcode: z.string().nullable().default(null),
  hasFile: z.boolean().default(false),
});
export type ReplicaTicket = z.infer<typeof replicaTicketSchema>;

export function replicaRef(db: Firestore, ticketId: string) {
  return db.collection(TICKET_REPLICA).doc(ticketId);
}

export function readReplica(snapshot: DocumentSnapshot): ReplicaTicket | null {
  return snapshot.exists ? replicaTicketSchema.parse(snapshot.data()) : null;
}

export function ticketReplicaConsumers({ db }: Platform): EventHandlers {
  return {
    'ticket.created': async (ticket, { tx, event }) => {
      const ref = replicaRef(db, ticket.id);
      const current = readReplica(await tx.get(ref));
      if (strictNextVersion(current?.version, ticket.version, `ticket ${ticket.id}`, { emittedAt: event.time }) === 'stale') return;
      tx.set(ref, { ...ticket, eventDate: new Date(ticket.eventDate), orderId: null }, { merge: true });
    },
    'ticket.updated': async (ticket, { tx, emit, event, log }) => {
      const ref = replicaRef(db, ticket.id);
      const current = readReplica(await tx.get(ref));
      // v only on top of v-1: an update that overtook an earlier one waits for it. Each ticket event carries the
      // whole ticket, so once the wait is over (a predecessor lost for good) it is applied as a snapshot.
      if (strictNextVersion(current?.version, ticket.version, `ticket ${ticket.id}`, { emittedAt: event.time }) === 'stale') return;
      if (current && ticket.version > current.version + 1)
        log.warn('replica healed from a snapshot over a version gap', { ticketId: ticket.id, from: current.version, to: ticket.version });
      // The seller withdrew or re-priced the ticket while our hold was on its way to tickets (tickets saw it available,
      // so the seller got no 409): the order cannot be honoured as shown. It is cancelled with `ticket-withdrawn`;
      // a paid one too (payments refunds it on order.cancelled), so a withdrawn ticket is never sold. A completed
      // order survives a mere edit: the buyer paid exactly the price their order shows.
      const hold = current?.hold ?? null;
      const withdrawn = ticket.status === 'withdrawn';
      const repriced = current !== null && (ticket.price !== current.price || ticket.currency !== current.currency);
      const holder = hold && (withdrawn || (repriced && !hold.completed)) ? await readHolder(db, tx, hold.orderId) : null;
      if (holder && (isLive(holder) || (withdrawn && holder.status === 'complete'))) {
        const context = await readOrderContext(db, tx, holder);
        tx.set(ref, { ...ticket, eventDate: new Date(ticket.eventDate) }, { merge: true });
        cancelOrder(db, tx, emit, { ...context, ticket: context.ticket && { ...context.ticket, hold } }, 'ticket-withdrawn');
        return;
      }
      tx.set(ref, { ...ticket, eventDate: new Date(ticket.eventDate) }, { merge: true });
    },
  };
}
