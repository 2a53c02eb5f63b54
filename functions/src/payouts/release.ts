import { fromStripeAmount, toStripeAmount } from '@tickethub/shared';
import type Stripe from 'stripe';
import type { PayoutsContext } from './context';
import { settledSplit } from './settled-split';
import { accountRef, payoutRef, readAccount, readPayout, releaseTaskId, type StoredPayout } from './store';
import { createTransfer, findTransfer, isRefusal, reverseTransfer, settlementOf } from './stripe-calls';

export type ReleaseOutcome = 'missing' | 'done' | 'early' | 'disputed' | 'awaiting-onboarding' | 'paid' | 'reversed' | 'refused';

type Decision =
  { kind: 'stop'; outcome: ReleaseOutcome } | { kind: 'transfer'; payout: StoredPayout; destination: string } | { kind: 'reverse'; payout: StoredPayout };

const HOUR_MS = 3_600_000;

/**
 * Releases one order's payout: the task fired (or the seller just became active). At most one transfer per order:
 * the payout is marked "transfer started" before Stripe is called, a transfer already made for the order is looked up
 * by transfer_group before a new one is made (Stripe forgets idempotency keys after 24 hours, a retry may come later),
 * the transfer's idempotency key is the payout's, and a refund that lands while the transfer is in flight is answered
 * by reversing it here. Safe to run any number of times.
 */
export async function releasePayout(ctx: PayoutsContext, orderId: string): Promise<ReleaseOutcome> {
  const { db, log } = ctx.platform;
  const ref = payoutRef(db, orderId);
  const decision = await db.runTransaction(async (tx): Promise<Decision> => {
    const payout = readPayout(await tx.get(ref));
    if (!payout) return { kind: 'stop', outcome: 'missing' };
    if (payout.status === 'cancelled' && payout.transferStartedAt && !payout.reversalId) return { kind: 'reverse', payout };
    if (payout.status !== 'held') return { kind: 'stop', outcome: 'done' };
    // An open dispute holds it whatever else is true; its closing (payment-facts.ts) lets the release run again.
    if (payout.dispute?.status === 'open') {
      if (payout.holdReason !== 'dispute') tx.update(ref, { holdReason: 'dispute', updatedAt: new Date() });
      return { kind: 'stop', outcome: 'disputed' };
    }
    // An earlier task of a payout whose event was postponed: the task of the new date will do it.
    if (payout.releaseAt.getTime() > Date.now()) return { kind: 'stop', outcome: 'early' };
    const account = readAccount(await tx.get(accountRef(db, payout.sellerId)));
    if (!account || account.status !== 'active') {
      tx.update(ref, { holdReason: 'awaiting-onboarding', updatedAt: new Date() });
      return { kind: 'stop', outcome: 'awaiting-onboarding' };
    }
    if (payout.net === 0) {
      // A 100 % fee leaves nothing to send (Stripe refuses a zero transfer): the payout is settled as it stands.
      tx.update(ref, { status: 'paid', holdReason: null, updatedAt: new Date() });
      return { kind: 'stop', outcome: 'paid' };
    }
    tx.update(ref, { transferStartedAt: payout.transferStartedAt ?? new Date(), updatedAt: new Date() });
    return { kind: 'transfer', payout, destination: account.accountId };
  });
  if (decision.kind === 'stop') return decision.outcome;
  if (decision.kind === 'reverse') return reverseOrphan(ctx, decision.payout);

  const { payout, destination } = decision;
  let transfer: Stripe.Transfer;
  try {
    transfer = (await findTransfer(ctx.stripe, payout)) ?? (await transferNet(ctx, payout, destination));
  } catch (error) {
    if (!isRefusal(error)) throw error;
    return refuse(ctx, payout, error.message);
  }

  const after = await ctx.platform.outbox.transact(async (tx, emit) => {
    const now = readPayout(await tx.get(ref))!;
    if (now.status === 'held') {
      // What left the platform, which may be another currency than the sale's (the charge's settlement currency).
      const transferred = { currency: transfer.currency, net: fromStripeAmount(transfer.amount, transfer.currency) ?? transfer.amount };
      tx.update(ref, { status: 'paid', transferId: transfer.id, transferred, holdReason: null, lastError: null, updatedAt: new Date() });
      emit('payout.paid', { id: now.id, orderId, sellerId: now.sellerId, ...transferred, transferId: transfer.id });
      return 'paid' as const;
    }
    // The order was refunded while the transfer was on its way: record it, then take it back below. A later refund
    // event may have found it by transfer_group and reversed it already.
    if (now.status === 'reversed' && now.transferId === transfer.id) return 'reversed' as const;
    if (!now.transferId) tx.update(ref, { transferId: transfer.id, updatedAt: new Date() });
    return now.status === 'cancelled' && !now.reversalId ? ('reverse' as const) : ('done' as const);
  });
  if (after === 'reverse') return reverse(ctx, { ...payout, transferId: transfer.id }, transfer.id);
  log.info('payout released', { orderId, payoutId: payout.id, transferId: transfer.id, outcome: after });
  return after;
}

