import type { Firestore, Transaction } from '@google-cloud/firestore';
import type { Emit } from '../platform/outbox';
import { listings, ticketEventData, withDerivedFields, type StoredTicket } from './store';

/**
 * The one way a ticket changes after creation: every change bumps the version by exactly one and emits
 * ticket.updated, so the orders replica sees every version in order.
 */
export function changeTicket(db: Firestore, tx: Transaction, emit: Emit, ticket: StoredTicket, changes: Partial<StoredTicket>): StoredTicket {
  const next = withDerivedFields({ ...ticket, ...changes, version: ticket.version + 1, updatedAt: new Date() });
  tx.set(listings(db).doc(ticket.id), next);
  emit('ticket.updated', ticketEventData(next));
  return next;
}
