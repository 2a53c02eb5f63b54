import { createHash } from 'node:crypto';
import type { Firestore, Transaction } from '@google-cloud/firestore';
import { AppError, normalizeBarcode } from '@tickethub/shared';
import { storedTimestamp } from '../platform/firestore';
import { z } from 'zod';
import { TicketErrors } from './errors';
import type { StoredTicket } from './store';

/**
 * One document per barcode in use, keyed by a hash of the normalized code: claiming it in the same transaction
 * that stores the listing makes a barcode unique across every seller's live listings, also under concurrency
 * (two transactions that both saw no claim cannot both commit).
 */
export const BARCODES = 'tickets_barcodes';

const claimSchema = z.object({ ticketId: z.string(), sellerId: z.string(), eventDate: storedTimestamp });
type Claim = z.infer<typeof claimSchema>;

export function barcodeKey(barcode: string): string {
  return createHash('sha256').update(normalizeBarcode(barcode)).digest('hex');
}

function claimRef(db: Firestore, barcode: string) {
  return db.collection(BARCODES).doc(barcodeKey(barcode));
}

/** A claim holds while its listing is live: not withdrawn (the claim is deleted then) and its event not yet passed. */
export function claimHolds(claim: Claim | null, ticketId: string, now = new Date()): boolean {
  return claim !== null && claim.ticketId !== ticketId && claim.eventDate > now;
}

export class BarcodeInUseError extends AppError {
  constructor() {
    const message = 'This barcode is already listed';
    super(409, TicketErrors.BARCODE_IN_USE, message, [{ message, field: 'barcode', code: TicketErrors.BARCODE_IN_USE }]);
  }
}

/** Reads the claim (transactions read before they write); 409 on `barcode` when another live listing holds it. */
export async function assertBarcodeFree(db: Firestore, tx: Transaction, barcode: string, ticketId: string): Promise<void> {
  const snapshot = await tx.get(claimRef(db, barcode));
  const claim = snapshot.exists ? claimSchema.safeParse(snapshot.data()) : null;
  if (claimHolds(claim?.success ? claim.data : null, ticketId)) throw new BarcodeInUseError();
}

/** Writes the claim for `ticket`; call after every read of the transaction. */
export function writeBarcodeClaim(db: Firestore, tx: Transaction, barcode: string, ticket: Pick<StoredTicket, 'id' | 'sellerId' | 'eventDate'>): void {
  tx.set(claimRef(db, barcode), { ticketId: ticket.id, sellerId: ticket.sellerId, eventDate: ticket.eventDate, claimedAt: new Date() });
}

/** Frees the claim only if it is this listing's: a withdrawn listing must not free another's barcode. */
export async function readReleasableClaim(db: Firestore, tx: Transaction, barcode: string, ticketId: string) {
  const ref = claimRef(db, barcode);
  const snapshot = await tx.get(ref);
  return snapshot.exists && snapshot.data()?.ticketId === ticketId ? ref : null;
}
