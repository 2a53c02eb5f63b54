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
  hold: z.object({ orderId: z.string(), expiresAt: storedTimestamp, completed: z.boolean() }).nullable().default(null),
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
    'ticket.created': async (ticket, { tx }) => {
      const ref = replicaRef(db, ticket.id);
      const current = readReplica(await tx.get(ref));
      if (strictNextVersion(current?.version, ticket.version, `ticket ${ticket.id}`) === 'stale') return;
      tx.set(ref, { ...ticket, eventDate: new Date(ticket.eventDate), orderId: null }, { merge: true });
    },
    'ticket.updated': async (ticket, { tx, emit }) => {
      const ref = replicaRef(db, ticket.id);
      const current = readReplica(await tx.get(ref));
      // v only on top of v-1: an update that overtook an earlier one is retried by the bridge until it fits.
      if (strictNextVersion(current?.version, ticket.version, `ticket ${ticket.id}`) === 'stale') return;
      // A seller withdrew the ticket while our hold was on its way to tickets: the order cannot be honoured.
      const holder = ticket.status === 'withdrawn' && current?.hold && !current.hold.completed ? await readHolder(db, tx, current.hold.orderId) : null;
      if (holder && isLive(holder)) {
        const context = await readOrderContext(db, tx, holder);
        tx.set(ref, { ...ticket, eventDate: new Date(ticket.eventDate) }, { merge: true });
        cancelOrder(db, tx, emit, { ...context, ticket: context.ticket && { ...context.ticket, hold: current!.hold } }, 'ticket-withdrawn');
        return;
      }
      tx.set(ref, { ...ticket, eventDate: new Date(ticket.eventDate) }, { merge: true });
    },
  };
}