/** A new transfer of the seller's share of what the charge settled in, in Stripe's representation of that currency. */
async function transferNet(ctx: PayoutsContext, payout: StoredPayout, destination: string): Promise<Stripe.Transfer> {
  const settlement = await settlementOf(ctx.stripe, payout.paymentIntentId);
  const { net } = settledSplit(payout, settlement, ctx.settings.feePercent);
  const amount = toStripeAmount(net, settlement.currency);
  // Paid again after a won dispute: the charge's funds went out once already, and what came back from the seller
  // (the claw-back's reversal) is platform balance, not the charge's, so the new transfer names no source_transaction.
  const chargeId = payout.clawedBack.length > 0 ? null : settlement.chargeId;
  return createTransfer(ctx.stripe, payout, { destination, chargeId, amount, currency: settlement.currency });
}

/** Stripe refused (e.g. the account is restricted): the payout stays held, says why, and tries again later. */
async function refuse(ctx: PayoutsContext, payout: StoredPayout, message: string): Promise<ReleaseOutcome> {
  const { db, log } = ctx.platform;
  const refusals = payout.refusals + 1;
  const retryAt = new Date(Date.now() + Math.min(ctx.settings.retrySeconds * 1000 * 2 ** (refusals - 1), HOUR_MS));
  await db.runTransaction(async (tx) => {
    const now = readPayout(await tx.get(payoutRef(db, payout.orderId)));
    if (!now || now.refusals !== payout.refusals) return; // another attempt already recorded this refusal
    tx.update(payoutRef(db, payout.orderId), {
      holdReason: 'transfer-refused',
      lastError: message,
      refusals,
      transferStartedAt: null,
      updatedAt: new Date(),
    });
  });
  await ctx.tasks.schedule(`${releaseTaskId(payout, retryAt)}-retry-${refusals}`, payout.orderId, retryAt);
  log.warn('payout transfer refused; will retry', { orderId: payout.orderId, refusals, retryAt: retryAt.toISOString(), reason: message });
  return 'refused';
}

/** Reverses a transfer for a refunded order and records it: the payout ends `reversed`. */
export async function reverse(ctx: PayoutsContext, payout: StoredPayout, transferId: string): Promise<ReleaseOutcome> {
  const { db } = ctx.platform;
  const reversalId = await reverseTransfer(ctx.stripe, payout, transferId);
  await db.runTransaction(async (tx) => {
    const now = readPayout(await tx.get(payoutRef(db, payout.orderId)));
    if (!now || now.status === 'reversed') return;
    tx.update(payoutRef(db, payout.orderId), { status: 'reversed', transferId, reversalId, holdReason: null, updatedAt: new Date() });
  });
  ctx.platform.log.info('payout reversed', { orderId: payout.orderId, transferId, reversalId });
  return 'reversed';
}

/** A release died after starting a transfer and the order was refunded since: whatever Stripe made is taken back. */
async function reverseOrphan(ctx: PayoutsContext, payout: StoredPayout): Promise<ReleaseOutcome> {
  const transfer = payout.transferId ? { id: payout.transferId } : await findTransfer(ctx.stripe, payout);
  if (!transfer) {
    await payoutRef(ctx.platform.db, payout.orderId).update({ transferStartedAt: null, updatedAt: new Date() });
    return 'done';
  }
  return reverse(ctx, payout, transfer.id);
}
