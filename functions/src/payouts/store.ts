import type { DocumentSnapshot, Firestore } from '@google-cloud/firestore';
import { accountStatusSchema, minorToAmount, payoutHoldReasonSchema, payoutStatusSchema, type Payout } from '@tickethub/shared';
import { z } from 'zod';
import { storedTimestamp } from '../platform/firestore';

/** One payout per order: the document id is the order id, so a redelivered order.completed meets the same document. */
export const PAYOUTS = 'payouts_payouts';
/** Each seller's connected account, by user id. */
export const ACCOUNTS = 'payouts_accounts';
/** The newest event date heard per ticket (ticket.updated), so a postponed event moves its payout's release. */
export const TICKET_DATES = 'payouts_ticket_dates';
/** Orders refunded before their payout existed: the late payout is born cancelled. */
export const REFUNDED_ORDERS = 'payouts_refunded_orders';
/** What payments reported about an order's money (refunded total, dispute), kept even before its payout exists. */
export const ORDER_MONEY = 'payouts_order_money';
/** What each seller owes (a lost dispute), per currency in minor units, by user id. */
export const DEBITS = 'payouts_debits';
/**
 * Who each connected account was created for, by account id, written when TicketHub creates it: an account is only
 * ever attached to that user (metadata on Stripe can be set by anyone with the key, or on an account made elsewhere).
 */
export const ACCOUNT_OWNERS = 'payouts_account_owners';
/** Connect webhook events handled, kept forever: Stripe may redeliver days later. */
export const STRIPE_EVENTS = 'payouts_stripe_events';

export const disputeFactSchema = z.object({ id: z.string(), status: z.enum(['open', 'won', 'lost']), amount: z.number().int() });
export type DisputeFact = z.infer<typeof disputeFactSchema>;
/** ORDER_MONEY: what payments reported about an order's money. */
export const storedMoneyFactsSchema = z.object({ refundedAmount: z.number().int().nonnegative(), dispute: disputeFactSchema.nullable() });
/** DEBITS: what a seller owes, per currency in minor units. */
export const storedDebitsSchema = z.object({ amounts: z.record(z.string(), z.number().int()), updatedAt: storedTimestamp });

export const storedPayoutSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  ticketId: z.string(),
  sellerId: z.string(),
  currency: z.string(),
  /** Integer minor units. */
  gross: z.number().int(),
  fee: z.number().int(),
  net: z.number().int(),
  paymentIntentId: z.string(),
  eventDate: storedTimestamp,
  releaseAt: storedTimestamp,
  status: payoutStatusSchema,
  holdReason: payoutHoldReasonSchema.nullable().default(null),
  lastError: z.string().nullable().default(null),
  transferId: z.string().nullable().default(null),
  /** Set while a transfer may be on its way to Stripe: a refund meanwhile must reverse it, not just cancel. */
  transferStartedAt: storedTimestamp.nullable().default(null),
  /** Refusals so far: each retry uses a fresh idempotency key (Stripe replays a saved refusal for the old one). */
  refusals: z.number().int().nonnegative().default(0),
  reversalId: z.string().nullable().default(null),
  /** Refunded to the buyer so far (minor units): `gross` is what the buyer finally paid, the sale price less this. */
  refundedAmount: z.number().int().nonnegative().default(0),
  /** The buyer's dispute as payments last reported it: an open one holds the payout. */
  dispute: disputeFactSchema.nullable().default(null),
  /** What the transfer sent: the charge's settlement currency and our minor units of it (may differ from the sale's). */
  transferred: z.object({ currency: z.string(), net: z.number().int() }).nullable().default(null),
  /**
   * Transfers taken back whole when a dispute opened on a payout already paid (the bank may take the money back for
   * months): never counted as this payout's transfer again, and a release after a won dispute makes a new one.
   */
  clawedBack: z.array(z.object({ transferId: z.string(), reversalId: z.string().nullable() })).default([]),
  createdAt: storedTimestamp,
  updatedAt: storedTimestamp,
});
export type StoredPayout = z.infer<typeof storedPayoutSchema>;

export const storedAccountSchema = z.object({
  userId: z.string(),
  accountId: z.string(),
  status: accountStatusSchema,
  payoutsEnabled: z.boolean(),
  updatedAt: storedTimestamp,
});
export type StoredAccount = z.infer<typeof storedAccountSchema>;

export function payoutRef(db: Firestore, orderId: string) {
  return db.collection(PAYOUTS).doc(orderId);
}

export function accountRef(db: Firestore, userId: string) {
  return db.collection(ACCOUNTS).doc(userId);
}

export const storedAccountOwnerSchema = z.object({ userId: z.string(), createdAt: storedTimestamp });

export function recordAccountOwner(db: Firestore, accountId: string, userId: string): Promise<unknown> {
  return db.collection(ACCOUNT_OWNERS).doc(accountId).set({ userId, createdAt: new Date() });
}

/**
 * The user TicketHub created the account for, or null for an account created elsewhere. Accounts attached before
 * owners were recorded count as their seller's.
 */
export async function accountOwner(db: Firestore, accountId: string): Promise<string | null> {
  const owner = await db.collection(ACCOUNT_OWNERS).doc(accountId).get();
  if (owner.exists) return storedAccountOwnerSchema.parse(owner.data()).userId;
  return (await db.collection(ACCOUNTS).where('accountId', '==', accountId).limit(1).get()).docs[0]?.id ?? null;
}

export function readPayout(snapshot: DocumentSnapshot): StoredPayout | null {
  return snapshot.exists ? storedPayoutSchema.parse(snapshot.data()) : null;
}

export function readAccount(snapshot: DocumentSnapshot): StoredAccount | null {
  return snapshot.exists ? storedAccountSchema.parse(snapshot.data()) : null;
}

/** When the payout of a sale for an event on `eventDate` is released: the delay gives buyers time to report a fake. */
export function releaseAtOf(eventDate: Date, delaySeconds: number): Date {
  return new Date(eventDate.getTime() + delaySeconds * 1000);
}

/** The release task's name: after the payout and its release time, so a moved date gets a task of its own. */
export function releaseTaskId(payout: Pick<StoredPayout, 'id'>, runAt: Date): string {
  return `payout-${payout.id}-${runAt.getTime()}`;
}

export function toApiPayout(payout: StoredPayout): Payout {
  const amount = (minor: number) => minorToAmount(minor, payout.currency);
  return {
    id: payout.id,
    orderId: payout.orderId,
    ticketId: payout.ticketId,
    currency: payout.currency,
    gross: amount(payout.gross),
    fee: amount(payout.fee),
    net: amount(payout.net),
    status: payout.status,
    releaseAt: payout.releaseAt.toISOString(),
    transferId: payout.transferId,
    holdReason: payout.status === 'held' ? (payout.holdReason ?? 'awaiting-release') : null,
    lastError: payout.status === 'held' ? payout.lastError : null,
    createdAt: payout.createdAt.toISOString(),
  };
}
