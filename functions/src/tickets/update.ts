import {
  ConflictError,
  fromMinorUnits,
  idParamsSchema,
  priceProblem,
  ticketSchema,
  NotFoundError,
  toMinorUnits,
  updateTicketBodySchema,
  ValidationError,
} from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { assertEditable, assertManageable } from './access';
import { assertBarcodeFree, readReleasableClaim, writeBarcodeClaim } from './barcodes';
import type { TicketsConfig } from './config';
import { listingWriteLimit } from './limits';
import { TicketErrors } from './errors';
import { changeTicket } from './mutate';
import { readTicket, ticketRef, toApiTicket, type StoredTicket } from './store';

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

export function updateTicketRoute({ db, outbox, config }: Platform<TicketsConfig>) {
  const countListingWrite = listingWriteLimit(db, config);
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
      // Before any read: every edit publishes ticket.updated, and the stream is every domain's (limits.ts).
      await countListingWrite(user.id);
      const ref = ticketRef(db, params.id);
      if (!ref) throw new NotFoundError('Ticket not found', TicketErrors.NOT_FOUND);
      const updated = await outbox.transact(async (tx, emit) => {
        const ticket = assertManageable(user, readTicket(await tx.get(ref)));
        if (!isLateBarcode(body, ticket)) assertEditable(ticket, 'edit');
        if (expectedVersion !== undefined && expectedVersion !== ticket.version) {
          throw new ConflictError(`Ticket was changed: version is ${ticket.version}, not ${expectedVersion}`, TicketErrors.VERSION_MISMATCH);
        }
        const changes = toStoredChanges(body, ticket);
        const barcode = changes.barcode ?? ticket.barcode;
        const barcodeChanged = changes.barcode !== undefined && changes.barcode !== ticket.barcode;
        // The claim carries the event date (it expires with the event), so a moved event rewrites it too; every write
        // of a claim checks it first, or a date edit would take over a barcode another listing claimed meanwhile.
        const rewritesClaim = Boolean(barcode) && (barcodeChanged || changes.eventDate !== undefined);
        // Every read before the first write: the claim to write, then the old one to free.
        if (rewritesClaim) await assertBarcodeFree(db, tx, barcode!, ticket.id);
        const oldClaim = barcodeChanged && ticket.barcode ? await readReleasableClaim(db, tx, ticket.barcode, ticket.id) : null;
        if (oldClaim) tx.delete(oldClaim);
        const next = changeTicket(db, tx, emit, ticket, changes);
        if (rewritesClaim) writeBarcodeClaim(db, tx, barcode!, next);
        return next;
      });
      return { body: toApiTicket(updated, user), headers: { etag: `"${updated.version}"` } };
    },
  });
}

/**
 * A seller may add the barcode after the ticket was reserved or sold (the buyer is waiting for it), but never
 * change one the buyer may already hold.
 */
export function isLateBarcode(body: { barcode?: string }, ticket: StoredTicket): boolean {
  if (body.barcode === undefined || Object.keys(body).length !== 1) return false;
  if (ticket.status !== 'reserved' && ticket.status !== 'sold') return false;
  if (ticket.barcode) throw new ConflictError(`Cannot change the barcode of a ${ticket.status} ticket`, TicketErrors.BARCODE_LOCKED);
  return true;
}

function toStoredChanges(body: ReturnType<typeof updateTicketBodySchema.parse>, ticket: StoredTicket): Partial<StoredTicket> {
  const { price, eventDate, ...rest } = body;
  const changes: Partial<StoredTicket> = { ...rest };
  if (eventDate !== undefined) changes.eventDate = new Date(eventDate);
  const currency = body.currency ?? ticket.currency;
  if (price !== undefined || body.currency !== undefined) {
    // Decimal strings, not float arithmetic: a currency change re-reads the same amount in the new minor unit.
    const amount = price ?? fromMinorUnits(ticket.price, ticket.currency);
    const problem = priceProblem(amount, currency);
    // A price alone is judged against the stored currency (400 on price); a currency alone against the stored price.
    if (problem) throw new ValidationError([{ message: problem, field: price !== undefined ? 'price' : 'currency' }]);
    changes.price = toMinorUnits(amount, currency)!;
  }
  return changes;
}
