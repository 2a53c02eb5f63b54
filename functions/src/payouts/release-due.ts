import type { PayoutsContext } from './context';
import { releasePayout } from './release';
import { PAYOUTS, readPayout, releaseTaskId } from './store';

/**
 * Releases an active seller's held payouts whose date has come: they were waiting for onboarding, or for a refused
 * transfer's retry. Their own tasks have run already, so a release that fails here (Stripe or Firestore unavailable)
 * is handed to the task queue, whose retries then own it; left to the next account.updated it could wait for months.
 */
export async function releaseDue(ctx: PayoutsContext, sellerId: string): Promise<number> {
  const held = await ctx.platform.db.collection(PAYOUTS).where('sellerId', '==', sellerId).where('status', '==', 'held').get();
  const due = held.docs.map((doc) => readPayout(doc)!).filter((payout) => payout.releaseAt.getTime() <= Date.now());
  for (const payout of due) {
    try {
      await releasePayout(ctx, payout.orderId);
    } catch (error) {
      const retryAt = new Date(Date.now() + ctx.settings.retrySeconds * 1000);
      ctx.platform.log.warn('release after activation failed; queued a retry', {
        orderId: payout.orderId,
        retryAt: retryAt.toISOString(),
        error: String(error),
      });
      await ctx.tasks.schedule(`${releaseTaskId(payout, retryAt)}-activation`, payout.orderId, retryAt);
    }
  }
  return due.length;
}
