import { minorToAmount, splitPayout, toMinorUnits } from '@tickethub/shared';

export interface SellerTerms {
  feePercent: number;
  payoutDelaySeconds: number;
}

export interface SellerShare {
  net: number;
  fee: number;
  /** When the seller is paid: the event plus the platform's delay; null without a valid event date. */
  releaseAt: string | null;
}

/** What a seller receives for a price, computed exactly as payouts will (shared splitPayout, minor units). */
export function sellerShare(price: number | string, currency: string, eventDate: string | null, terms: SellerTerms): SellerShare | null {
  const gross = toMinorUnits(price, currency);
  if (gross === null || gross <= 0) return null;
  const { fee, net } = splitPayout(gross, currency, terms.feePercent);
  const at = eventDate ? Date.parse(eventDate) : NaN;
  return {
    net: minorToAmount(net, currency),
    fee: minorToAmount(fee, currency),
    releaseAt: Number.isNaN(at) ? null : new Date(at + terms.payoutDelaySeconds * 1000).toISOString(),
  };
}

/** "3 days", "2 seconds": the delay in words, for the sell page. */
export function describeDelay(seconds: number): string {
  const [unit, size] = seconds >= 86_400 ? ['day', 86_400] : seconds >= 3_600 ? ['hour', 3_600] : seconds >= 60 ? ['minute', 60] : ['second', 1];
  const count = Math.round(seconds / (size as number));
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
