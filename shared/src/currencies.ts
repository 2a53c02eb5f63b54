import { code as isoCurrency } from 'currency-codes';

/**
 * What Stripe can charge, in one table: validation, money conversion, the shop's display and payments all read it.
 *
 * Exponents come from ISO 4217 (the maintained `currency-codes` package). What ISO cannot say is Stripe's own and is
 * kept here as data, copied from Stripe's documentation (https://docs.stripe.com/currencies, sections "Presentment
 * currencies", "Zero-decimal currencies", "Three-decimal currencies", "Special cases" and "Minimum and maximum
 * charge amounts"). Re-check those pages when Stripe announces currency changes.
 */

/** Stripe's presentment currencies for card payments (docs: "Presentment currencies"). */
const STRIPE_PRESENTMENT = (
  'usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp cny ' +
  'cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod ' +
  'jpy kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio ' +
  'nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle sos srd szl thb tjs tnd top ' +
  'try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw'
).split(' ');

/** Stripe's zero-decimal currencies (docs: "Zero-decimal currencies"); MGA is 2 in ISO but zero-decimal at Stripe. */
const STRIPE_ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

/**
 * Stripe's special cases (docs: "Special cases" and "Three-decimal currencies"), as (factor, step, transferStep): a
 * Stripe amount is our minor units × factor; a charge must be a multiple of step, a transfer of transferStep.
 * - ISK and UGX are zero-decimal, but Stripe's API still takes them as two-decimal amounts ending in 00.
 * - HUF and TWD are two-decimal at Stripe, but payouts and transfers must be whole units (divisible by 100).
 * - BHD, JOD, KWD, OMR and TND are three-decimal; card networks need the last digit of a charge to be 0 (Stripe
 *   documents no such rule for transfers).
 */
const STRIPE_SPECIAL: Record<string, { factor: number; step: number; transferStep: number }> = {
  isk: { factor: 100, step: 100, transferStep: 100 },
  ugx: { factor: 100, step: 100, transferStep: 100 },
  huf: { factor: 1, step: 100, transferStep: 100 },
  twd: { factor: 1, step: 100, transferStep: 100 },
  bhd: { factor: 1, step: 10, transferStep: 1 },
  jod: { factor: 1, step: 10, transferStep: 1 },
  kwd: { factor: 1, step: 10, transferStep: 1 },
  omr: { factor: 1, step: 10, transferStep: 1 },
  tnd: { factor: 1, step: 10, transferStep: 1 },
};

/**
 * Stripe's documented minimum charge per currency, in that currency's major unit (docs: "Minimum and maximum charge
 * amounts"). Other currencies have a minimum "equivalent to 0.50 USD" that moves with exchange rates: no static table
 * can know it, so Stripe judges those at payment time and its refusal comes back as a 400 (never a 500).
 */
const STRIPE_MINIMUM: Record<string, string> = {
  usd: '0.50',
  aed: '2.00',
  aud: '0.50',
  bgn: '1.00',
  brl: '0.50',
  cad: '0.50',
  chf: '0.50',
  czk: '15.00',
  dkk: '2.50',
  eur: '0.50',
  gbp: '0.30',
  hkd: '4.00',
  huf: '175.00',
  inr: '0.50',
  jpy: '50',
  mxn: '10',
  myr: '2',
  nok: '3.00',
  nzd: '0.50',
  pln: '2.00',
  ron: '2.00',
  sek: '3.00',
  sgd: '0.50',
  thb: '10',
};

/** Stripe's amount field holds at most eight digits (docs: "maximum amount"). */
export const STRIPE_MAX_AMOUNT = 99_999_999;

export interface CurrencyInfo {
  code: string;
  /** Decimals of our minor unit (prices, storage, events): JPY 0, USD 2, KWD 3, ISK 0. */
  exponent: number;
  /** Stripe amount = minor units × stripeFactor (ISK and UGX: 100). */
  stripeFactor: number;
  /** A Stripe charge amount must be a multiple of this (KWD: 10, HUF: 100). */
  stripeStep: number;
  /** A Stripe transfer amount must be a multiple of this (ISK, UGX, HUF, TWD: 100). */
  stripeTransferStep: number;
  /** The smallest chargeable price in minor units, or null when only Stripe can tell (see STRIPE_MINIMUM). */
  minimumMinor: number | null;
  /** The ISO name, e.g. "Kuwaiti Dinar". */
  name: string;
}

function describe(code: string): CurrencyInfo | null {
  const iso = isoCurrency(code.toUpperCase());
  if (!iso) return null;
  const exponent = STRIPE_ZERO_DECIMAL.has(code) ? 0 : iso.digits;
  const { factor, step, transferStep } = STRIPE_SPECIAL[code] ?? { factor: 1, step: 1, transferStep: 1 };
  const minimum = STRIPE_MINIMUM[code];
  const minimumMinor = minimum === undefined ? null : Number(minimum.replace('.', '')) * 10 ** (exponent - (minimum.split('.')[1]?.length ?? 0));
  return { code, exponent, stripeFactor: factor, stripeStep: step, stripeTransferStep: transferStep, minimumMinor, name: iso.currency };
}

/** Every currency a ticket may be listed in: Stripe's presentment list, as far as ISO 4217 still knows the code. */
export const CURRENCIES: ReadonlyMap<string, CurrencyInfo> = new Map(
  STRIPE_PRESENTMENT.map(describe)
    .filter((info): info is CurrencyInfo => info !== null)
    .map((info) => [info.code, info]),
);

export const SUPPORTED_CURRENCIES: readonly string[] = [...CURRENCIES.keys()].sort();

export function currencyInfo(currency: string): CurrencyInfo | undefined {
  return CURRENCIES.get(currency.toLowerCase());
}

export function isSupportedCurrency(currency: string): boolean {
  return currency === currency.toLowerCase() && CURRENCIES.has(currency);
}
