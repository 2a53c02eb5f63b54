import fc from 'fast-check';
import { minorToAmount, minorUnitExponent, splitSale, toMinorUnits } from '@tickethub/shared';
import { toApiPayout, type StoredPayout } from './store';

// Two-decimal and zero-decimal currencies Stripe charges in (the exponent comes from shared's money table).
const CURRENCIES = ['usd', 'eur', 'gbp', 'chf', 'jpy', 'krw', 'vnd', 'clp'];

/** The fee by the rule as stated (half up, to the minor unit), computed in exact big integers. */
function expectedFee(gross: number, percent: number): number {
  const basisPoints = BigInt(Math.round(percent * 100));
  return Number((BigInt(gross) * basisPoints + 5_000n) / 10_000n);
}

function payout(gross: number, currency: string, percent: number): StoredPayout {
  const now = new Date();
  return {
    id: 'p',
    orderId: 'o',
    ticketId: 't',
    sellerId: 's',
    currency,
    ...splitSale(gross, percent),
    paymentIntentId: 'pi',
    eventDate: now,
    releaseAt: now,
    status: 'held',
    holdReason: null,
    lastError: null,
    transferId: null,
    transferStartedAt: null,
    refusals: 0,
    reversalId: null,
    refundedAmount: 0,
    dispute: null,
    transferred: null,
    clawedBack: [],
    createdAt: now,
    updatedAt: now,
  };
}

describe('payouts › money', () => {
  it.each([
    // gross (minor units), currency, percent, fee, net
    [1999, 'usd', 10, 200, 1799], // 199.9 → 200
    [5, 'usd', 10, 1, 4], // 0.5 → 1: half goes up
    [4, 'usd', 10, 0, 4], // 0.4 → 0
    [15, 'usd', 10, 2, 13], // 1.5 → 2
    [4555, 'usd', 10, 456, 4099], // 455.5 → 456
    [55, 'jpy', 10, 6, 49], // ¥5.5 → ¥6: zero-decimal currencies round to the yen
    [10000, 'eur', 12.5, 1250, 8750],
    [1000, 'usd', 0, 0, 1000],
    [1000, 'usd', 100, 1000, 0],
  ])('splits %i %s at %d %% into fee %i and net %i (half up)', (gross, _currency, percent, fee, net) => {
    expect(splitSale(gross, percent)).toEqual({ gross, fee, net });
  });

  it('refuses amounts that are not integer minor units and percents outside 0..100', () => {
    expect(() => splitSale(19.99, 10)).toThrow(RangeError);
    expect(() => splitSale(-1, 10)).toThrow(RangeError);
    expect(() => splitSale(100, 101)).toThrow(RangeError);
  });

  it('reconciles every sale: buyer paid = seller net + platform fee (+ refunds), in minor units and as the API shows it', () => {
    const sale = fc.record({
      currency: fc.constantFrom(...CURRENCIES),
      // Up to 100 000 in major units, as tickets allow.
      units: fc.integer({ min: 1, max: 100_000 }),
      fraction: fc.integer({ min: 0, max: 99 }),
      percent: fc.oneof(
        fc.constant(10),
        fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100),
      ),
      refund: fc.constantFrom('none', 'before-release', 'after-release'),
    });
    fc.assert(
      fc.property(fc.array(sale, { minLength: 1, maxLength: 30 }), (sales) => {
        let buyersPaid = 0;
        let sellersNet = 0;
        let platformFees = 0;
        let refunds = 0;
        for (const { currency, units, fraction, percent, refund } of sales) {
          const exponent = minorUnitExponent(currency);
          const gross = toMinorUnits(exponent === 0 ? String(units) : `${units}.${String(fraction).padStart(2, '0')}`, currency)!;
          const split = splitSale(gross, percent);
          expect(split.fee).toBe(expectedFee(gross, percent));
          expect(split.fee).toBeGreaterThanOrEqual(0);
          expect(split.net).toBeGreaterThanOrEqual(0);
          expect(split.fee + split.net).toBe(gross);
          // The decimal amounts of GET /api/payouts add up exactly too.
          const shown = toApiPayout(payout(gross, currency, percent));
          expect(toMinorUnits(shown.fee, currency)! + toMinorUnits(shown.net, currency)!).toBe(toMinorUnits(shown.gross, currency));
          expect(shown.gross).toBe(minorToAmount(gross, currency));
          // The ledger of one order: a refund gives the buyer everything back; a reversal takes the net back.
          buyersPaid += gross;
          if (refund === 'none') {
            sellersNet += split.net;
            platformFees += split.fee;
          } else refunds += gross;
        }
        expect(buyersPaid).toBe(sellersNet + platformFees + refunds);
      }),
      { numRuns: 500 },
    );
  });
});
