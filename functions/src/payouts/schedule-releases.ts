import type { HandledEvent } from '../platform/events';
import type { PayoutsContext } from './context';
import { PAYOUTS, payoutRef, readPayout, releaseAtOf, releaseTaskId, type StoredPayout } from './store';

/**
 * Creates the release tasks an event's changes call for, after its transaction has committed and never inside it: a
 * task already due may run at once (Cloud Tasks may, the local queue does), and run before the commit it finds the
 * payout as it was (not there yet, or not due yet), finishes, and leaves the payout held with no task left for it.
 * It runs for a redelivered event too, so a crash between the commit and here is made good; tasks are named after the
 * payout and its release time, so asking again makes none twice.
 */
export async function scheduleReleases(ctx: PayoutsContext, event: HandledEvent): Promise<void> {
  for (const payout of await releasesSetBy(ctx, event)) {
    await ctx.tasks.schedule(releaseTaskId(payout, payout.releaseAt), payout.orderId, payout.releaseAt);
  }
}

/** order.completed: its payout, while still held. ticket.updated: the held payouts whose release its date sets. */
async function releasesSetBy(ctx: PayoutsContext, event: HandledEvent): Promise<StoredPayout[]> {
  const { db } = ctx.platform;
  if (event.subject === 'order.completed') {
    const payout = readPayout(await payoutRef(db, event.data.id).get());
    return payout?.status === 'held' ? [payout] : [];
  }
  if (event.subject === 'ticket.updated') {
    // An older version arriving late sets no release, so it asks for no task.
    const releaseAt = releaseAtOf(new Date(event.data.eventDate), ctx.settings.delaySeconds).getTime();
    const held = await db.collection(PAYOUTS).where('ticketId', '==', event.data.id).where('status', '==', 'held').get();
    return held.docs.map((doc) => readPayout(doc)!).filter((payout) => payout.releaseAt.getTime() === releaseAt);
  }
  return [];
}
