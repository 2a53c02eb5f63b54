import type { DocumentSnapshot, Firestore } from '@google-cloud/firestore';
import { storedTimestamp } from '../platform/firestore';
import { AppError, categorySchema, isWellFormedId, minorToAmount, ticketStatusSchema, ticketUpdatedSchema, type Ticket } from '@tickethub/shared';
import { z } from 'zod';
import { TicketErrors } from './errors';
import type { CurrentUser } from '../platform/session';
import { cityKey, searchTerms } from './search-terms';

export const LISTINGS = 'tickets_listings';
/** What tickets knows of each order that touched one of its tickets: the newest version seen. */
export const ORDERS_SEEN = 'tickets_orders';

export const storedTicketSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  category: categorySchema,
  venue: z.string(),
  city: z.string(),
  cityKey: z.string(),
  eventDate: storedTimestamp,
  price: z.number().int().positive(),
  currency: z.string(),
  sellerId: z.string(),
  status: ticketStatusSchema,
  orderId: z.string().nullable(),
  /** The holding order's expiresAt: after it, orders may grant the ticket to a newer order. */
  reservedUntil: storedTimestamp.nullable().default(null),
  version: z.number().int().nonnegative(),
  createdAt: storedTimestamp,
  updatedAt: storedTimestamp,
  searchTerms: z.array(z.string()),
  /** Private: only the seller sees its last four characters; the buyer gets it through orders after paying. */
  barcode: z.string().nullable().default(null),
  /** The ticket file (PDF) is in storage under `ticketFileKey(id)`. */
  hasFile: z.boolean().default(false),
});
export type StoredTicket = z.infer<typeof storedTicketSchema>;

export function listings(db: Firestore) {
  return db.collection(LISTINGS);
}

/** A malformed id is an unknown id: null, so the caller answers 404. */
export function ticketRef(db: Firestore, id: string) {
  return isWellFormedId(id) ? listings(db).doc(id) : null;
}

/**
 * A stored listing that no longer parses (written by older code, or by hand). It must never turn a list or a page
 * into a 500 for everyone: lists skip it, its own reads answer this 409, and an admin can still withdraw it.
 */
export class UnreadableTicketError extends AppError {
  constructor(readonly ticketId: string) {
    super(409, TicketErrors.UNREADABLE, 'This listing’s stored data is damaged and cannot be shown; an admin can withdraw it');
  }
}

export type TicketRead =
  { kind: 'missing' } | { kind: 'ok'; ticket: StoredTicket } | { kind: 'unreadable'; id: string; raw: Record<string, unknown>; problems: string[] };

/** Reads without throwing: the caller decides whether a damaged document is skipped, reported or repaired. */
export function inspectTicket(snapshot: DocumentSnapshot): TicketRead {
  if (!snapshot.exists) return { kind: 'missing' };
  const raw = snapshot.data() ?? {};
  const parsed = storedTicketSchema.safeParse(raw);
  if (parsed.success) return { kind: 'ok', ticket: parsed.data };
  return { kind: 'unreadable', id: snapshot.id, raw, problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}

/** The ticket, null when there is none, or UnreadableTicketError (a 409, never a 500) when it no longer parses. */
export function readTicket(snapshot: DocumentSnapshot): StoredTicket | null {
  const read = inspectTicket(snapshot);
  if (read.kind === 'unreadable') throw new UnreadableTicketError(read.id);
  return read.kind === 'ok' ? read.ticket : null;
}

/** The event an admin's withdrawal of a damaged listing emits, when its stored fields still make one. */
export function withdrawnEventOf(raw: Record<string, unknown>, id: string, version: number) {
  const eventDate = raw.eventDate as { toDate?: () => Date } | undefined;
  const candidate = { ...raw, id, version, status: 'withdrawn', orderId: raw.orderId ?? null, eventDate: eventDate?.toDate?.().toISOString() };
  const parsed = ticketUpdatedSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** Derived fields kept beside the ticket so that search and city filters are index lookups. */
export function withDerivedFields<T extends Pick<StoredTicket, 'title' | 'venue' | 'city'>>(ticket: T): T & Pick<StoredTicket, 'cityKey' | 'searchTerms'> {
  return { ...ticket, cityKey: cityKey(ticket.city), searchTerms: searchTerms(ticket.title, ticket.venue, ticket.city) };
}

/** `viewer` decides the private fields: the barcode's hint and the file flag go to the seller and admins only. */
export function toApiTicket(ticket: StoredTicket, viewer: CurrentUser | null = null): Ticket {
  const privileged = Boolean(viewer && (viewer.role === 'admin' || viewer.id === ticket.sellerId));
  return {
    id: ticket.id,
    title: ticket.title,
    description: ticket.description,
    category: ticket.category,
    venue: ticket.venue,
    city: ticket.city,
    eventDate: ticket.eventDate.toISOString(),
    price: minorToAmount(ticket.price, ticket.currency),
    currency: ticket.currency,
    sellerId: ticket.sellerId,
    status: ticket.status,
    // Never orderId: who holds a ticket is private (API.md, Tickets). Only ticket.updated carries it, for orders.
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    ...(privileged ? { hasFile: ticket.hasFile, ...(ticket.barcode ? { barcodeHint: `…${ticket.barcode.slice(-4)}` } : {}) } : {}),
  };
}

/** The payload of ticket.created / ticket.updated: the fields the orders replica needs. */
export function ticketEventData(ticket: StoredTicket) {
  return {
    id: ticket.id,
    version: ticket.version,
    title: ticket.title,
    price: ticket.price,
    currency: ticket.currency,
    sellerId: ticket.sellerId,
    eventDate: ticket.eventDate.toISOString(),
    status: ticket.status,
    orderId: ticket.orderId,
    barcode: ticket.barcode,
    hasFile: ticket.hasFile,
  };
}
