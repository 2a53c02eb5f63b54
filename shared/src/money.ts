/**
 * Money is integer minor units end to end: 19.99 is 1999, never 1998.9999.
 * Conversions go through the decimal string, never through floating-point multiplication.
 */

import { currencyInfo, STRIPE_MAX_AMOUNT } from './currencies';

/** The currency's real exponent from the one currency table (JPY 0, USD 2, KWD 3); unknown codes read as 2. */
export function minorUnitExponent(currency: string): number {
  return currencyInfo(currency)?.exponent ?? 2;
}

/** Our minor units → the `amount` Stripe expects (ISK and UGX are sent as two-decimal amounts ending in 00). */
export function toStripeAmount(minor: number, currency: string): number {
  return minor * (currencyInfo(currency)?.stripeFactor ?? 1);
}

/** Stripe's `amount` → our minor units, or null when it is not a whole number of them. */
export function fromStripeAmount(amount: number, currency: string): number | null {
  const factor = currencyInfo(currency)?.stripeFactor ?? 1;
  return amount % factor === 0 ? amount / factor : null;
}

/**
 * Why a price cannot be charged in a currency, or null when it can: too many decimals for the currency, not a
 * multiple of Stripe's step (KWD 1.005, HUF 10.50), under Stripe's minimum or over its maximum amount.
 */
export function priceProblem(price: number | string, currency: string): string | null {
  const info = currencyInfo(currency);
  if (!info) return 'Currency is not one Stripe can charge';
  const code = currency.toUpperCase();
  const minor = toMinorUnits(price, currency);
  if (minor === null) return info.exponent === 0 ? `${code} prices have no decimals` : `${code} prices have at most ${info.exponent} decimals`;
  const stripeAmount = minor * info.stripeFactor;
  if (stripeAmount % info.stripeStep !== 0) {
    const step = fromMinorUnits(info.stripeStep / info.stripeFactor, currency);
    return `${code} prices must be a multiple of ${step} (Stripe cannot charge finer amounts)`;
  }
  if (info.minimumMinor !== null && minor < info.minimumMinor)
    return `Price must be at least ${fromMinorUnits(info.minimumMinor, currency)} ${code} (Stripe's minimum charge)`;
  if (stripeAmount > STRIPE_MAX_AMOUNT) return `Price is more than Stripe can charge in ${code}`;
  return null;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses "19.99" or 19.99 into 1999. Returns null for anything that is not an exact non-negative amount. */
export function toMinorUnits(amount: number | string, currency = 'usd'): number | null {
  const exponent = minorUnitExponent(currency);
  // String(19.99) is "19.99": the shortest round-tripping decimal, so no float arithmetic happens.
  const text = typeof amount === 'number' ? (Number.isFinite(amount) ? numberToPlainString(amount) : '') : amount.trim();
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** 1999 → "19.99" (for display and for decimal fields of the API). */
export function fromMinorUnits(minor: number, currency = 'usd'): string {
  const exponent = minorUnitExponent(currency);
  if (exponent === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** 1999 → 19.99 as a JSON number; exact because the decimal string is parsed, not computed. */
export function minorToAmount(minor: number, currency = 'usd'): number {
  return Number(fromMinorUnits(minor, currency));
}

function numberToPlainString(value: number): string {
  const text = String(value);
  // 1e-7 or 1e21 are never valid prices; refuse rather than expand them.
  return /e/i.test(text) ? '' : text;
}
