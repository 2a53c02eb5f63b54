import { currencyInfo, fromStripeAmount, minorUnitExponent, toStripeAmount } from '@tickethub/shared';

/**
 * The stand-in's fixed test exchange rates: units of each currency per 1 USD, as exact decimal strings. They are
 * round, plausible figures, not market data; tests compute expected amounts from this table. Stripe converts at its
 * own daily rate, so code must read the amount from the balance transaction, never compute it from a rate.
 */
export const TEST_EXCHANGE_RATES: Readonly<Record<string, string>> = {
  usd: '1',
  eur: '0.92',
  gbp: '0.8',
  chf: '0.9',
  sek: '10.5',
  nok: '10.8',
  dkk: '6.9',
  pln: '4',
  czk: '23',
  huf: '360',
  isk: '140',
  jpy: '150',
  krw: '1350',
  twd: '32',
  ugx: '3800',
  aud: '1.5',
  cad: '1.35',
  kwd: '0.308',
};

/** A rate as an exact fraction (numerator, denominator) of units per USD. */
function rateOf(currency: string): [bigint, bigint] {
  const rate = TEST_EXCHANGE_RATES[currency];
  if (rate === undefined) throw new Error(`The Stripe stand-in has no test exchange rate for ${currency}`);
  const [whole, fraction = ''] = rate.split('.');
  return [BigInt(whole + fraction), 10n ** BigInt(fraction.length)];
}

export function hasTestRate(currency: string): boolean {
  return Object.hasOwn(TEST_EXCHANGE_RATES, currency) && currencyInfo(currency) !== undefined;
}

/**
 * A Stripe amount in `from` converted to a Stripe amount in `to`, rounded half up to `to`'s minor unit, and the rate
 * applied (units of `to` per unit of `from`, as Stripe's balance transaction reports it).
 */
export function convertStripeAmount(amount: number, from: string, to: string): { amount: number; rate: number } {
  const [fromNum, fromDen] = rateOf(from);
  const [toNum, toDen] = rateOf(to);
  const fromMinor = fromStripeAmount(amount, from);
  if (fromMinor === null) throw new Error(`${amount} is not an amount Stripe takes in ${from}`);
  const minor = BigInt(fromMinor);
  // minor_to = minor_from × 10^(e_to − e_from) × rate_to / rate_from, in integers, half up.
  const numerator = minor * 10n ** BigInt(minorUnitExponent(to)) * toNum * fromDen;
  const denominator = 10n ** BigInt(minorUnitExponent(from)) * toDen * fromNum;
  const converted = Number((2n * numerator + denominator) / (2n * denominator));
  return { amount: toStripeAmount(converted, to), rate: Number(toNum * fromDen) / Number(toDen * fromNum) };
}
