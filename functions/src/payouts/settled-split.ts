import { splitPayout, type SaleSplit } from '@tickethub/shared';
import type { StoredPayout } from './store';
import type { Settlement } from './stripe-calls';

/**
 * The seller's share of what the sale settled in on the platform's balance (Stripe transfers from a charge only in
 * that currency): the fee is taken from the settled amount. A payout whose gross was reduced below the charge (a
 * partial refund) takes the same share of the settled amount, rounded down so the platform never sends more than it
 * holds.
 */
export function settledSplit(payout: Pick<StoredPayout, 'gross'>, settlement: Settlement, feePercent: number): SaleSplit {
  const gross =
    payout.gross === settlement.charged ? settlement.amount : Number((BigInt(settlement.amount) * BigInt(payout.gross)) / BigInt(settlement.charged));
  return splitPayout(gross, settlement.currency, feePercent);
}
