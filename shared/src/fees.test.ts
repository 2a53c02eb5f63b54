import fc from 'fast-check';
import { currencyInfo } from './currencies';
import { splitPayout, splitSale } from './fees';
import { toStripeAmount } from './money';

describe('shared › fees › splitPayout', () => {
  it.each([
    // gross (our minor units), currency, fee, net, the net as Stripe's transfer amount
    [5000, 'isk', 500, 4500, 450_000], // ISK 5,000: zero-decimal for us, ×100 on Stripe's wire
    [1234, 'isk', 123, 1111, 111_100],
    [10_000, 'ugx', 1000, 9000, 900_000],
    [100_500, 'huf', 10_100, 90_400, 90_400], // HUF 1,005.00: the fee 100.50 rounds half up to 101, the net is whole forints
    [100_100, 'huf', 10_000, 90_100, 90_100], // fee 100.10 → 100
    [100_500, 'twd', 10_100, 90_400, 90_400],
    [460_037, 'huf', 46_037, 414_000, 414_000], // converted at settlement: 4,600.37 HUF; the 0.37 stays with the platform
    [4555, 'usd', 456, 4099, 4099], // two-decimal currencies: exactly splitSale
    [55, 'jpy', 6, 49, 49],
  ])('splits %i %s into fee %i and net %i, sent to Stripe as %i', (gross, currency, fee, net, wire) => {
    expect(splitPayout(gross, currency, 10)).toEqual({ gross, fee, net });
    expect(toStripeAmount(net, currency)).toBe(wire);
    expect(wire % currencyInfo(currency)!.stripeTransferStep).toBe(0);
  });

  it('always leaves a net Stripe can transfer, with gross = fee + net, and equals splitSale where any amount can be transferred', () => {
    const currencies = ['usd', 'eur', 'jpy', 'kwd', 'isk', 'ugx', 'huf', 'twd'];
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (currency, gross, bp) => {
        const split = splitPayout(gross, currency, bp / 100);
        expect(split.fee + split.net).toBe(gross);
        expect(split.net).toBeGreaterThanOrEqual(0);
        expect(toStripeAmount(split.net, currency) % currencyInfo(currency)!.stripeTransferStep).toBe(0);
        if (currencyInfo(currency)!.stripeTransferStep === currencyInfo(currency)!.stripeFactor) expect(split).toEqual(splitSale(gross, bp / 100));
      }),
      { numRuns: 2000 },
    );
  });
});
