import { randomUUID } from 'node:crypto';
import { splitPayout } from '@tickethub/shared';
import type { EventContext, EventHandlers } from '../platform/events';
import { newerVersion } from '../platform/versions';
import type { PayoutsContext } from './context';
import { applyFacts, moneyConsumers, readFacts, recordDebit } from './payment-facts';
import { DEBITS, ORDER_MONEY, PAYOUTS, payoutRef, readPayout, REFUNDED_ORDERS, releaseAtOf, releaseTaskId, TICKET_DATES, type StoredPayout } from './store';
import { findTransfer, reverseTransfer } from './stripe-calls';

/**
 * Payouts' subscriptions. order.completed carries everything a payout needs (seller, price, event date, intent), so
 * payouts never reads another domain's collections; ticket.updated moves the release when an event is postponed;
 * a refund (order.refunded from the admin route, payment.refunded from any refund) cancels or reverses; partial
 * refunds and disputes (payment-facts.ts) reduce, hold, cancel or reverse it. The release
 * tasks for a new or moved payout are created once this has committed (schedule-releases.ts).
 */
export function payoutConsumers(ctx: PayoutsContext): EventHandlers {
  const { db } = ctx.platform;
  const { feePercent, delaySeconds } = ctx.settings;

  return {
    'order.completed': async (order, { tx, log }) => {
      const { price, currency, sellerId, eventDate } = order.ticket;
      if (!price || !currency || !sellerId || !eventDate || !order.paymentIntentId) {
        return log.error('order.completed without the sale facts: no payout', { orderId: order.id });
      }
      const ref = payoutRef(db, order.id);
      const [existing, refunded, dated, facts, debits] = [
        await tx.get(ref),
        await tx.get(db.collection(REFUNDED_ORDERS).doc(order.id)),
        await tx.get(db.collection(TICKET_DATES).doc(order.ticket.id)),
        await tx.get(db.collection(ORDER_MONEY).doc(order.id)),
        await tx.get(db.collection(DEBITS).doc(sellerId)),
      ];
      if (existing.exists) return; // one payout per order, however often the event comes
      // A postponement heard before this sale's event (consumers run independently) still counts.
      const date = dated.exists ? (dated.data()!.eventDate.toDate() as Date) : new Date(eventDate);
      const now = new Date();
      const payout: StoredPayout = {
        id: randomUUID(),
        orderId: order.id,
        ticketId: order.ticket.id,
        sellerId,
        currency,
        ...splitPayout(price, currency, feePercent),
        paymentIntentId: order.paymentIntentId,
        eventDate: date,
        releaseAt: releaseAtOf(date, delaySeconds),
        status: refunded.exists ? 'cancelled' : 'held',
        holdReason: null,
        lastError: null,
        transferId: null,
        transferStartedAt: null,
        refusals: 0,
        reversalId: null,
        refundedAmount: 0,
        dispute: null,
        transferred: null,
        clawedBack: [],
        createdAt: now,
        updatedAt: now,
      };
      // A partial refund or a dispute heard before this sale (payments reports them straight away) still counts.
      const outcome = await applyFacts(ctx, payout, readFacts(facts));
      tx.create(ref, outcome.payout);
      recordDebit(tx, ctx, debits, outcome.payout, outcome.debit);
    },

    'ticket.updated': async (ticket, { tx }) => {
      const datedRef = db.collection(TICKET_DATES).doc(ticket.id);
      const dated = await tx.get(datedRef);
      if (newerVersion(dated.data()?.version as number | undefined, ticket.version) === 'stale') return;
      const held = await tx.get(db.collection(PAYOUTS).where('ticketId', '==', ticket.id).where('status', '==', 'held'));
      const eventDate = new Date(ticket.eventDate);
      tx.set(datedRef, { version: ticket.version, eventDate });
      for (const doc of held.docs) {
        const payout = readPayout(doc)!;
        if (payout.eventDate.getTime() === eventDate.getTime()) continue;
        // A task of its own for the new date follows the commit; the old one, if it fires, finds the release not yet due.
        tx.update(doc.ref, { eventDate, releaseAt: releaseAtOf(eventDate, delaySeconds), updatedAt: new Date() });
      }
    },

    'order.refunded': async (order, context) => refundPayout(ctx, order.id, context),
    'payment.refunded': async (payment, context) => refundPayout(ctx, payment.orderId, context),
    ...moneyConsumers(ctx),
  };
}

/**
 * The buyer got their money back. Before release the payout is cancelled (no transfer will happen); after release the
 * transfer is reversed here (idempotency key from the payout, so a redelivered refund event reverses once). A release
 * that started a transfer may have made it without hearing back (a lost response, a crash), and may never run again:
 * whatever Stripe holds under the order's transfer_group is reversed here too; one still in flight is reversed by the
 * release that makes it, which finds the payout cancelled.
 */
async function refundPayout(ctx: PayoutsContext, orderId: string, { tx, log }: Pick<EventContext, 'tx' | 'log'>): Promise<void> {
  const { db } = ctx.platform;
  const payout = readPayout(await tx.get(payoutRef(db, orderId)));
  if (!payout) {
    tx.set(db.collection(REFUNDED_ORDERS).doc(orderId), { refundedAt: new Date() });
    return;
  }
  if (payout.status === 'reversed') return;
  const transferId = payout.transferId ?? (payout.transferStartedAt ? (await findTransfer(ctx.stripe, payout))?.id : undefined);
  if (transferId) {
    const reversalId = await reverseTransfer(ctx.stripe, payout, transferId);
    tx.update(payoutRef(db, orderId), { status: 'reversed', transferId, reversalId, holdReason: null, updatedAt: new Date() });
    log.info('payout reversed by a refund', { orderId, transferId, reversalId, found: transferId !== payout.transferId });
    return;
  }
  if (payout.status === 'held') {
    tx.update(payoutRef(db, orderId), { status: 'cancelled', holdReason: null, updatedAt: new Date() });
    // Best effort: the refund must commit even when the task cannot be deleted (a missing grant, Cloud Tasks down),
    // or the release would find the payout still held and pay the seller for a refunded order. A task left behind
    // re-reads the payout when it fires and finds it cancelled.
    if (!payout.transferStartedAt) {
      await ctx.tasks.cancel(releaseTaskId(payout, payout.releaseAt), payout.releaseAt).catch((error: unknown) => {
        log.warn('release task not deleted; it will find the payout cancelled', { orderId, error: String(error) });
      });
    }
    log.info('payout cancelled by a refund', { orderId, transferInFlight: payout.transferStartedAt !== null });
  }
}
