import type { DocumentSnapshot, Transaction } from '@google-cloud/firestore';
import { splitPayout, toStripeAmount } from '@tickethub/shared';
import type { EventContext, EventHandlers, HandledEvent } from '../platform/events';
import type { PayoutsContext } from './context';
import { DEBITS, ORDER_MONEY, payoutRef, readPayout, releaseTaskId, storedMoneyFactsSchema, type DisputeFact, type StoredPayout } from './store';
import { settledSplit } from './settled-split';
import { reverseTransfer, reverseTransferPart, settlementOf } from './stripe-calls';

/** The money facts of one order, as payments reported them: each only moves forward. */
export interface MoneyFacts {
  refundedAmount: number;
  dispute: DisputeFact | null;
}

const NO_FACTS: MoneyFacts = { refundedAmount: 0, dispute: null };
const RANK: Record<DisputeFact['status'], number> = { open: 0, won: 1, lost: 1 };

/** A refunded total only grows; a dispute only closes (a late opening of a closed one is ignored). */
function isNewer(current: DisputeFact | null, seen: DisputeFact): boolean {
  return current?.id !== seen.id || RANK[seen.status] > RANK[current.status];
}

export function mergeFacts(current: MoneyFacts, seen: Partial<MoneyFacts>): MoneyFacts {
  return {
    refundedAmount: Math.max(current.refundedAmount, seen.refundedAmount ?? 0),
    dispute: seen.dispute && isNewer(current.dispute, seen.dispute) ? seen.dispute : current.dispute,
  };
}

export function readFacts(snapshot: DocumentSnapshot): MoneyFacts {
  // Parsed, not cast: a damaged record fails the event (retried, then a dead letter) instead of releasing money.
  return snapshot.exists ? { ...NO_FACTS, ...storedMoneyFactsSchema.partial().parse(snapshot.data()) } : NO_FACTS;
}

export interface FactsOutcome {
  payout: StoredPayout;
  /** What the seller now owes on top (a lost dispute), in the payout's currency. */
  debit: number;
}

/**
 * Brings a payout in line with its order's money facts; Stripe is called (with keys from the payout) when money
 * already transferred must come back. A partial refund lowers `gross` to what the buyer finally paid and recomputes
 * fee and net on it (a paid payout gives back the difference); nothing left is a cancellation. An open dispute holds
 * the payout ahead of any other reason (one already paid is reversed and held again); a won one lets the release run
 * as usual; a lost one cancels or reverses it and leaves the disputed amount as the seller's debit.
 */
export async function applyFacts(ctx: PayoutsContext, payout: StoredPayout, facts: MoneyFacts): Promise<FactsOutcome> {
  let next: StoredPayout = { ...payout, updatedAt: new Date() };
  let debit = 0;
  if (facts.refundedAmount > payout.refundedAmount && (payout.status === 'held' || payout.status === 'paid')) {
    const split = splitPayout(Math.max(0, payout.gross + payout.refundedAmount - facts.refundedAmount), payout.currency, ctx.settings.feePercent);
    next = { ...next, ...split, refundedAmount: facts.refundedAmount };
    if (payout.status === 'paid' && payout.transferId) next.transferred = await reverseRefundedPart(ctx, payout, split.gross, facts.refundedAmount);
    // Everything went back: payment.refunded will say so too, but a payout of nothing must never be "paid" meanwhile.
    if (split.gross === 0 && next.status === 'held') next = { ...next, status: 'cancelled', holdReason: null };
  }
  const dispute = facts.dispute;
  if (dispute && isNewer(payout.dispute, dispute)) {
    next.dispute = dispute;
    if (dispute.status === 'open' && next.status === 'held') next.holdReason = 'dispute';
    // Paid already: the seller's share comes back now, for as long as the dispute is open (Stripe takes the disputed
    // amount from the platform at once). The payout is held again; a won dispute pays it anew, a lost one cancels it.
    if (dispute.status === 'open' && next.status === 'paid' && next.transferId) {
      const reversalId = await reverseTransfer(ctx.stripe, next, next.transferId, `dispute-${dispute.id}-reversal`);
      next = {
        ...next,
        status: 'held',
        holdReason: 'dispute',
        transferId: null,
        transferStartedAt: null,
        transferred: null,
        clawedBack: [...next.clawedBack, { transferId: next.transferId, reversalId }],
      };
    }
    if (dispute.status === 'won' && next.holdReason === 'dispute') next.holdReason = null;
    if (dispute.status === 'lost') {
      debit = dispute.amount;
      if (next.status === 'held') next = { ...next, status: 'cancelled', holdReason: null };
      else if (next.status === 'paid' && next.transferId) {
        next = { ...next, status: 'reversed', reversalId: await reverseTransfer(ctx.stripe, next, next.transferId) };
      }
    }
  }
  return { payout: next, debit };
}

