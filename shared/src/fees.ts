import { currencyInfo } from './currencies';

/**
 * The platform's share of a sale, in integer minor units. Rounding: half up, to the currency's minor unit (the fee of
 * 10 % on 0.05 USD is 0.01; on 0.04 USD it is 0.00). Computed in integers on basis points, never in floating point, so
 * gross = fee + net holds exactly for every amount.
 */
export interface SaleSplit {
  gross: number;
  fee: number;
  net: number;
}

/** `percent` may carry up to two decimals (12.5 → 1250 basis points). */
export function feeBasisPoints(percent: number): number {
  const basisPoints = Math.round(percent * 100);
  if (!Number.isFinite(percent) || basisPoints < 0 || basisPoints > 10_000) throw new RangeError(`fee percent must be 0..100, got ${percent}`);
  return basisPoints;
}

export function splitSale(gross: number, percent: number): SaleSplit {
  if (!Number.isSafeInteger(gross) || gross < 0) throw new RangeError(`gross must be a non-negative integer of minor units, got ${gross}`);
  const basisPoints = feeBasisPoints(percent);
  // Half up: add half the divisor before the integer division. gross ≤ 1e11 keeps gross × 10 000 a safe integer.
  const fee = Math.floor((gross * basisPoints + 5_000) / 10_000);
  return { gross, fee, net: gross - fee };
}

/**
 * The seller's share as Stripe can transfer it in `currency`: splitSale, except where Stripe's transfers take only a
 * multiple of a step (HUF and TWD whole units). There the fee is rounded half up to that step, and a gross that is no
 * multiple of it (an amount converted at settlement) leaves its remainder with the platform as fee, so the net is
 * always transferable and gross = fee + net still holds. Everywhere else it is exactly splitSale.
 */
export function splitPayout(gross: number, currency: string, percent: number): SaleSplit {
  const info = currencyInfo(currency);
  const step = info ? info.stripeTransferStep / info.stripeFactor : 1;
  if (step <= 1) return splitSale(gross, percent);
  if (!Number.isSafeInteger(gross) || gross < 0) throw new RangeError(`gross must be a non-negative integer of minor units, got ${gross}`);
  const basisPoints = feeBasisPoints(percent);
  const fee = Math.floor((gross * basisPoints + 5_000 * step) / (10_000 * step)) * step;
  const net = gross - fee - ((gross - fee) % step);
  return { gross, fee: gross - net, net };
}
