import type { PayoutsContext } from './context';
import { releasePayout } from './release';
import { PAYOUTS, readPayout } from './store';

/** Releases a seller's held payouts whose date has come (they were waiting for onboarding or a refused transfer). */
export async function releaseDue(ctx: PayoutsContext, sellerId: string): Promise<number> {
  const held = await ctx.platform.db.collection(PAYOUTS).where('sellerId', '==', sellerId).where('status', '==', 'held').get();
  const due = held.docs.map((doc) => readPayout(doc)!).filter((payout) => payout.releaseAt.getTime() <= Date.now());
  for (const payout of due) {
    await releasePayout(ctx, payout.orderId).catch((error: unknown) =>
      // The payout stays held and its task (or the next account.updated) tries again.
      ctx.platform.log.warn('release after activation failed', { orderId: payout.orderId, error: String(error) }),
    );
  }
  return due.length;
}