/**
 * A paid payout's transfer gives back what the seller's share lost: the transfer went out in the charge's settlement
 * currency (release.ts, settled-split.ts), so the share is recomputed there, on the reduced gross, and the difference
 * reversed in Stripe's representation of that currency. Returns what the transfer now amounts to.
 */
async function reverseRefundedPart(ctx: PayoutsContext, payout: StoredPayout, gross: number, refundedTotal: number): Promise<StoredPayout['transferred']> {
  const settlement = await settlementOf(ctx.stripe, payout.paymentIntentId);
  const sent = payout.transferred?.net ?? settledSplit(payout, settlement, ctx.settings.feePercent).net;
  const keep = settledSplit({ gross }, settlement, ctx.settings.feePercent).net;
  if (sent > keep) await reverseTransferPart(ctx.stripe, payout, payout.transferId!, toStripeAmount(sent - keep, settlement.currency), refundedTotal);
  return { currency: settlement.currency, net: Math.min(sent, keep) };
}

/** Adds a debit to the seller's record, read earlier in the same transaction. */
export function recordDebit(tx: Transaction, ctx: PayoutsContext, debits: DocumentSnapshot, payout: StoredPayout, amount: number): void {
  if (amount <= 0) return;
  const owed = (debits.data()?.amounts ?? {}) as Record<string, number>;
  tx.set(ctx.platform.db.collection(DEBITS).doc(payout.sellerId), {
    amounts: { ...owed, [payout.currency]: (owed[payout.currency] ?? 0) + amount },
    updatedAt: new Date(),
  });
}

/**
 * payment.partially-refunded, payment.disputed, payment.dispute-closed: the facts are kept per order (they often come
 * before order.completed has made the payout, which then starts from them) and applied to the payout when it exists.
 */
export function moneyConsumers(ctx: PayoutsContext): Pick<EventHandlers, 'payment.partially-refunded' | 'payment.disputed' | 'payment.dispute-closed'> {
  const follow = async (orderId: string, seen: Partial<MoneyFacts>, { tx, log }: Pick<EventContext, 'tx' | 'log'>) => {
    const { db } = ctx.platform;
    const factsRef = db.collection(ORDER_MONEY).doc(orderId);
    const [factsSnap, payoutSnap] = [await tx.get(factsRef), await tx.get(payoutRef(db, orderId))];
    const [current, payout] = [readFacts(factsSnap), readPayout(payoutSnap)];
    const facts = mergeFacts(current, seen);
    if (facts.refundedAmount === current.refundedAmount && facts.dispute === current.dispute) return;
    const debits = payout ? await tx.get(db.collection(DEBITS).doc(payout.sellerId)) : null;
    tx.set(factsRef, facts);
    if (!payout || !debits) return;
    const outcome = await applyFacts(ctx, payout, facts);
    tx.set(payoutRef(db, orderId), outcome.payout);
    recordDebit(tx, ctx, debits, outcome.payout, outcome.debit);
    log.info('payout follows the payment', { orderId, status: outcome.payout.status, gross: outcome.payout.gross, dispute: facts.dispute?.status ?? null });
  };
  return {
    'payment.partially-refunded': async ({ orderId, refundedAmount }, context) => follow(orderId, { refundedAmount }, context),
    'payment.disputed': async ({ orderId, disputeId, amount }, context) => follow(orderId, { dispute: { id: disputeId, status: 'open', amount } }, context),
    'payment.dispute-closed': async ({ orderId, disputeId, amount, status }, context) =>
      follow(orderId, { dispute: { id: disputeId, status, amount } }, context),
  };
}

/**
 * After a won dispute commits: a payout whose release came while the dispute held it gets a release task of its own
 * now (its first task ran and stopped). One not yet due is released by the task it already has.
 */
export async function releaseAfterDispute(ctx: PayoutsContext, event: HandledEvent): Promise<void> {
  if (event.subject !== 'payment.dispute-closed' || event.data.status !== 'won') return;
  const payout = readPayout(await payoutRef(ctx.platform.db, event.data.orderId).get());
  if (!payout || payout.status !== 'held' || payout.dispute?.status === 'open' || payout.releaseAt.getTime() > Date.now()) return;
  await ctx.tasks.schedule(`${releaseTaskId(payout, payout.releaseAt)}-dispute-${event.data.disputeId}`, payout.orderId, new Date());
}
