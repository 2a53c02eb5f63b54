/**
 * Money is integer minor units end to end: 19.99 is 1999, never 1998.9999.
 * Conversions go through the decimal string, never through floating-point multiplication.
 */

/** Currencies whose minor unit is not 1/100 (ISO 4217); Stripe uses the same exponents. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

export function minorUnitExponent(currency: string): number {
  return ZERO_DECIMAL.has(currency.toLowerCase()) ? 0 : 2;
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
