import type { DocumentSnapshot, Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { storedTimestamp } from '../platform/firestore';

/** What notifications keeps of other domains' facts: addresses, listings, orders (its own replicas). */
export const USERS = 'notifications_users';
export const TICKETS = 'notifications_tickets';
export const ORDERS = 'notifications_orders';
/** One document per message, keyed by the fact it reports: the idempotency record of every e-mail. */
export const MESSAGES = 'notifications_messages';

export const userReplicaSchema = z.object({ id: z.string(), email: z.string() });
export const ticketReplicaSchema = z.object({
  id: z.string(),
  version: z.number().int().nonnegative(),
  title: z.string(),
  sellerId: z.string(),
  status: z.string(),
  barcode: z.string().nullable().default(null),
  hasFile: z.boolean().default(false),
  orderId: z.string().nullable().default(null),
});
export type TicketReplica = z.infer<typeof ticketReplicaSchema>;
export const orderReplicaSchema = z.object({ id: z.string(), userId: z.string(), ticketId: z.string() });
export type OrderReplica = z.infer<typeof orderReplicaSchema>;

export const messageStatusSchema = z.enum(['pending', 'sending', 'sent']);
export const messageSchema = z.object({
  key: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** Rendered as an inline QR code (cid) at send time. */
  barcode: z.string().nullable().default(null),
  /** A ticket file to attach, read from storage at send time. */
  fileKey: z.string().nullable().default(null),
  status: messageStatusSchema,
  attempts: z.number().int().nonnegative().default(0),
  createdAt: storedTimestamp,
});
export type StoredMessage = z.infer<typeof messageSchema>;

export function userRef(db: Firestore, id: string) {
  return db.collection(USERS).doc(id);
}
export function ticketRef(db: Firestore, id: string) {
  return db.collection(TICKETS).doc(id);
}
export function orderRef(db: Firestore, id: string) {
  return db.collection(ORDERS).doc(id);
}
export function messageRef(db: Firestore, key: string) {
  return db.collection(MESSAGES).doc(key);
}

export function readAs<T extends z.ZodType>(schema: T, snapshot: DocumentSnapshot): z.infer<T> | null {
  return snapshot.exists ? schema.parse(snapshot.data()) : null;
}
